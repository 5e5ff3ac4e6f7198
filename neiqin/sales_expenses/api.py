"""Whitelisted methods of the sales expenses (desk buttons and REST)."""

import frappe

from neiqin.sales_expenses import payments


@frappe.whitelist(methods=["POST"])
def make_advance_payment(name: str) -> str:
	"""Pay Advance: the draft Payment Entry of an approved request's advance (finance submits it)."""
	return payments.make_advance_payment(name)


@frappe.whitelist(methods=["POST"])
def make_employee_payment(name: str) -> str:
	"""Pay Employee: the draft Payment Entry of what a submitted claim still owes."""
	return payments.make_employee_payment(name)
