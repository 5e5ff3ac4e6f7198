"""Seal Usage Register (用印登记簿): every use of the company's seals in a period."""

import frappe
from frappe import _

from neiqin.report_filters import answers_refusals, check_date_range, require_company
from neiqin.user_permissions import readable_documents


@answers_refusals
def execute(filters=None):
	filters = frappe._dict(filters or {})
	require_company(filters)
	check_date_range(filters, required=True)
	data = get_data(filters)
	return get_columns(), data, None, get_chart_data(data)


def get_data(filters) -> list[dict]:
	conditions = {"company": filters.company, "used_on": ("between", [filters.from_date, filters.to_date])}
	for key in ("seal", "requested_by", "status"):
		if filters.get(key):
			conditions[key] = filters[key]
	rows = frappe.get_list(
		"Seal Usage Log",
		filters=conditions,
		fields=[
			"name",
			"used_on",
			"seal",
			"seal_type",
			"keeper",
			"purpose",
			"reference_doctype",
			"reference_name",
			"document_description",
			"copies",
			"requested_by",
			"status",
		],
		order_by="used_on asc, name asc",
		limit_page_length=0,
	)
	# a use that stamped a document shows only to those who may read that document
	stamped = readable_documents((row.reference_doctype, row.reference_name) for row in rows)
	rows = [
		row
		for row in rows
		if not row.reference_name or (row.reference_doctype, row.reference_name) in stamped
	]
	for row in rows:
		row.seal_type = _(row.seal_type) if row.seal_type else row.seal_type
		row.status_label = _(row.status, context="Seal Usage Log")
		row.document = (
			f"{_(row.reference_doctype)} {row.reference_name}"
			if row.reference_name
			else row.document_description
		)
	return rows


def get_columns() -> list[dict]:
	return [
		{
			"fieldname": "name",
			"label": _("Seal Usage Log"),
			"fieldtype": "Link",
			"options": "Seal Usage Log",
			"width": 140,
		},
		{"fieldname": "used_on", "label": _("Used On"), "fieldtype": "Date", "width": 100},
		{
			"fieldname": "seal",
			"label": _("Seal"),
			"fieldtype": "Link",
			"options": "Company Seal",
			"width": 140,
		},
		{"fieldname": "seal_type", "label": _("Seal Type"), "fieldtype": "Data", "width": 120},
		{"fieldname": "keeper", "label": _("Keeper"), "fieldtype": "Link", "options": "User", "width": 150},
		{"fieldname": "purpose", "label": _("Purpose"), "fieldtype": "Data", "width": 180},
		{"fieldname": "document", "label": _("Document Stamped"), "fieldtype": "Data", "width": 200},
		{"fieldname": "copies", "label": _("Copies"), "fieldtype": "Int", "width": 70},
		{
			"fieldname": "requested_by",
			"label": _("Requested By"),
			"fieldtype": "Link",
			"options": "User",
			"width": 150,
		},
		{"fieldname": "status_label", "label": _("Status"), "fieldtype": "Data", "width": 100},
	]


def get_chart_data(data: list[dict]) -> dict | None:
	if not data:
		return None
	copies: dict[str, int] = {}
	for row in data:
		copies[row.seal] = copies.get(row.seal, 0) + (row.copies or 0)
	return {
		"data": {
			"labels": list(copies),
			"datasets": [{"name": _("Copies"), "values": list(copies.values())}],
		},
		"type": "bar",
	}
