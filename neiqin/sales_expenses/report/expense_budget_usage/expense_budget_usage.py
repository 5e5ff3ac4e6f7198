"""Expense Budget Usage (预算执行): each line of the submitted budgets whose period meets the
report's — its amount, what approved requests not yet claimed commit, what is claimed, what is
left. Two statements whatever the number of lines and requests; User Permissions apply."""

import frappe
from frappe import _
from frappe.utils import flt

from neiqin.report_filters import answers_refusals, check_date_range, require_company
from neiqin.sales_expenses import rules
from neiqin.user_permissions import restrict


@answers_refusals
def execute(filters=None):
	filters = frappe._dict(filters or {})
	require_company(filters)
	check_date_range(filters, required=True)
	data = get_data(filters)
	return get_columns(), data, None, get_chart(data)


def budget_lines(filters) -> list[frappe._dict]:
	budget, line = frappe.qb.DocType("Sales Expense Budget"), frappe.qb.DocType("Sales Expense Budget Line")
	territory, person = frappe.qb.DocType("Territory"), frappe.qb.DocType("Sales Person")
	query = (
		frappe.qb.from_(line)
		.join(budget)
		.on(line.parent == budget.name)
		.left_join(territory)
		.on(territory.name == line.territory)
		.left_join(person)
		.on(person.name == line.sales_person)
		.select(
			line.name.as_("line"),
			budget.name.as_("budget"),
			budget.period,
			budget.from_date,
			budget.to_date,
			line.territory,
			line.sales_person,
			line.expense_type,
			line.amount,
			territory.lft.as_("territory_lft"),
			territory.rgt.as_("territory_rgt"),
			person.lft.as_("person_lft"),
			person.rgt.as_("person_rgt"),
		)
		.where(
			(line.parenttype == "Sales Expense Budget")
			& (budget.docstatus == 1)
			& (budget.company == filters.company)
			& (budget.from_date <= filters.to_date)
			& (budget.to_date >= filters.from_date)
		)
		.orderby(budget.from_date)
		.orderby(line.territory)
		.orderby(line.sales_person)
		.orderby(line.expense_type)
	)
	if filters.get("territory"):
		query = query.where(line.territory == filters.territory)
	query = restrict(query, budget, "Sales Expense Budget")
	return restrict(query, line, "Sales Expense Budget Line").run(as_dict=True)


def submitted_requests(filters, start, end) -> list[frappe._dict]:
	request = frappe.qb.DocType("Sales Expense Request")
	territory, person = frappe.qb.DocType("Territory"), frappe.qb.DocType("Sales Person")
	query = (
		frappe.qb.from_(request)
		.left_join(territory)
		.on(territory.name == request.territory)
		.left_join(person)
		.on(person.name == request.sales_person)
		.select(
			request.posting_date,
			request.expense_type,
			request.estimated_amount,
			request.claimed_amount,
			territory.lft.as_("territory_lft"),
			person.lft.as_("person_lft"),
		)
		.where(
			(request.docstatus == 1)
			& (request.company == filters.company)
			& (request.posting_date >= start)
			& (request.posting_date <= end)
		)
	)
	return restrict(query, request, "Sales Expense Request").run(as_dict=True)


def covers(line, request) -> bool:
	"""The line's territory and sales person hold the request's (nested sets), and its type."""
	if line.territory and not (
		request.territory_lft is not None
		and line.territory_lft <= request.territory_lft <= line.territory_rgt
	):
		return False
	if line.sales_person and not (
		request.person_lft is not None and line.person_lft <= request.person_lft <= line.person_rgt
	):
		return False
	if line.expense_type and line.expense_type != request.expense_type:
		return False
	return line.from_date <= request.posting_date <= line.to_date


def get_data(filters) -> list[dict]:
	lines = budget_lines(filters)
	if not lines:
		return []
	requests = submitted_requests(
		filters, min(line.from_date for line in lines), max(line.to_date for line in lines)
	)
	data = []
	for line in lines:
		committed = actual = 0.0
		for request in requests:
			if covers(line, request):
				estimated, claimed = flt(request.estimated_amount), flt(request.claimed_amount)
				actual += claimed
				committed += max(estimated - claimed, 0.0)
		used = committed + actual
		data.append(
			{
				"budget": line.budget,
				"period": _(line.period),
				"from_date": line.from_date,
				"to_date": line.to_date,
				"territory": line.territory,
				"sales_person": line.sales_person,
				"expense_type": line.expense_type,
				"amount": flt(line.amount, 2),
				"committed": flt(committed, 2),
				"actual": flt(actual, 2),
				"left": rules.budget_left(flt(line.amount), [used]),
				"used_percent": flt(used / flt(line.amount) * 100, 1) if flt(line.amount) else 0.0,
			}
		)
	return data


def get_columns() -> list[dict]:
	money = {"fieldtype": "Currency", "width": 120}
	return [
		{
			"fieldname": "budget",
			"label": _("Sales Expense Budget"),
			"fieldtype": "Link",
			"options": "Sales Expense Budget",
			"width": 140,
		},
		{"fieldname": "period", "label": _("Period"), "fieldtype": "Data", "width": 80},
		{"fieldname": "from_date", "label": _("From Date"), "fieldtype": "Date", "width": 100},
		{"fieldname": "to_date", "label": _("To Date"), "fieldtype": "Date", "width": 100},
		{
			"fieldname": "territory",
			"label": _("Territory"),
			"fieldtype": "Link",
			"options": "Territory",
			"width": 130,
		},
		{
			"fieldname": "sales_person",
			"label": _("Sales Person"),
			"fieldtype": "Link",
			"options": "Sales Person",
			"width": 130,
		},
		{
			"fieldname": "expense_type",
			"label": _("Expense Type"),
			"fieldtype": "Link",
			"options": "Sales Expense Type",
			"width": 110,
		},
		{"fieldname": "amount", "label": _("Budget Amount"), **money},
		{"fieldname": "committed", "label": _("Committed by Requests"), **money},
		{"fieldname": "actual", "label": _("Claimed"), **money},
		{"fieldname": "left", "label": _("Budget Left"), **money},
		{"fieldname": "used_percent", "label": _("Used %"), "fieldtype": "Percent", "width": 90},
	]


def get_chart(data: list[dict]) -> dict | None:
	if not data:
		return None
	labels = [
		" / ".join(
			_(value) for value in (row["territory"], row["sales_person"], row["expense_type"]) if value
		)
		for row in data
	]
	return {
		"data": {
			"labels": labels,
			"datasets": [
				{"name": _("Claimed"), "values": [row["actual"] for row in data]},
				{"name": _("Committed by Requests"), "values": [row["committed"] for row in data]},
				{"name": _("Budget Left"), "values": [max(row["left"], 0) for row in data]},
			],
		},
		"type": "bar",
		"barOptions": {"stacked": 1},
		"fieldtype": "Currency",
	}
