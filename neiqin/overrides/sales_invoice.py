"""Sales Invoice events neiqin listens to (from orders or delivery notes; credit notes;
stock-updating invoices, which also deliver)."""

from neiqin.contract_fulfilment.links import orders_of_invoice
from neiqin.contract_fulfilment.live import refresh


def refresh_contract_fulfilment(doc, method=None):
	"""on_submit / on_cancel: invoiced (and, for POS or advances, paid) amounts changed."""
	refresh(orders_of_invoice(doc))
