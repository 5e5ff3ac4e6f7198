"""Who reads and writes which sales expense requests and claims: a Sales User only his own (he
asked for it, it is his expense, or he entered it); Sales Admin, Sales Manager, General Manager,
Accounts User and System Manager every one their User Permissions allow (frappe applies those)."""

from __future__ import annotations

import frappe
from frappe import _

from neiqin.escaping import bold
from neiqin.sales_expenses.exceptions import ExpenseRequestOwnerError

ALL_ROLES = (
	"Sales Admin",
	"Sales Manager",
	"General Manager",
	"Accounts User",
	"Accounts Manager",
	"System Manager",
)
OWN_FIELDS = ("owner", "requested_by", "employee_user")


def sees_all(user: str | None = None) -> bool:
	user = user or frappe.session.user
	return user == "Administrator" or bool(set(ALL_ROLES) & set(frappe.get_roles(user)))


def query_conditions(doctype: str, user: str | None = None) -> str:
	user = user or frappe.session.user
	if sees_all(user):
		return ""
	escaped = frappe.db.escape(user)
	return "(" + " or ".join(f"`tab{doctype}`.`{field}` = {escaped}" for field in OWN_FIELDS) + ")"


def request_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	"""permission_query_conditions of Sales Expense Request."""
	return query_conditions("Sales Expense Request", user)


def claim_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	"""permission_query_conditions of Sales Expense Claim."""
	return query_conditions("Sales Expense Claim", user)


def has_permission(doc, ptype: str | None = None, user: str | None = None, debug: bool = False) -> bool:
	"""has_permission of requests and claims: a Sales User's own ones only (the stored values
	decide; a new one is checked by `check_own` with its own refusal)."""
	user = user or frappe.session.user
	if sees_all(user) or doc.is_new():
		return True
	stored = frappe.db.get_value(doc.doctype, doc.name, OWN_FIELDS, as_dict=True)
	return bool(stored) and user in stored.values()


def check_own(doc) -> None:
	"""validate: a Sales User enters requests and claims for himself only — he is the one who
	asks (`requested_by`) and the employee is his."""
	user = frappe.session.user
	if sees_all(user):
		return
	if doc.requested_by != user or doc.employee_user != user:
		frappe.throw(
			_("{0} enters only his own {1}: asked by himself, for the employee who is himself.").format(
				bold(frappe.utils.get_fullname(user)), _(doc.doctype)
			),
			ExpenseRequestOwnerError,
		)
