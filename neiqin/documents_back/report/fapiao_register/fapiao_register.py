"""Fapiao Register (开票台帐): the fapiao issued in a period, one by one or totalled per customer,
fapiao type or month, with a chart of the totals. Void fapiao are listed and never totalled.
Two queries (the fapiao, the invoices they cover), User Permissions applied."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.query_builder.functions import GroupConcat
from frappe.utils import flt

from neiqin import charts, report_filters
from neiqin.documents_back import rules
from neiqin.report_filters import answers_refusals
from neiqin.user_permissions import document_rules, restrict

DOCTYPE = "Fapiao"
GROUPINGS = ("Fapiao", "Customer", "Fapiao Type", "Month")
AMOUNTS = ("amount", "tax_amount", "total")


@answers_refusals
def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	validate_filters(filters)
	fapiao = get_fapiao(filters)
	data = fapiao if filters.group_by == "Fapiao" else group(fapiao, filters.group_by)
	return get_columns(filters.group_by), data, None, get_chart_data(fapiao), get_report_summary(fapiao)


def validate_filters(filters: frappe._dict) -> None:
	frappe.has_permission(DOCTYPE, "report", throw=True)
	report_filters.require_company(filters)
	report_filters.check_date_range(filters, required=True)
	filters.group_by = report_filters.check_choice(filters, "group_by", "Group By", GROUPINGS, "Fapiao")


def get_fapiao(filters: frappe._dict) -> list[dict]:
	fapiao, row = frappe.qb.DocType(DOCTYPE), frappe.qb.DocType("Fapiao Invoice")
	covered = (
		frappe.qb.from_(row)
		.select(row.parent, GroupConcat(row.sales_invoice).as_("sales_invoices"))
		.where(row.parenttype == DOCTYPE)
		.groupby(row.parent)
	).as_("covered")
	query = (
		frappe.qb.from_(fapiao)
		.left_join(covered)
		.on(covered.parent == fapiao.name)
		.select(
			fapiao.name,
			fapiao.fapiao_type,
			fapiao.fapiao_code,
			fapiao.fapiao_number,
			fapiao.issue_date,
			fapiao.customer,
			fapiao.customer_name,
			fapiao.buyer_tax_id,
			fapiao.amount,
			fapiao.tax_amount,
			fapiao.total,
			fapiao.status,
			fapiao.red_letter_of,
			fapiao.mailed_on,
			fapiao.received_on,
			covered.sales_invoices,
		)
		.where(fapiao.company == filters.company)
		.where(fapiao.issue_date.between(filters.from_date, filters.to_date))
		.orderby(fapiao.issue_date)
		.orderby(fapiao.fapiao_number)
	)
	for key in ("customer", "fapiao_type", "status"):
		if filters.get(key):
			query = query.where(fapiao[key] == filters[key])
	query = restrict(query, fapiao, DOCTYPE, **document_rules(DOCTYPE))
	rows = query.run(as_dict=True)
	for item in rows:
		item.fapiao_type_label = _(item.fapiao_type, context=DOCTYPE)
		item.status_label = _(item.status, context=DOCTYPE)
		item.sales_invoices = ", ".join(sorted((item.sales_invoices or "").split(","))).strip(", ")
		item.count = 1
		if item.status == rules.VOID:
			for field in AMOUNTS:
				item[field] = 0.0
	return rows


def group_key(row: dict, group_by: str) -> str:
	if group_by == "Customer":
		return row.customer_name or row.customer or _("No Customer")
	if group_by == "Fapiao Type":
		return row.fapiao_type_label
	return str(row.issue_date)[:7]


def group(rows: list[dict], group_by: str) -> list[dict]:
	totals: dict[str, frappe._dict] = {}
	for row in rows:
		key = group_key(row, group_by)
		entry = totals.setdefault(
			key, frappe._dict(group=key, count=0, void=0, **dict.fromkeys(AMOUNTS, 0.0))
		)
		entry.count += 1
		entry.void += int(row.status == rules.VOID)
		for field in AMOUNTS:
			entry[field] = flt(entry[field] + flt(row[field]), 2)
	return [totals[key] for key in sorted(totals)]


def get_columns(group_by: str) -> list[dict]:
	money = [
		{"label": _("Amount (excl. tax)"), "fieldname": "amount", "fieldtype": "Currency", "width": 120},
		{"label": _("Tax Amount"), "fieldname": "tax_amount", "fieldtype": "Currency", "width": 110},
		{"label": _("Total (incl. tax)"), "fieldname": "total", "fieldtype": "Currency", "width": 120},
	]
	if group_by != "Fapiao":
		return [
			{"label": _(group_by, context=DOCTYPE), "fieldname": "group", "fieldtype": "Data", "width": 200},
			{"label": _("Fapiao"), "fieldname": "count", "fieldtype": "Int", "width": 80},
			{"label": _("Void"), "fieldname": "void", "fieldtype": "Int", "width": 70},
			*money,
		]
	return [
		{"label": _("Fapiao"), "fieldname": "name", "fieldtype": "Link", "options": DOCTYPE, "width": 130},
		{"label": _("Fapiao Type"), "fieldname": "fapiao_type_label", "fieldtype": "Data", "width": 160},
		{"label": _("Fapiao Code"), "fieldname": "fapiao_code", "fieldtype": "Data", "width": 110},
		{"label": _("Fapiao Number"), "fieldname": "fapiao_number", "fieldtype": "Data", "width": 170},
		{"label": _("Issue Date"), "fieldname": "issue_date", "fieldtype": "Date", "width": 100},
		{
			"label": _("Customer"),
			"fieldname": "customer",
			"fieldtype": "Link",
			"options": "Customer",
			"width": 130,
		},
		{"label": _("Customer Name"), "fieldname": "customer_name", "fieldtype": "Data", "width": 160},
		*money,
		{"label": _("Status"), "fieldname": "status_label", "fieldtype": "Data", "width": 110},
		{
			"label": _("Red-letter Fapiao Of"),
			"fieldname": "red_letter_of",
			"fieldtype": "Link",
			"options": DOCTYPE,
			"width": 130,
		},
		{"label": _("Sales Invoices"), "fieldname": "sales_invoices", "fieldtype": "Data", "width": 200},
		{"label": _("Mailed On"), "fieldname": "mailed_on", "fieldtype": "Date", "width": 100},
		{"label": _("Received On"), "fieldname": "received_on", "fieldtype": "Date", "width": 100},
	]


def get_chart_data(rows: list[dict]) -> dict | None:
	"""Totals per fapiao type (void excluded, red-letter net)."""
	totals: dict[str, float] = {}
	for row in rows:
		if row.status != rules.VOID:
			totals[row.fapiao_type] = flt(totals.get(row.fapiao_type, 0.0) + flt(row.total), 2)
	if not totals:
		return None
	types = sorted(totals)
	return {
		"data": {
			"labels": [_(name, context=DOCTYPE) for name in types],
			"datasets": [{"name": _("Total (incl. tax)"), "values": [totals[name] for name in types]}],
		},
		"type": "bar",
		"colors": charts.colours(["total"], {"total": "blue"}),
		"fieldtype": "Currency",
	}


def get_report_summary(rows: list[dict]) -> list[dict]:
	counted = [row for row in rows if row.status != rules.VOID]
	return [
		{"label": _("Fapiao"), "value": len(counted), "indicator": "Blue", "datatype": "Int"},
		{
			"label": _("Amount (excl. tax)"),
			"value": flt(sum(flt(r.amount) for r in counted), 2),
			"indicator": "Blue",
			"datatype": "Currency",
		},
		{
			"label": _("Tax Amount"),
			"value": flt(sum(flt(r.tax_amount) for r in counted), 2),
			"indicator": "Blue",
			"datatype": "Currency",
		},
		{
			"label": _("Total (incl. tax)"),
			"value": flt(sum(flt(r.total) for r in counted), 2),
			"indicator": "Green",
			"datatype": "Currency",
		},
	]
