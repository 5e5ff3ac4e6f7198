"""Invoice Request SLA (开票申请时效): "所有的出库申请及开票申请销售内勤要提前一天录入ERP" — requests
entered less than Neiqin Settings › Invoice Request Lead working days before they were needed.

Working days follow the company's default Holiday List, as `neiqin.contract_fulfilment.
working_days` reads it (a day is off exactly when the list names it). Two queries: the
requests, the holidays.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.query_builder.functions import Coalesce
from frappe.utils import cint, getdate

from neiqin import people, report_filters
from neiqin.documents_back import rules
from neiqin.escaping import bold
from neiqin.report_filters import answers_refusals
from neiqin.user_permissions import document_rules, restrict

DOCTYPE = "Invoice Request"
DEFAULT_LEAD_DAYS = 1


@answers_refusals
def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	validate_filters(filters)
	lead_days = get_lead_days()
	requests = get_requests(filters)
	holiday_list, holidays = get_holidays(filters.company, requests)
	rows = evaluate(requests, lead_days, holidays)
	only_late = cint(filters.get("only_late", 1))
	shown = [row for row in rows if row["is_late"]] if only_late else rows
	message = (
		None
		if holiday_list
		else _("Company {0} has no default Holiday List: every day counts as a working day.").format(
			bold(filters.company)
		)
	)
	return get_columns(), shown, message, None, get_report_summary(rows, lead_days)


def validate_filters(filters: frappe._dict) -> None:
	frappe.has_permission(DOCTYPE, "report", throw=True)
	report_filters.require_company(filters)
	report_filters.check_date_range(filters)


def get_lead_days() -> int:
	value = frappe.db.get_single_value("Neiqin Settings", "invoice_request_lead_days")
	return DEFAULT_LEAD_DAYS if value in (None, "") else max(cint(value), 0)


def get_requests(filters: frappe._dict) -> list[dict]:
	"""Requests (not cancelled) needed within the filters; entry is the creation of the request,
	or of the request it amends."""
	request = frappe.qb.DocType(DOCTYPE)
	original = frappe.qb.DocType(DOCTYPE).as_("original")
	query = (
		frappe.qb.from_(request)
		.left_join(original)
		.on(original.name == request.amended_from)
		.select(
			request.name,
			request.customer,
			request.customer_name,
			request.invoice_type,
			request.needed_by,
			request.status,
			Coalesce(original.creation, request.creation).as_("entered_on"),
			Coalesce(original.owner, request.owner).as_("entered_by"),
		)
		.where(request.company == filters.company)
		.where(request.docstatus < 2)
		.orderby(request.needed_by)
		.orderby(request.name)
	)
	if filters.from_date:
		query = query.where(request.needed_by >= filters.from_date)
	if filters.to_date:
		query = query.where(request.needed_by <= filters.to_date)
	if filters.customer:
		query = query.where(request.customer == filters.customer)
	query = restrict(query, request, DOCTYPE, **document_rules(DOCTYPE))
	return query.run(as_dict=True)


def get_holidays(company: str, requests: list[dict]) -> tuple[str | None, set]:
	holiday_list = frappe.get_cached_value("Company", company, "default_holiday_list")
	if not holiday_list or not requests:
		return holiday_list, set()
	days = [getdate(row.entered_on) for row in requests] + [getdate(row.needed_by) for row in requests]
	holidays = frappe.get_all(
		"Holiday",
		filters={
			"parenttype": "Holiday List",
			"parent": holiday_list,
			"holiday_date": ("between", [min(days), max(days)]),
		},
		pluck="holiday_date",
	)
	return holiday_list, {getdate(day) for day in holidays}


def evaluate(requests: list[dict], lead_days: int, holidays: set) -> list[dict]:
	names = people.full_names(row.entered_by for row in requests)
	rows = []
	for row in requests:
		entered = getdate(row.entered_on)
		result = rules.request_entered_late(entered, getdate(row.needed_by), lead_days, holidays)
		rows.append(
			{
				"invoice_request": row.name,
				"customer": row.customer,
				"customer_name": row.customer_name,
				"invoice_type": _(row.invoice_type, context=DOCTYPE),
				"entered_on": row.entered_on,
				"entered_by": names.get(row.entered_by, row.entered_by),
				"needed_by": row.needed_by,
				"required_days": lead_days,
				"working_days_ahead": result["working_days_ahead"],
				"short_by": result["short_by"],
				"is_late": int(result["is_late"]),
				"status": _(row.status, context=DOCTYPE),
			}
		)
	return rows


def get_columns() -> list[dict]:
	return [
		{
			"label": _("Invoice Request"),
			"fieldname": "invoice_request",
			"fieldtype": "Link",
			"options": DOCTYPE,
			"width": 150,
		},
		{
			"label": _("Customer"),
			"fieldname": "customer",
			"fieldtype": "Link",
			"options": "Customer",
			"width": 130,
		},
		{"label": _("Customer Name"), "fieldname": "customer_name", "fieldtype": "Data", "width": 160},
		{"label": _("Fapiao Type"), "fieldname": "invoice_type", "fieldtype": "Data", "width": 160},
		{"label": _("Entered On"), "fieldname": "entered_on", "fieldtype": "Datetime", "width": 150},
		people.person_column(_("Entered By"), "entered_by", 130),
		{"label": _("Needed By"), "fieldname": "needed_by", "fieldtype": "Date", "width": 100},
		{
			"label": _("Required Working Days Ahead"),
			"fieldname": "required_days",
			"fieldtype": "Int",
			"width": 110,
		},
		{
			"label": _("Working Days Ahead"),
			"fieldname": "working_days_ahead",
			"fieldtype": "Int",
			"width": 110,
		},
		{"label": _("Working Days Short"), "fieldname": "short_by", "fieldtype": "Int", "width": 100},
		{"label": _("Late"), "fieldname": "is_late", "fieldtype": "Check", "width": 60},
		{"label": _("Status"), "fieldname": "status", "fieldtype": "Data", "width": 100},
	]


def get_report_summary(rows: list[dict], lead_days: int) -> list[dict]:
	late = sum(1 for row in rows if row["is_late"])
	return [
		{"label": _("Requests"), "value": len(rows), "indicator": "Blue", "datatype": "Int"},
		{
			"label": _("Entered Late"),
			"value": late,
			"indicator": "Red" if late else "Green",
			"datatype": "Int",
		},
		{
			"label": _("Required Working Days Ahead"),
			"value": lead_days,
			"indicator": "Grey",
			"datatype": "Int",
		},
	]
