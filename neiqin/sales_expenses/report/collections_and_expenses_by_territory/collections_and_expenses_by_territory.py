"""Collections and Expenses by Territory (回笼与费用, 汇总及总结各片区的年、月资金回笼及资金使用情况):
per territory and month, the money collected from customers (ERPNext's Payment Ledger: payments
and journal receipts against receivables) and the sales expenses claimed, and their ratio. Two
statements; User Permissions apply (`restrict`)."""

import frappe
from frappe import _
from frappe.query_builder.functions import Sum
from frappe.utils import flt
from pypika.enums import DatePart
from pypika.functions import Extract

from neiqin.report_filters import answers_refusals, check_date_range, require_company
from neiqin.sales_expenses.budgets import subtree
from neiqin.user_permissions import restrict

RECEIPT_VOUCHERS = ("Payment Entry", "Journal Entry")


@answers_refusals
def execute(filters=None):
	filters = frappe._dict(filters or {})
	require_company(filters)
	check_date_range(filters, required=True)
	data = get_data(filters)
	return get_columns(), data, None, get_chart(data)


def collections(filters) -> list[frappe._dict]:
	ple, customer = frappe.qb.DocType("Payment Ledger Entry"), frappe.qb.DocType("Customer")
	year, month = Extract(DatePart.year, ple.posting_date), Extract(DatePart.month, ple.posting_date)
	query = (
		frappe.qb.from_(ple)
		.join(customer)
		.on(customer.name == ple.party)
		.select(year.as_("year"), month.as_("month"), customer.territory, Sum(ple.amount * -1).as_("amount"))
		.where(
			(ple.company == filters.company)
			& (ple.party_type == "Customer")
			& (ple.account_type == "Receivable")
			& (ple.delinked == 0)
			& ple.voucher_type.isin(RECEIPT_VOUCHERS)
			& (ple.amount < 0)
			& (ple.posting_date >= filters.from_date)
			& (ple.posting_date <= filters.to_date)
		)
		.groupby(year, month, customer.territory)
	)
	if filters.get("territory"):
		query = query.where(customer.territory.isin(subtree("Territory", filters.territory)))
	query = restrict(query, ple, "Payment Ledger Entry", links={"party": "Customer"})
	return restrict(query, customer, "Customer", children=("Sales Team",)).run(as_dict=True)


def expenses(filters) -> list[frappe._dict]:
	line, claim = frappe.qb.DocType("Sales Expense Claim Line"), frappe.qb.DocType("Sales Expense Claim")
	request = frappe.qb.DocType("Sales Expense Request")
	year, month = Extract(DatePart.year, claim.posting_date), Extract(DatePart.month, claim.posting_date)
	query = (
		frappe.qb.from_(line)
		.join(claim)
		.on(line.parent == claim.name)
		.join(request)
		.on(request.name == line.sales_expense_request)
		.select(year.as_("year"), month.as_("month"), request.territory, Sum(line.amount).as_("amount"))
		.where(
			(line.parenttype == "Sales Expense Claim")
			& (claim.docstatus == 1)
			& (claim.company == filters.company)
			& (claim.posting_date >= filters.from_date)
			& (claim.posting_date <= filters.to_date)
		)
		.groupby(year, month, request.territory)
	)
	if filters.get("territory"):
		query = query.where(request.territory.isin(subtree("Territory", filters.territory)))
	query = restrict(query, claim, "Sales Expense Claim")
	return restrict(query, request, "Sales Expense Request").run(as_dict=True)


def get_data(filters) -> list[dict]:
	rows: dict[tuple, dict] = {}
	for measure, found in (("collected", collections(filters)), ("expenses", expenses(filters))):
		for row in found:
			key = (row.territory or "", int(row.year), int(row.month))
			entry = rows.setdefault(
				key,
				{
					"territory": row.territory,
					"period": f"{key[1]:04d}-{key[2]:02d}",
					"collected": 0.0,
					"expenses": 0.0,
				},
			)
			entry[measure] = flt(entry[measure] + flt(row.amount), 2)
	for entry in rows.values():
		entry["ratio"] = flt(entry["expenses"] / entry["collected"] * 100, 2) if entry["collected"] else None
	return [rows[key] for key in sorted(rows)]


def get_columns() -> list[dict]:
	money = {"fieldtype": "Currency", "width": 140}
	return [
		{
			"fieldname": "territory",
			"label": _("Territory"),
			"fieldtype": "Link",
			"options": "Territory",
			"width": 160,
		},
		{"fieldname": "period", "label": _("Month"), "fieldtype": "Data", "width": 90},
		{"fieldname": "collected", "label": _("Collected"), **money},
		{"fieldname": "expenses", "label": _("Expenses Claimed"), **money},
		{"fieldname": "ratio", "label": _("Expenses / Collected %"), "fieldtype": "Percent", "width": 150},
	]


def get_chart(data: list[dict]) -> dict | None:
	if not data:
		return None
	totals: dict[str, list[float]] = {}
	for row in data:
		values = totals.setdefault(row["territory"] or _("Not Set"), [0.0, 0.0])
		values[0] += row["collected"]
		values[1] += row["expenses"]
	return {
		"data": {
			"labels": [_(label) for label in totals],
			"datasets": [
				{"name": _("Collected"), "values": [flt(v[0], 2) for v in totals.values()]},
				{"name": _("Expenses Claimed"), "values": [flt(v[1], 2) for v in totals.values()]},
			],
		},
		"type": "bar",
		"fieldtype": "Currency",
	}
