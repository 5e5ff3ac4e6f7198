"""Fapiao Reconciliation (发票核对): Sales Invoices of the period without fapiao or only partly
covered, fapiao without a Sales Invoice, amount or tax differences, credit notes without a
red-letter fapiao, fapiao issued but not mailed, mailed but not signed for
(`neiqin.documents_back.reconciliation`, pure). Five queries whatever the period holds."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.query_builder.functions import Sum
from frappe.utils import flt

from neiqin import charts, report_filters
from neiqin.documents_back import reconciliation
from neiqin.documents_back.fapiao import NOT_COVERING
from neiqin.report_filters import answers_refusals
from neiqin.user_permissions import document_rules, restrict

DOCTYPE = "Fapiao"


@answers_refusals
def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	validate_filters(filters)
	invoices = get_invoices(filters)
	fapiao = get_fapiao(filters)
	rows = reconciliation.issues(
		invoices,
		get_returned([row.name for row in invoices if not row.is_return]),
		get_covered(
			[row.name for row in invoices] + [row.return_against for row in invoices if row.return_against]
		),
		fapiao,
		get_fapiao_rows([row.name for row in fapiao]),
	)
	if filters.get("issue"):
		rows = [row for row in rows if row["issue"] == filters.issue]
	data = shaped(
		rows,
		{row.name: row.customer_name for row in invoices} | {row.name: row.customer_name for row in fapiao},
	)
	return get_columns(), data, None, get_chart_data(rows), get_report_summary(rows)


def validate_filters(filters: frappe._dict) -> None:
	frappe.has_permission(DOCTYPE, "report", throw=True)
	report_filters.require_company(filters)
	report_filters.check_date_range(filters, required=True)
	if filters.get("issue"):
		report_filters.check_choice(filters, "issue", "Issue", reconciliation.ISSUES, "")


def get_invoices(filters: frappe._dict) -> list[dict]:
	invoice = frappe.qb.DocType("Sales Invoice")
	query = (
		frappe.qb.from_(invoice)
		.select(
			invoice.name,
			invoice.customer,
			invoice.customer_name,
			invoice.posting_date,
			invoice.grand_total,
			invoice.is_return,
			invoice.return_against,
		)
		.where(invoice.company == filters.company)
		.where(invoice.docstatus == 1)
		.where(invoice.posting_date.between(filters.from_date, filters.to_date))
		.orderby(invoice.posting_date)
		.orderby(invoice.name)
	)
	if filters.customer:
		query = query.where(invoice.customer == filters.customer)
	return restrict(query, invoice, "Sales Invoice", **document_rules("Sales Invoice")).run(as_dict=True)


def get_returned(names: list[str]) -> dict[str, float]:
	if not names:
		return {}
	invoice = frappe.qb.DocType("Sales Invoice")
	rows = (
		frappe.qb.from_(invoice)
		.select(invoice.return_against, Sum(invoice.grand_total).as_("total"))
		.where(invoice.return_against.isin(names) & (invoice.docstatus == 1) & (invoice.is_return == 1))
		.groupby(invoice.return_against)
	).run(as_dict=True)
	return {row.return_against: flt(row.total) for row in rows}


def get_covered(names: list[str]) -> dict[str, float]:
	if not names:
		return {}
	row, fapiao = frappe.qb.DocType("Fapiao Invoice"), frappe.qb.DocType(DOCTYPE)
	rows = (
		frappe.qb.from_(row)
		.join(fapiao)
		.on(fapiao.name == row.parent)
		.select(row.sales_invoice, Sum(row.amount).as_("amount"))
		.where(row.sales_invoice.isin(sorted(set(names))) & (row.parenttype == DOCTYPE))
		.where(fapiao.status.notin(NOT_COVERING))
		.groupby(row.sales_invoice)
	).run(as_dict=True)
	return {r.sales_invoice: flt(r.amount) for r in rows}


def get_fapiao(filters: frappe._dict) -> list[dict]:
	fapiao = frappe.qb.DocType(DOCTYPE)
	query = (
		frappe.qb.from_(fapiao)
		.select(
			fapiao.name,
			fapiao.fapiao_number,
			fapiao.customer,
			fapiao.customer_name,
			fapiao.issue_date,
			fapiao.status,
			fapiao.total,
			fapiao.amount,
			fapiao.tax_amount,
			fapiao.is_red_letter,
		)
		.where(fapiao.company == filters.company)
		.where(fapiao.issue_date.between(filters.from_date, filters.to_date))
		.orderby(fapiao.issue_date)
		.orderby(fapiao.name)
	)
	if filters.customer:
		query = query.where(fapiao.customer == filters.customer)
	return restrict(query, fapiao, DOCTYPE, **document_rules(DOCTYPE)).run(as_dict=True)


def get_fapiao_rows(names: list[str]) -> dict[str, list[dict]]:
	if not names:
		return {}
	row, invoice = frappe.qb.DocType("Fapiao Invoice"), frappe.qb.DocType("Sales Invoice")
	rows = (
		frappe.qb.from_(row)
		.join(invoice)
		.on(invoice.name == row.sales_invoice)
		.select(
			row.parent,
			row.sales_invoice,
			row.amount,
			invoice.grand_total,
			invoice.net_total,
			invoice.total_taxes_and_charges.as_("total_taxes"),
		)
		.where(row.parent.isin(names) & (row.parenttype == DOCTYPE))
	).run(as_dict=True)
	grouped: dict[str, list[dict]] = {}
	for item in rows:
		grouped.setdefault(item.parent, []).append(item)
	return grouped


def shaped(rows: list[dict], customer_names: dict[str, str]) -> list[dict]:
	for row in rows:
		row["issue_label"] = _(row["issue"])
		row["document_type_label"] = _(row["document_type"])
		row["customer_name"] = customer_names.get(row["document"])
		note = row.pop("note")
		row["note"] = (
			_("Invoices: amount {0}, tax {1}; fapiao: amount {2}, tax {3}").format(
				*(frappe.format(value, "Currency") for value in note)
			)
			if note
			else ""
		)
	return rows


def get_columns() -> list[dict]:
	return [
		{"label": _("Issue"), "fieldname": "issue_label", "fieldtype": "Data", "width": 200},
		# the doctype's name is what the Dynamic Link reads (a Link to DocType would need read on
		# DocType); the reader sees its translation
		{
			"label": _("Document Type", context="neiqin"),
			"fieldname": "document_type",
			"fieldtype": "Data",
			"hidden": 1,
		},
		{
			"label": _("Document Type", context="neiqin"),
			"fieldname": "document_type_label",
			"fieldtype": "Data",
			"width": 110,
		},
		{
			"label": _("Document", context="neiqin"),
			"fieldname": "document",
			"fieldtype": "Dynamic Link",
			"options": "document_type",
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
		{"label": _("Date"), "fieldname": "date", "fieldtype": "Date", "width": 100},
		{"label": _("Invoice Amount"), "fieldname": "invoice_amount", "fieldtype": "Currency", "width": 120},
		{"label": _("Fapiao Amount"), "fieldname": "fapiao_amount", "fieldtype": "Currency", "width": 120},
		{"label": _("Difference"), "fieldname": "difference", "fieldtype": "Currency", "width": 110},
		{"label": _("Note"), "fieldname": "note", "fieldtype": "Data", "width": 280},
	]


def counts(rows: list[dict]) -> dict[str, int]:
	found = dict.fromkeys(reconciliation.ISSUES, 0)
	for row in rows:
		found[row["issue"]] += 1
	return found


def get_chart_data(rows: list[dict]) -> dict | None:
	found = {kind: count for kind, count in counts(rows).items() if count}
	if not found:
		return None
	return {
		"data": {
			"labels": [_(kind) for kind in found],
			"datasets": [{"name": _("Issues"), "values": list(found.values())}],
		},
		"type": "bar",
		"colors": charts.colours(["issues"], {"issues": "red"}),
		"neiqin_axis": charts.COUNT_AXIS,
	}


def get_report_summary(rows: list[dict]) -> list[dict]:
	return [
		{"label": _(kind), "value": count, "indicator": "Red" if count else "Green", "datatype": "Int"}
		for kind, count in counts(rows).items()
	]
