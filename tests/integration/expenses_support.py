"""Fixtures of the sales expenses (销售费用) tests: users and their employees, the company's
accounts in Neiqin Settings, requests and claims approved through the dual review."""

from __future__ import annotations

import frappe
from frappe.utils import add_days, nowdate

from neiqin.demo import builders
from tests.integration import factories

USERS = {
	# a salesperson and his colleague, each an Employee of the company
	"sales": ("nq-ex-sales@example.com", ["Sales User"]),
	"colleague": ("nq-ex-colleague@example.com", ["Sales User"]),
	"manager": ("nq-ex-manager@example.com", ["Sales Manager", "Sales User"]),
	"manager2": ("nq-ex-manager2@example.com", ["Sales Manager", "Sales User"]),
	"gm": ("nq-ex-gm@example.com", ["General Manager"]),
	"finance": ("nq-ex-finance@example.com", ["Accounts User", "Accounts Manager"]),
	"clerk": ("nq-ex-clerk@example.com", ["Sales Admin", "Sales User"]),
}
TYPE = "差旅费"
SPECIAL_TYPE = "特殊费用"


def ensure_expenses(base) -> frappe._dict:
	"""Users, employees and accounts (created once, committed)."""
	users = frappe._dict({key: factories.ensure_user(email, roles) for key, (email, roles) in USERS.items()})
	accounts = builders.ensure_expense_setup(base.company)
	employees = frappe._dict(
		{
			key: builders.ensure_employee(base.company, f"_NQ Ex {key}", users[key])
			for key in ("sales", "colleague", "manager")
		}
	)
	frappe.db.commit()
	return frappe._dict(users=users, employees=employees, **accounts)


def make_request(base, ex, who: str = "sales", amount: float = 1000, advance: float = 0, **values):
	"""A draft request of `who` (entered as `who`)."""
	doc = frappe.get_doc(
		{
			"doctype": "Sales Expense Request",
			"company": base.company,
			"requested_by": ex.users[who],
			"employee": ex.employees[who],
			"territory": base.territory,
			"expense_type": values.pop("expense_type", TYPE),
			"purpose": values.pop("purpose", "Visit customer A"),
			"estimated_amount": amount,
			"advance_amount": advance,
			"needed_by": add_days(nowdate(), 3),
			**values,
		}
	)
	with factories.as_user(ex.users[who]):
		doc.insert()
	return doc


def approve(doc, *users: str) -> None:
	for user in users:
		factories.review_as(user, doc)


def approved_request(base, ex, who: str = "sales", amount: float = 1000, advance: float = 0, **values):
	"""A request approved by a Sales Manager and submitted by its requester."""
	doc = make_request(base, ex, who, amount, advance, **values)
	approve(doc, ex.users["manager"] if who != "manager" else ex.users["manager2"])
	if doc.needs_general_manager:
		approve(doc, ex.users["gm"])
	with factories.as_user(ex.users[who]):
		doc.reload()
		doc.submit()
	return doc


def pay_advance(request):
	"""The advance drafted by Pay Advance and submitted by finance (as Administrator)."""
	from neiqin.sales_expenses.api import make_advance_payment

	payment = frappe.get_doc("Payment Entry", make_advance_payment(request.name))
	payment.submit()
	return payment


def claim_line(request, amount: float, receipt: str | None = None, **values) -> dict:
	return {
		"expense_date": nowdate(),
		"expense_type": request.expense_type,
		"sales_expense_request": request.name,
		"amount": amount,
		"receipt_number": receipt or frappe.generate_hash(length=10),
		"receipt_attachment": "/files/_nq_receipt.pdf",
		**values,
	}


def make_claim(base, ex, lines: list[dict], who: str = "sales"):
	doc = frappe.get_doc(
		{
			"doctype": "Sales Expense Claim",
			"company": base.company,
			"requested_by": ex.users[who],
			"employee": ex.employees[who],
			"posting_date": nowdate(),
			"lines": lines,
		}
	)
	with factories.as_user(ex.users[who]):
		doc.insert()
	return doc


def submitted_claim(base, ex, lines: list[dict], who: str = "sales"):
	doc = make_claim(base, ex, lines, who)
	approve(doc, ex.users["manager"], ex.users["finance"])
	with factories.as_user(ex.users[who]):
		doc.reload()
		doc.submit()
	return doc
