"""Demo sales expenses (销售费用): the salesperson's and the manager's employees, the accounts, a
monthly budget for 华东, and requests in each state — one awaiting the manager, one approved with
its advance paid and partly claimed, one special expense approved by the general manager too, and
an advance paid forty days ago and not yet settled (overdue).

Idempotent: each request carries a `DEMO-费用-…` purpose and is made only when missing.
"""

from __future__ import annotations

import frappe
from frappe.utils import add_days, get_first_day, nowdate

from neiqin.demo import base, builders
from neiqin.demo.review import approve
from neiqin.demo.users import user
from neiqin.sales_expenses import api

TRAVEL, ENTERTAINMENT, SPECIAL = "差旅费", "业务招待费", "特殊费用"


def load() -> None:
	company = base.company_name()
	builders.ensure_expense_setup(company)
	employees = {
		key: builders.ensure_employee(company, name, user(key))
		for key, name in (("sales", "孙业务"), ("manager", "赵经理"))
	}
	ensure_budget(company)
	request = ensure_request(company, employees, "DEMO-费用-1 拜访华东农牧", TRAVEL, 3000, 2000)
	if request.docstatus == 1:
		advance = ensure_advance(request)
		ensure_claim(company, employees, request, advance, "DEMO-报销-1", 1500)
	ensure_request(company, employees, "DEMO-费用-2 客户接待", ENTERTAINMENT, 800, 0, submit=False)
	ensure_request(company, employees, "DEMO-费用-3 设计选型费", SPECIAL, 6000, 0)
	overdue = ensure_request(company, employees, "DEMO-费用-4 出差备用金", TRAVEL, 1000, 1000)
	if overdue.docstatus == 1:
		ensure_advance(overdue, posting_date=add_days(nowdate(), -40))


def ensure_budget(company: str) -> None:
	today = nowdate()
	if frappe.db.exists(
		"Sales Expense Budget", {"company": company, "docstatus": 1, "from_date": get_first_day(today)}
	):
		return
	budget = frappe.get_doc(
		{
			"doctype": "Sales Expense Budget",
			"company": company,
			"fiscal_year": builders.ensure_fiscal_year(today),
			"period": "Month",
			"period_start": get_first_day(today),
			"lines": [
				{"territory": base.TERRITORY, "amount": 20000},
				{"territory": base.TERRITORY, "expense_type": ENTERTAINMENT, "amount": 5000},
			],
		}
	).insert(ignore_permissions=True)
	budget.submit()


def ensure_request(company, employees, purpose, expense_type, amount, advance, submit=True):
	name = frappe.db.get_value("Sales Expense Request", {"purpose": purpose, "docstatus": ("<", 2)})
	if name:
		return frappe.get_doc("Sales Expense Request", name)
	frappe.set_user(user("sales"))
	try:
		request = frappe.get_doc(
			{
				"doctype": "Sales Expense Request",
				"company": company,
				"requested_by": user("sales"),
				"employee": employees["sales"],
				"territory": base.TERRITORY,
				"expense_type": expense_type,
				"purpose": purpose,
				"estimated_amount": amount,
				"advance_amount": advance,
				"needed_by": add_days(nowdate(), 3),
				"customer": base.CUSTOMERS[0],
			}
		).insert()
	finally:
		frappe.set_user("Administrator")
	if not submit:
		return request
	approve(request, "manager")
	request.reload()
	if request.needs_general_manager:
		approve(request, "gm")
	frappe.set_user(user("sales"))
	try:
		request.reload()
		request.submit()
	finally:
		frappe.set_user("Administrator")
	return request


def ensure_advance(request, posting_date=None):
	existing = frappe.db.get_value("Payment Entry", {"sales_expense_request": request.name, "docstatus": 1})
	if existing:
		return existing
	payment = frappe.get_doc("Payment Entry", api.make_advance_payment(request.name))
	if posting_date:
		payment.posting_date = posting_date
	payment.reference_date = payment.posting_date
	payment.submit()
	return payment.name


def ensure_claim(company, employees, request, advance, receipt, amount) -> None:
	if frappe.db.exists("Sales Expense Claim Line", {"receipt_key": receipt.replace("-", "").upper()}):
		return
	frappe.set_user(user("sales"))
	try:
		claim = frappe.get_doc(
			{
				"doctype": "Sales Expense Claim",
				"company": company,
				"requested_by": user("sales"),
				"employee": employees["sales"],
				"posting_date": nowdate(),
				"lines": [
					{
						"expense_date": nowdate(),
						"expense_type": request.expense_type,
						"sales_expense_request": request.name,
						"description": "高铁票及住宿",
						"amount": amount,
						"tax_amount": round(amount * 0.06, 2),
						"receipt_number": receipt,
						"receipt_attachment": "/files/demo-receipt.pdf",
					}
				],
			}
		).insert()
	finally:
		frappe.set_user("Administrator")
	approve(claim, "manager", "finance")
	frappe.set_user(user("sales"))
	try:
		claim.reload()
		claim.submit()
	finally:
		frappe.set_user("Administrator")
