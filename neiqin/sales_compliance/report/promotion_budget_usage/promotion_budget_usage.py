"""Promotion Budget Usage (促销费用使用): per approval its budget, consumed, reserved, written
off, remaining and % used; under each approval (indented) the deliveries and invoices that
consumed it and the Journal Entries / Purchase Invoices its write-offs name, so every figure
leads to the documents behind it."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import flt

from neiqin.report_filters import answers_refusals, check_date_range, require_company
from neiqin.sales_compliance import promotion_rules as rules
from neiqin.sales_compliance import promotions
from neiqin.user_permissions import readable, restrict

APPROVAL = "Promotion Approval"
STATUSES = ("Active", "Expired", "Exhausted", "Cancelled")


@answers_refusals
def execute(filters=None):
	filters = frappe._dict(filters or {})
	require_company(filters)
	check_date_range(filters)
	currency = frappe.get_cached_value("Company", filters.company, "default_currency")
	approvals = get_approvals(filters)
	data = get_data(approvals, currency)
	return get_columns(), data, None, get_chart_data(approvals), get_report_summary(approvals, currency)


def get_columns() -> list[dict]:
	def money(label, fieldname):
		return {
			"label": _(label),
			"fieldname": fieldname,
			"fieldtype": "Currency",
			"options": "currency",
			"width": 120,
		}

	return [
		{
			"label": _("Promotion Approval"),
			"fieldname": "promotion_approval",
			"fieldtype": "Link",
			"options": APPROVAL,
			"width": 150,
		},
		{"label": _("Title"), "fieldname": "title", "fieldtype": "Data", "width": 160},
		{"label": _("Status"), "fieldname": "status", "fieldtype": "Data", "width": 90},
		{"label": _("Valid From"), "fieldname": "valid_from", "fieldtype": "Date", "width": 100},
		{"label": _("Valid To"), "fieldname": "valid_to", "fieldtype": "Date", "width": 100},
		{
			"label": _("Document Type", context="neiqin"),
			"fieldname": "document_type",
			"fieldtype": "Data",
			"width": 120,
		},
		{
			"label": _("Document", context="neiqin"),
			"fieldname": "document",
			"fieldtype": "Dynamic Link",
			"options": "document_type",
			"width": 150,
		},
		money("Budget Amount", "budget_amount"),
		money("Consumed Amount", "consumed_amount"),
		money("Reserved Amount", "reserved_amount"),
		money("Written Off Amount", "written_off_amount"),
		money("Remaining Amount", "remaining_amount"),
		{"label": _("% Used"), "fieldname": "percent_used", "fieldtype": "Percent", "width": 90},
		{
			"label": _("Currency"),
			"fieldname": "currency",
			# Data, not Link to Currency: frappe refuses a report with a Link column to users
			# who cannot read the linked doctype (a Sales Manager cannot read Currency)
			"fieldtype": "Data",
			"hidden": 1,
		},
	]


def get_approvals(filters) -> list[dict]:
	table = frappe.qb.DocType(APPROVAL)
	query = (
		frappe.qb.from_(table)
		.select(
			table.name,
			table.title,
			table.status,
			table.valid_from,
			table.valid_to,
			table.budget_amount,
			table.consumed_amount,
			table.reserved_amount,
			table.written_off_amount,
			table.remaining_amount,
		)
		.where((table.company == filters.company) & (table.docstatus > 0))
		.orderby(table.valid_from)
		.orderby(table.name)
	)
	if filters.get("from_date"):
		query = query.where(table.valid_to >= filters.from_date)
	if filters.get("to_date"):
		query = query.where(table.valid_from <= filters.to_date)
	if filters.get("status"):
		query = query.where(table.status == filters.status)
	if filters.get("customer"):
		query = query.where(table.customer == filters.customer)
	return restrict(query, table, APPROVAL, through={"customer": "Customer"}).run(as_dict=True)


def get_data(approvals: list[dict], currency: str) -> list[dict]:
	if not approvals:
		return []
	names = [row.name for row in approvals]
	parent_of = dict(
		frappe.get_all(
			promotions.APPROVAL_ITEM,
			filters={"parent": ("in", names)},
			fields=["name", "parent"],
			as_list=True,
		)
	)
	documents: dict[str, dict[tuple[str, str], float]] = {}
	for line in rules.counted_lines(promotions.attributed_lines(names)):
		per = documents.setdefault(parent_of[line.approval_line], {})
		per[(line.source, line.document)] = per.get((line.source, line.document), 0.0) + line.amount
	write_offs = frappe.get_all(
		"Promotion Approval Write Off",
		filters={"parent": ("in", names), "parenttype": APPROVAL},
		fields=["parent", "reference_doctype", "reference_name", "description", "amount"],
		order_by="idx",
	)
	shown = shown_documents(documents)
	data = []
	for row in approvals:
		data.append(approval_row(row, currency))
		for (doctype, name), amount in sorted(documents.get(row.name, {}).items()):
			if (doctype, name) not in shown:
				continue
			data.append(
				{
					"indent": 1,
					"document_type": doctype,
					"document": name,
					"consumed_amount": amount,
					"currency": currency,
				}
			)
		for write_off in (w for w in write_offs if w.parent == row.name):
			data.append(
				{
					"indent": 1,
					"title": write_off.description,
					"document_type": write_off.reference_doctype,
					"document": write_off.reference_name,
					"written_off_amount": write_off.amount,
					"currency": currency,
				}
			)
	return data


def shown_documents(documents: dict[str, dict[tuple[str, str], float]]) -> set[tuple[str, str]]:
	"""The consuming documents the user may read (one query per document type)."""
	names: dict[str, set[str]] = {}
	for per in documents.values():
		for doctype, name in per:
			names.setdefault(doctype, set()).add(name)
	return {
		(doctype, name)
		for doctype, of_type in names.items()
		for name in readable(doctype, of_type, children=("Sales Team",))
	}


def percent_used(row) -> float:
	return flt(row.consumed_amount) / flt(row.budget_amount) * 100 if flt(row.budget_amount) else 0.0


def approval_row(row, currency) -> dict:
	return {
		"indent": 0,
		"promotion_approval": row.name,
		"title": row.title,
		"status": _(row.status),
		"valid_from": row.valid_from,
		"valid_to": row.valid_to,
		"budget_amount": row.budget_amount,
		"consumed_amount": row.consumed_amount,
		"reserved_amount": row.reserved_amount,
		"written_off_amount": row.written_off_amount,
		"remaining_amount": row.remaining_amount,
		"percent_used": percent_used(row),
		"currency": currency,
	}


def get_chart_data(approvals: list[dict]) -> dict | None:
	if not approvals:
		return None
	return {
		"data": {
			"labels": [row.title or row.name for row in approvals],
			"datasets": [
				{"name": _("Consumed Amount"), "values": [flt(row.consumed_amount) for row in approvals]},
				{
					"name": _("Remaining Amount"),
					"values": [max(flt(row.remaining_amount), 0) for row in approvals],
				},
			],
		},
		"type": "bar",
		"barOptions": {"stacked": 1},
	}


def get_report_summary(approvals: list[dict], currency: str) -> list[dict]:
	budget = sum(flt(row.budget_amount) for row in approvals)
	consumed = sum(flt(row.consumed_amount) for row in approvals)
	written_off = sum(flt(row.written_off_amount) for row in approvals)
	return [
		{
			"label": _("Budget Amount"),
			"value": budget,
			"datatype": "Currency",
			"currency": currency,
			"indicator": "Blue",
		},
		{
			"label": _("Consumed Amount"),
			"value": consumed,
			"datatype": "Currency",
			"currency": currency,
			"indicator": "Orange",
		},
		{
			"label": _("Written Off Amount"),
			"value": written_off,
			"datatype": "Currency",
			"currency": currency,
			"indicator": "Green",
		},
		{
			"label": _("Remaining Amount"),
			"value": budget - consumed,
			"datatype": "Currency",
			"currency": currency,
			"indicator": "Blue",
		},
	]
