"""Sales Expense Request (费用申请单): a salesperson asks beforehand (销售费用需事先向销售经理请示);
a Sales Manager who is not the requester approves it through the dual review, and the General
Manager too for special types, amounts above the threshold or beyond the budget left (the Review
Rules made at set-up, `neiqin.sales_expenses.setup`). Submitted = approved; the status follows
its advance and claims (`neiqin.sales_expenses.requests.refresh`), never typed."""

import frappe
from frappe import _, _lt
from frappe.model.document import Document
from frappe.utils import flt, fmt_money, getdate

from neiqin.escaping import bold
from neiqin.sales_expenses import access, budgets, requests, rules, settings
from neiqin.sales_expenses.exceptions import ExpenseAmountError, ExpenseTypeAccountError, SalesExpenseError

PROBLEM_MESSAGES = {
	"amount_not_positive": _lt("The estimated amount must be above zero."),
	"advance_negative": _lt("The advance cannot be negative."),
	"advance_above_estimate": _lt("The advance {0} is more than the estimated amount {1}."),
}


class SalesExpenseRequest(Document):
	def validate(self):
		for step in (
			access.check_own,
			set_defaults,
			check_amounts,
			check_type,
			check_references,
			set_needs_general_manager,
			set_status,
		):
			step(self)

	def before_submit(self):
		budgets.check_request(self)
		self.status = rules.APPROVED

	def on_submit(self):
		budgets.apply_use(self, 0, flt(self.estimated_amount))
		requests.set_status(self.name)

	def on_cancel(self):
		budgets.apply_use(self, rules.used_amount(flt(self.estimated_amount), flt(self.claimed_amount)), 0)
		requests.set_status(self.name)


def money(doc, amount) -> str:
	return bold(
		fmt_money(amount, currency=frappe.get_cached_value("Company", doc.company, "default_currency"))
	)


def set_defaults(doc) -> None:
	# the request's date is the day it was entered: never typed, so not back-dated into another
	# budget period (a REST client may send it; the stored one is kept)
	before = doc.get_doc_before_save()
	doc.posting_date = before.posting_date if before and before.posting_date else getdate()
	if not doc.cost_center:
		doc.cost_center = territory_cost_center(doc.territory, doc.company) or frappe.get_cached_value(
			"Company", doc.company, "cost_center"
		)
	doc.advance_amount = flt(doc.advance_amount, 2)
	doc.estimated_amount = flt(doc.estimated_amount, 2)


def territory_cost_center(territory: str | None, company: str) -> str | None:
	"""The territory's Sales Expense Cost Center (or its nearest parent's), when of `company`."""
	for name in reversed(budgets.ancestors("Territory", territory)):
		cost_center = frappe.db.get_value("Territory", name, "expense_cost_center")
		if cost_center and frappe.db.get_value("Cost Center", cost_center, "company") == company:
			return cost_center
	return None


def check_amounts(doc) -> None:
	for code, args in rules.request_problems(flt(doc.estimated_amount), flt(doc.advance_amount)):
		frappe.throw(
			str(PROBLEM_MESSAGES[code]).format(*(money(doc, value) for value in args)), ExpenseAmountError
		)


def check_type(doc) -> None:
	expense_type = frappe.db.get_value(
		"Sales Expense Type", doc.expense_type, ["disabled", "special"], as_dict=True
	)
	if expense_type and expense_type.disabled:
		frappe.throw(
			_("The expense type {0} is disabled.").format(bold(_(doc.expense_type))), ExpenseTypeAccountError
		)
	doc.special = expense_type.special if expense_type else 0


def check_references(doc) -> None:
	"""The cost center, order and promotion approval are of the request's company (and the
	order of its customer)."""
	for doctype, name in (
		("Cost Center", doc.cost_center),
		("Sales Order", doc.sales_order),
		("Promotion Approval", doc.promotion_approval),
	):
		if name and frappe.db.get_value(doctype, name, "company") != doc.company:
			frappe.throw(
				_("{0} {1} is not of company {2}.").format(_(doctype), bold(name), bold(doc.company)),
				SalesExpenseError,
			)
	if doc.sales_order:
		customer = frappe.db.get_value("Sales Order", doc.sales_order, "customer")
		if doc.customer and customer != doc.customer:
			frappe.throw(
				_("Sales Order {0} is not of customer {1}.").format(
					bold(doc.sales_order), bold(doc.customer)
				),
				SalesExpenseError,
			)
		doc.customer = customer


def set_needs_general_manager(doc) -> None:
	"""特殊费用…必须向总经理请示: the General Manager rule applies while this is set."""
	if doc.docstatus != 0 and doc.get("_action") != "submit":
		return  # decided when it was submitted
	over_budget = bool(budgets.shortfalls(doc))
	doc.needs_general_manager = int(
		rules.needs_general_manager(
			doc.special, flt(doc.estimated_amount), settings.general_manager_threshold(), over_budget
		)
	)


def set_status(doc) -> None:
	doc.status = rules.request_status(
		doc.docstatus,
		flt(doc.estimated_amount),
		flt(doc.advance_paid),
		flt(doc.claimed_amount),
		flt(doc.advance_settled),
	)
