"""Balance Confirmation Status (往来对账进度): the half-year's confirmations, their status and
differences."""

import frappe
from frappe import _

from neiqin.report_filters import answers_refusals, require_company
from neiqin.user_permissions import readable

CUSTOMER = {"customer": "Customer"}

STATUSES = ("Draft", "Sent", "Confirmed", "Disputed")


@answers_refusals
def execute(filters=None):
	filters = frappe._dict(filters or {})
	require_company(filters)
	data = get_data(filters)
	return get_columns(), data, None, get_chart_data(data), get_report_summary(data)


def get_data(filters) -> list[dict]:
	conditions = {"company": filters.company}
	for key in ("period_end", "status", "customer"):
		if filters.get(key):
			conditions[key] = filters[key]
	rows = frappe.get_list(
		"Customer Balance Confirmation",
		filters=conditions,
		fields=[
			"name",
			"customer",
			"customer_name",
			"period_end",
			"company_currency",
			"balance_per_books",
			"account_currency",
			"balance_in_account_currency",
			"balance_confirmed",
			"difference",
			"status",
			"sent_on",
			"replied_on",
		],
		order_by="period_end desc, customer asc",
		limit_page_length=0,
	)
	allowed = readable("Customer Balance Confirmation", (row.name for row in rows), through=CUSTOMER)
	rows = [row for row in rows if row.name in allowed]
	for row in rows:
		row.status_label = _(row.status, context="Customer Balance Confirmation")
	return rows


def get_columns() -> list[dict]:
	return [
		{
			"fieldname": "name",
			"label": _("Customer Balance Confirmation"),
			"fieldtype": "Link",
			"options": "Customer Balance Confirmation",
			"width": 140,
		},
		{
			"fieldname": "customer",
			"label": _("Customer"),
			"fieldtype": "Link",
			"options": "Customer",
			"width": 180,
		},
		{"fieldname": "period_end", "label": _("Period End"), "fieldtype": "Date", "width": 100},
		{
			"fieldname": "balance_per_books",
			"label": _("Balance per Books"),
			"fieldtype": "Currency",
			"options": "company_currency",
			"width": 130,
		},
		{
			"fieldname": "balance_in_account_currency",
			"label": _("Balance in Customer Currency"),
			"fieldtype": "Currency",
			"options": "account_currency",
			"width": 150,
		},
		{
			"fieldname": "balance_confirmed",
			"label": _("Balance Confirmed"),
			"fieldtype": "Currency",
			"options": "account_currency",
			"width": 130,
		},
		{
			"fieldname": "difference",
			"label": _("Balance Difference"),
			"fieldtype": "Currency",
			"options": "account_currency",
			"width": 110,
		},
		{"fieldname": "status_label", "label": _("Status"), "fieldtype": "Data", "width": 100},
		{"fieldname": "sent_on", "label": _("Sent On"), "fieldtype": "Datetime", "width": 150},
		{"fieldname": "replied_on", "label": _("Replied On"), "fieldtype": "Date", "width": 100},
		{
			"fieldname": "company_currency",
			"label": _("Company Currency"),
			# Data, not Link to Currency: frappe refuses a report with a Link column to users
			# who cannot read the linked doctype (a Sales Manager cannot read Currency)
			"fieldtype": "Data",
			"hidden": 1,
		},
		{
			"fieldname": "account_currency",
			"label": _("Customer Currency"),
			# Data, not Link to Currency: frappe refuses a report with a Link column to users
			# who cannot read the linked doctype (a Sales Manager cannot read Currency)
			"fieldtype": "Data",
			"hidden": 1,
		},
	]


def counts(data: list[dict]) -> dict[str, int]:
	return {status: sum(1 for row in data if row.status == status) for status in STATUSES}


def get_chart_data(data: list[dict]) -> dict | None:
	if not data:
		return None
	by_status = counts(data)
	return {
		"data": {
			"labels": [_(s, context="Customer Balance Confirmation") for s in STATUSES],
			"datasets": [{"name": _("Confirmations"), "values": [by_status[s] for s in STATUSES]}],
		},
		"type": "donut",
	}


def get_report_summary(data: list[dict]) -> list[dict]:
	colors = {"Draft": "Grey", "Sent": "Blue", "Confirmed": "Green", "Disputed": "Red"}
	return [
		{
			"label": _(status, context="Customer Balance Confirmation"),
			"value": count,
			"datatype": "Int",
			"indicator": colors[status],
		}
		for status, count in counts(data).items()
	]
