"""Sales expense budgets (销售费用预算): what each budget line has left, and the check of a request
against it. Committed = approved (submitted) requests not yet claimed; actual = claimed; a request
takes the larger of its estimate and what was claimed on it (`rules.used_amount`).

Each submitted budget line keeps what is used of it (`used_amount`), changed only while the line's
row is locked (`SELECT … FOR UPDATE`) and by the difference a request or claim makes: a locking
read returns the latest committed value, so two requests submitted at the same moment follow each
other and the second sees what the first took. (Summing the requests inside the lock instead would
read an older snapshot, or lock the other request's row and deadlock.)"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.query_builder import Case
from frappe.query_builder.functions import Coalesce, Sum
from frappe.utils import flt, fmt_money, getdate

from neiqin.escaping import bold
from neiqin.sales_expenses import rules
from neiqin.sales_expenses.exceptions import ExpenseBudgetExceededError

BUDGET = "Sales Expense Budget"
LINE = "Sales Expense Budget Line"
REQUEST = "Sales Expense Request"
GENERAL_MANAGER = "General Manager"


def ancestors(doctype: str, name: str | None) -> tuple[str, ...]:
	"""`name` and the tree nodes above it (Territory, Sales Person)."""
	if not name:
		return ()
	bounds = frappe.db.get_value(doctype, name, ["lft", "rgt"], as_dict=True)
	if not bounds:
		return (name,)
	table = frappe.qb.DocType(doctype)
	rows = (
		frappe.qb.from_(table)
		.select(table.name)
		.where((table.lft <= bounds.lft) & (table.rgt >= bounds.rgt))
		.orderby(table.lft)
		.run(pluck=True)
	)
	return tuple(rows) or (name,)


def subtree(doctype: str, name: str):
	"""A subquery of `name` and the nodes below it."""
	table = frappe.qb.DocType(doctype)
	node = frappe.qb.DocType(doctype).as_("node")
	return (
		frappe.qb.from_(table)
		.join(node)
		.on((table.lft >= node.lft) & (table.rgt <= node.rgt))
		.select(table.name)
		.where(node.name == name)
	)


def lines_for(request, for_update: bool = False) -> list[frappe._dict]:
	"""The lines of submitted budgets covering `request` (its company, its date, its territory or
	sales person or one above it, its type or none); locked when `for_update`."""
	budget, line = frappe.qb.DocType(BUDGET), frappe.qb.DocType(LINE)
	day = getdate(request.posting_date)
	query = (
		frappe.qb.from_(line)
		.join(budget)
		.on(line.parent == budget.name)
		.select(
			line.name,
			line.parent,
			line.territory,
			line.sales_person,
			line.expense_type,
			line.amount,
			line.used_amount,
			budget.from_date,
			budget.to_date,
		)
		.where(
			(line.parenttype == BUDGET)
			& (budget.docstatus == 1)
			& (budget.company == request.company)
			& (budget.from_date <= day)
			& (budget.to_date >= day)
		)
		.orderby(line.name)
	)
	if for_update:
		query = query.for_update()
	values = frappe._dict(
		territories=ancestors("Territory", request.territory),
		sales_persons=ancestors("Sales Person", request.sales_person),
		territory=request.territory,
		sales_person=request.sales_person,
		expense_type=request.expense_type,
	)
	return [row for row in query.run(as_dict=True) if rules.line_matches(row, values)]


def used_by_line(line, company: str, exclude: str | None = None) -> float:
	"""What submitted requests under budget line `line` use of it, summed (reports, budget submit)."""
	request = frappe.qb.DocType(REQUEST)
	used = Case().when(request.claimed_amount > request.estimated_amount, request.claimed_amount)
	used = used.else_(request.estimated_amount)
	query = (
		frappe.qb.from_(request)
		.select(Coalesce(Sum(used), 0))
		.where(
			(request.docstatus == 1)
			& (request.company == company)
			& (request.posting_date >= line.from_date)
			& (request.posting_date <= line.to_date)
		)
	)
	if line.territory:
		query = query.where(request.territory.isin(subtree("Territory", line.territory)))
	if line.sales_person:
		query = query.where(request.sales_person.isin(subtree("Sales Person", line.sales_person)))
	if line.expense_type:
		query = query.where(request.expense_type == line.expense_type)
	if exclude:
		query = query.where(request.name != exclude)
	return flt(query.run()[0][0])


def shortfalls(request, for_update: bool = False) -> list[tuple[frappe._dict, float]]:
	"""(line, left) of the budget lines `request` would overspend (locked when `for_update`)."""
	found = []
	for line in lines_for(request, for_update=for_update):
		left = rules.budget_left(flt(line.amount), [flt(line.used_amount)])
		if flt(request.estimated_amount) > left + rules.CENT:
			found.append((line, left))
	return found


def apply_use(request, before: float, after: float) -> None:
	"""A request's use of its budget lines changed from `before` to `after` (submitted: 0 → its
	estimate; a claim: its estimate → what is claimed; cancelled: → 0): each line, locked, takes
	the difference."""
	difference = flt(after - before, 2)
	if abs(difference) <= rules.CENT:
		return
	for line in lines_for(request, for_update=True):
		frappe.db.set_value(
			LINE, line.name, "used_amount", flt(flt(line.used_amount) + difference, 2), update_modified=False
		)


def recount(budget) -> None:
	"""Budget submit: what the requests already submitted use of each line."""
	for line in budget.lines:
		row = frappe._dict(line.as_dict(), from_date=budget.from_date, to_date=budget.to_date)
		line.db_set("used_amount", used_by_line(row, budget.company), update_modified=False)


def approved_by_general_manager(request) -> bool:
	"""A General Manager's valid approval is on the request (the dual review keeps it valid only
	while the reviewed content is unchanged)."""
	review = frappe.qb.DocType("Document Review")
	has_role = frappe.qb.DocType("Has Role")
	rows = (
		frappe.qb.from_(review)
		.join(has_role)
		.on((has_role.parent == review.reviewer) & (has_role.parenttype == "User"))
		.select(review.name)
		.where(
			(review.reference_doctype == request.doctype)
			& (review.reference_name == request.name)
			& (review.status == "Valid")
			& (review.decision == "Approved")
			& (has_role.role == GENERAL_MANAGER)
		)
		.limit(1)
		.run()
	)
	return bool(rows)


def check_request(request) -> None:
	"""before_submit of a request: the budget lines covering it are locked (two requests submitted
	at once follow each other, the second sees the first), and a request beyond what is left is
	refused unless a General Manager approved it."""
	missing = shortfalls(request, for_update=True)
	if not missing or approved_by_general_manager(request):
		return
	line, left = missing[0]
	currency = frappe.get_cached_value("Company", request.company, "default_currency")
	frappe.throw(
		_(
			"{0} asks for {1}, but only {2} is left of the budget {3} ({4}); a General Manager must approve it."
		).format(
			bold(request.name),
			bold(fmt_money(request.estimated_amount, currency=currency)),
			bold(fmt_money(left, currency=currency)),
			bold(line.parent),
			", ".join(
				bold(value) for value in (line.territory, line.sales_person, line.expense_type) if value
			),
		),
		ExpenseBudgetExceededError,
	)
