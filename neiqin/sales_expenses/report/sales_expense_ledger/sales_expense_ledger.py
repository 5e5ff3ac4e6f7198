"""Sales Expense Ledger (费用台帐): per month and sales person, territory, expense type, customer,
order or employee — what was requested, approved, advanced, claimed and paid. Two statements
whatever the number of requests and claim lines; User Permissions apply (`restrict`)."""

import frappe
from frappe import _
from frappe.query_builder import Case
from frappe.query_builder.functions import Coalesce, Sum
from frappe.utils import flt
from pypika.enums import DatePart
from pypika.functions import Extract

from neiqin.report_filters import answers_refusals, check_choice, check_date_range, require_company
from neiqin.user_permissions import restrict

# group: (field of the request / claim line, doctype it names)
GROUPS = {
	"Sales Person": ("sales_person", "Sales Person"),
	"Territory": ("territory", "Territory"),
	"Expense Type": ("expense_type", "Sales Expense Type"),
	"Customer": ("customer", "Customer"),
	"Sales Order": ("sales_order", "Sales Order"),
	"Employee": ("employee", "Employee"),
}
# fields a claim line takes from itself rather than from its request
LINE_FIELDS = ("expense_type", "customer", "sales_order")
MEASURES = ("requested", "approved", "advanced", "claimed", "paid")


@answers_refusals
def execute(filters=None):
	filters = frappe._dict(filters or {})
	require_company(filters)
	check_date_range(filters, required=True)
	group = check_choice(filters, "group_by", "Group By", tuple(GROUPS), "Sales Person")
	data = get_data(filters, GROUPS[group][0])
	return get_columns(group), data, None, get_chart(data)


def dimension_filters(query, table, filters):
	for field in ("territory", "sales_person", "expense_type"):
		if filters.get(field):
			query = query.where(table[field] == filters[field])
	return query


def request_rows(filters, field):
	request = frappe.qb.DocType("Sales Expense Request")
	year, month = Extract(DatePart.year, request.posting_date), Extract(DatePart.month, request.posting_date)
	submitted = request.docstatus == 1
	query = (
		frappe.qb.from_(request)
		.select(
			year.as_("year"),
			month.as_("month"),
			request[field].as_("key"),
			Sum(request.estimated_amount).as_("requested"),
			Sum(Case().when(submitted, request.estimated_amount).else_(0)).as_("approved"),
			Sum(Case().when(submitted, request.advance_paid).else_(0)).as_("advanced"),
		)
		.where(
			(request.company == filters.company)
			& (request.docstatus < 2)
			& (request.posting_date >= filters.from_date)
			& (request.posting_date <= filters.to_date)
		)
		.groupby(year, month, request[field])
	)
	query = dimension_filters(query, request, filters)
	return restrict(query, request, "Sales Expense Request").run(as_dict=True)


def claim_rows(filters, field):
	line, claim = frappe.qb.DocType("Sales Expense Claim Line"), frappe.qb.DocType("Sales Expense Claim")
	request = frappe.qb.DocType("Sales Expense Request")
	source = line if field in LINE_FIELDS else (claim if field == "employee" else request)
	year, month = Extract(DatePart.year, claim.posting_date), Extract(DatePart.month, claim.posting_date)
	# paid: what advances settled, and the share of the rest the employee was paid
	paid_share = Case().when(claim.payable_amount > 0, claim.paid_amount / claim.payable_amount).else_(1)
	query = (
		frappe.qb.from_(line)
		.join(claim)
		.on(line.parent == claim.name)
		.join(request)
		.on(request.name == line.sales_expense_request)
		.select(
			year.as_("year"),
			month.as_("month"),
			source[field].as_("key"),
			Sum(line.amount).as_("claimed"),
			Sum(line.advance_applied + (line.amount - Coalesce(line.advance_applied, 0)) * paid_share).as_(
				"paid"
			),
		)
		.where(
			(line.parenttype == "Sales Expense Claim")
			& (claim.company == filters.company)
			& (claim.docstatus == 1)
			& (claim.posting_date >= filters.from_date)
			& (claim.posting_date <= filters.to_date)
		)
		.groupby(year, month, source[field])
	)
	query = dimension_filters(query, request, filters)
	query = restrict(query, claim, "Sales Expense Claim")
	return restrict(query, request, "Sales Expense Request").run(as_dict=True)


def get_data(filters, field) -> list[dict]:
	rows: dict[tuple, dict] = {}
	for source in (request_rows(filters, field), claim_rows(filters, field)):
		for found in source:
			key = (int(found.year), int(found.month), found.key or "")
			row = rows.setdefault(
				key,
				{"period": f"{key[0]:04d}-{key[1]:02d}", "key": found.key, **dict.fromkeys(MEASURES, 0.0)},
			)
			for measure in MEASURES:
				if measure in found:
					row[measure] = flt(row[measure] + flt(found[measure]), 2)
	for row in rows.values():
		row["outstanding"] = flt(row["claimed"] - row["paid"], 2)
	return [rows[key] for key in sorted(rows)]


def get_columns(group: str) -> list[dict]:
	doctype = GROUPS[group][1]
	money = {"fieldtype": "Currency", "width": 130}
	return [
		{"fieldname": "period", "label": _("Month"), "fieldtype": "Data", "width": 90},
		{"fieldname": "key", "label": _(group), "fieldtype": "Link", "options": doctype, "width": 180},
		{"fieldname": "requested", "label": _("Amount Requested"), **money},
		{"fieldname": "approved", "label": _("Approved"), **money},
		{"fieldname": "advanced", "label": _("Advance Given"), **money},
		{"fieldname": "claimed", "label": _("Claimed"), **money},
		{"fieldname": "paid", "label": _("Paid Out"), **money},
		{"fieldname": "outstanding", "label": _("Claimed, Not Paid Out"), **money},
	]


def get_chart(data: list[dict]) -> dict | None:
	if not data:
		return None
	periods = sorted({row["period"] for row in data})
	totals = {measure: dict.fromkeys(periods, 0.0) for measure in ("approved", "claimed", "paid")}
	for row in data:
		for measure, values in totals.items():
			values[row["period"]] += row[measure]
	labels = {"approved": _("Approved"), "claimed": _("Claimed"), "paid": _("Paid Out")}
	return {
		"data": {
			"labels": periods,
			"datasets": [
				{"name": labels[measure], "values": [flt(v, 2) for v in values.values()]}
				for measure, values in totals.items()
			],
		},
		"type": "bar",
		"fieldtype": "Currency",
	}
