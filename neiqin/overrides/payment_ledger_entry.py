"""Payment Ledger Entry events neiqin listens to.

ERPNext rewrites the Payment Ledger without saving the payment afterwards when it
reconciles payments with invoices (Payment Reconciliation, advances allocated in an
invoice) or reposts a ledger; each new entry is submitted, so its on_submit is the last
word on what the orders behind it have been paid.
"""

from neiqin.contract_fulfilment.links import orders_of_ledger_entry
from neiqin.contract_fulfilment.live import refresh


def refresh_contract_fulfilment(doc, method=None):
	"""on_submit: money held against an invoice or an advance changed."""
	refresh(orders_of_ledger_entry(doc))
