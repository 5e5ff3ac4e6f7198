"""Invoice / delivery lines match their Sales Order lines: item, UOM, rate, and a quantity
not beyond what remains ("开票前需确认开票品种、单价及数量是否与订单内容相符")."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.query_builder.functions import Sum
from frappe.utils import flt, fmt_money

from neiqin.dual_review.check_logic import Line, OrderLine, order_mismatches
from neiqin.dual_review.checks import CheckResult, not_applicable
from neiqin.escaping import bold

ORDER_FIELD = {"Sales Invoice": "sales_order", "Delivery Note": "against_sales_order"}


def run(doc) -> CheckResult:
	if doc.doctype not in ORDER_FIELD or doc.get("is_return"):
		return not_applicable(doc)
	lines = [
		Line(row.idx, row.item_code, row.uom, flt(row.qty), flt(row.rate), row.get("so_detail") or "")
		for row in doc.items
	]
	if not any(line.order_line for line in lines):
		return CheckResult(False, _("No line of this document comes from a Sales Order."))
	order_lines = get_order_lines(doc, {line.order_line for line in lines if line.order_line})
	precision = doc.items[0].precision("rate") or 2
	problems = order_mismatches(lines, order_lines, precision)
	if not problems:
		return CheckResult(True, _("All {0} lines match their Sales Order lines.").format(len(lines)))
	return CheckResult(False, "<br>".join(describe(problem, doc.get("currency")) for problem in problems))


def get_order_lines(doc, names: set[str]) -> dict[str, OrderLine]:
	item = frappe.qb.DocType("Sales Order Item")
	order = frappe.qb.DocType("Sales Order")
	rows = (
		frappe.qb.from_(item)
		.join(order)
		.on(order.name == item.parent)
		.select(item.name, item.item_code, item.uom, item.rate, item.qty, item.delivered_qty)
		.where(item.name.isin(list(names)) & (order.docstatus == 1))
	).run(as_dict=True)
	done = {row.name: flt(row.delivered_qty) for row in rows}
	if doc.doctype == "Sales Invoice":
		done = invoiced_qty(names)
	return {
		row.name: OrderLine(
			row.name, row.item_code, row.uom, flt(row.rate), flt(row.qty), done.get(row.name, 0)
		)
		for row in rows
	}


def invoiced_qty(names: set[str]) -> dict[str, float]:
	item = frappe.qb.DocType("Sales Invoice Item")
	invoice = frappe.qb.DocType("Sales Invoice")
	rows = (
		frappe.qb.from_(item)
		.join(invoice)
		.on(invoice.name == item.parent)
		.select(item.so_detail, Sum(item.qty).as_("qty"))
		.where(item.so_detail.isin(list(names)) & (invoice.docstatus == 1))
		.groupby(item.so_detail)
	).run(as_dict=True)
	return {row.so_detail: flt(row.qty) for row in rows}


def describe(problem, currency: str | None = None) -> str:
	"""One translated line per problem; item codes and UOMs are data (escaped), rates are money
	in the document's currency."""
	expected, actual = problem.expected, problem.actual
	if problem.kind == "rate":
		expected, actual = fmt_money(expected, currency=currency), fmt_money(actual, currency=currency)
	idx = problem.idx
	expected, actual = bold(expected), bold(actual)
	if problem.kind == "not_on_order":
		return _("Row {0}: {1} is not on the Sales Order.").format(idx, actual)
	if problem.kind == "item":
		return _("Row {0}: item {1} differs from the order's {2}.").format(idx, actual, expected)
	if problem.kind == "uom":
		return _("Row {0}: UOM {1} differs from the order's {2}.").format(idx, actual, expected)
	if problem.kind == "rate":
		return _("Row {0}: rate {1} differs from the order's {2}.").format(idx, actual, expected)
	return _("Row {0}: quantity {1} exceeds the {2} remaining on the order.").format(idx, actual, expected)
