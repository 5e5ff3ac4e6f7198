"""月底核对: every mismatch between orders, deliveries, invoices and payments of a period, one
row per finding with the document to open and the reason. No rows means the books agree."""

from collections import Counter

import frappe
from frappe import _
from frappe.utils import flt, fmt_money

from neiqin.report_filters import answers_refusals
from neiqin.sales_reports import queries
from neiqin.sales_reports import reconciliation as rec
from neiqin.sales_reports.common import (
	company_currency,
	currency_column,
	hidden_currency_column,
	summary_card,
	validate_filters,
)


@answers_refusals
def execute(filters=None):
	filters = validate_filters(filters)
	currency = company_currency(filters.company)
	findings, orders_checked = get_findings(filters)
	return (
		get_columns(),
		get_data(findings, currency),
		get_message(findings, orders_checked, filters),
		None,
		get_report_summary(findings),
	)


def get_findings(filters) -> tuple[list[dict], int]:
	"""The findings, and how many orders the run checked."""
	period = (filters, filters.from_date, filters.to_date)
	lines = queries.reconciliation_lines(*period)
	dates = {"from_date": filters.from_date, "to_date": filters.to_date}
	findings = rec.find_mismatches(**lines, payments=queries.unallocated_payments(*period), **dates)
	return findings, len(rec.orders_checked(**lines, **dates))


def finding_labels() -> dict[str, str]:
	return {
		rec.DELIVERED_NOT_INVOICED: _("Delivered but not invoiced"),
		rec.INVOICED_BEYOND_DELIVERED: _("Invoiced beyond delivered"),
		rec.INVOICE_RATE_DIFFERS: _("Invoice rate differs from order"),
		rec.INVOICE_ITEM_DIFFERS: _("Invoice item differs from order"),
		rec.DELIVERY_ITEM_DIFFERS: _("Delivery item differs from order"),
		rec.DELIVERY_WITHOUT_ORDER: _("Delivery without order"),
		rec.INVOICE_WITHOUT_ORDER: _("Invoice without order"),
		rec.UNALLOCATED_PAYMENT: _("Unallocated payment"),
		rec.CANCELLED_ORDER_LIVE_DOCUMENT: _("Cancelled order with submitted documents"),
		rec.CANCELLED_DELIVERY_LIVE_INVOICE: _("Cancelled delivery with submitted invoice"),
	}


def reason(finding: dict) -> str:
	"""The translated sentence explaining one finding."""
	kind, values, item = finding["finding"], finding["values"], finding["item_code"]
	if kind == rec.DELIVERED_NOT_INVOICED:
		return _("{0}: delivered {1} but invoiced only {2}.").format(
			item, qty(values["delivered"]), qty(values["invoiced"])
		)
	if kind == rec.INVOICED_BEYOND_DELIVERED:
		return _("{0}: invoiced {1} but delivered only {2}.").format(
			item, qty(values["invoiced"]), qty(values["delivered"])
		)
	if kind == rec.INVOICE_RATE_DIFFERS:
		currency = values["currency"] or None
		return _("{0}: invoice rate {1} differs from order rate {2}.").format(
			item,
			fmt_money(values["invoice_rate"], currency=currency),
			fmt_money(values["order_rate"], currency=currency),
		)
	if kind == rec.INVOICE_ITEM_DIFFERS:
		return _("Invoiced item {0} differs from ordered item {1}.").format(item, values["ordered_item"])
	if kind == rec.DELIVERY_ITEM_DIFFERS:
		return _("Delivered item {0} differs from ordered item {1}.").format(item, values["ordered_item"])
	if kind == rec.DELIVERY_WITHOUT_ORDER:
		return _("{0} line(s) delivered without a Sales Order.").format(values["lines"])
	if kind == rec.INVOICE_WITHOUT_ORDER:
		return _("{0} line(s) invoiced without a Sales Order.").format(values["lines"])
	if kind == rec.UNALLOCATED_PAYMENT:
		return _("{0} received but not allocated to any invoice or order.").format(
			fmt_money(values["unallocated"], currency=values["currency"])
		)
	if kind == rec.CANCELLED_ORDER_LIVE_DOCUMENT:
		return _("The order is cancelled but {0} {1} is still submitted.").format(
			_(finding["against_type"]), finding["against"]
		)
	return _("The delivery note is cancelled but Sales Invoice {0} is still submitted.").format(
		finding["against"]
	)


def qty(value: float) -> str:
	"""A quantity without trailing zeros: 10, 2.5."""
	return f"{flt(value, 6):g}"


def get_columns() -> list[dict]:
	return [
		{"fieldname": "date", "label": _("Date"), "fieldtype": "Date", "width": 100},
		{"fieldname": "finding_label", "label": _("Finding"), "fieldtype": "Data", "width": 200},
		{
			"fieldname": "document_type",
			"label": _("Document Type", context="neiqin"),
			"fieldtype": "Data",
			"width": 120,
		},
		{
			"fieldname": "document",
			"label": _("Document", context="neiqin"),
			"fieldtype": "Dynamic Link",
			"options": "document_type",
			"width": 170,
		},
		{"fieldname": "reason", "label": _("Reason"), "fieldtype": "Data", "width": 360},
		{
			"fieldname": "customer",
			"label": _("Customer"),
			"fieldtype": "Link",
			"options": "Customer",
			"width": 150,
		},
		{"fieldname": "item_code", "label": _("Item"), "fieldtype": "Link", "options": "Item", "width": 130},
		{"fieldname": "qty", "label": _("Quantity"), "fieldtype": "Float", "width": 90},
		currency_column("amount", _("Amount")),
		{
			"fieldname": "against_type",
			"label": _("Against Type"),
			"fieldtype": "Data",
			"width": 120,
		},
		{
			"fieldname": "against",
			"label": _("Against"),
			"fieldtype": "Dynamic Link",
			"options": "against_type",
			"width": 170,
		},
		{"fieldname": "finding", "label": _("Finding Code"), "fieldtype": "Data", "hidden": 1},
		hidden_currency_column(),
	]


def get_data(findings: list[dict], currency: str) -> list[dict]:
	labels = finding_labels()
	data = []
	for finding in findings:
		row = {key: value for key, value in finding.items() if key != "values"}
		row.update(finding_label=labels[finding["finding"]], reason=reason(finding), currency=currency)
		data.append(row)
	return data


def get_message(findings: list[dict], orders_checked: int, filters) -> str:
	checked = _(
		"{0} order(s) checked: every order dated from {1} to {2} or with a delivery or invoice in that period, with every document against it."
	).format(
		orders_checked,
		frappe.format(filters.from_date, "Date"),
		frappe.format(filters.to_date, "Date"),
	)
	if findings:
		return checked
	return " ".join(
		(_("No mismatches: orders, deliveries, invoices and payments of this period agree."), checked)
	)


def get_report_summary(findings: list[dict]) -> list[dict]:
	counts = Counter(finding["finding"] for finding in findings)
	cards = [
		summary_card(_("Findings"), len(findings), datatype="Int", indicator="Red" if findings else "Green")
	]
	labels = finding_labels()
	cards += [
		summary_card(labels[kind], counts[kind], datatype="Int", indicator="Orange")
		for kind in rec.FINDINGS
		if counts[kind]
	]
	return cards
