"""Payment Entry: every neiqin step, in the order it runs (payments against invoices,
advances against orders, and reconciliation, which saves the entry after submit)."""

from neiqin.contract_fulfilment.links import orders_of_payment
from neiqin.contract_fulfilment.live import refresh
from neiqin.overrides import steps
from neiqin.registers import instruments
from neiqin.sales_expenses import payments as expense_payments


def refresh_contract_fulfilment(doc, method=None):
	"""Paid amounts changed."""
	refresh(orders_of_payment(doc))


STEPS = {
	# Registers: a payment settling a receipt instrument matches it; one submitted per instrument
	# Sales expenses: an advance of a request, a payment of what a claim owes: one and matching
	"validate": [instruments.validate_payment, expense_payments.validate_payment],
	"before_submit": [instruments.before_submit_payment, expense_payments.before_submit_payment],
	# Registers: the receipt instrument a payment came from becomes Deposited (or not)
	# Sales expenses: the request (advance paid) or claim (paid) follows
	"on_submit": [
		refresh_contract_fulfilment,
		instruments.on_payment_change,
		expense_payments.on_payment_change,
	],
	"on_cancel": [
		refresh_contract_fulfilment,
		instruments.on_payment_change,
		expense_payments.on_payment_change,
	],
	"on_update_after_submit": [refresh_contract_fulfilment],
	# Registers: a discarded draft no longer counts as the instrument's payment
	"on_trash": [instruments.on_payment_deleted],
}


def run(doc, method=None):
	"""doc_events of every event above (frappe passes the event as `method`)."""
	steps.run(STEPS, doc, method)
