"""Journal Entry events neiqin listens to: receipts against invoices or orders, and
reconciliation (which saves the entry after submit)."""

from neiqin.contract_fulfilment.links import orders_of_payment
from neiqin.contract_fulfilment.live import refresh


def refresh_contract_fulfilment(doc, method=None):
	"""on_submit / on_cancel / on_update_after_submit: paid amounts changed."""
	refresh(orders_of_payment(doc))
