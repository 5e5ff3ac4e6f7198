"""Journal Entry: every neiqin step, in the order it runs (receipts against invoices or
orders, and reconciliation, which saves the entry after submit)."""

from neiqin.contract_fulfilment.links import orders_of_payment
from neiqin.contract_fulfilment.live import refresh
from neiqin.overrides import steps
from neiqin.sales_expenses.claims import guard_journal_entry


def refresh_contract_fulfilment(doc, method=None):
	"""Paid amounts changed."""
	refresh(orders_of_payment(doc))


STEPS = {
	# Sales expenses: a claim's entry is posted and cancelled by the claim only
	"on_submit": [guard_journal_entry, refresh_contract_fulfilment],
	"on_cancel": [guard_journal_entry, refresh_contract_fulfilment],
	"on_update_after_submit": [refresh_contract_fulfilment],
}


def run(doc, method=None):
	"""doc_events of every event above (frappe passes the event as `method`)."""
	steps.run(STEPS, doc, method)
