"""No line is priced below the price list without a promotion approval that covers it
("对低于正常价格体系又无促销活动批复的产品严禁出库").

The list rate of a line is the higher of the rate the document fetched (`price_list_rate`)
and the current Item Price of the document's price list, so clearing or lowering the
fetched rate on the line does not hide a low price. A line below it passes only when its
`promotion_approval` is active on the document's date, covers the customer and the item,
the rate is not below the approved rate and the approval's budget and quantity suffice
(`neiqin.sales_compliance.promotions`).
"""

from __future__ import annotations

from frappe import _
from frappe.utils import flt

from neiqin.dual_review.checks import CheckResult, not_applicable


def run(doc) -> CheckResult:
	from neiqin.sales_compliance import promotions

	if not doc.meta.has_field("selling_price_list") or not doc.get("items") or doc.get("is_return"):
		return not_applicable(doc)
	problems = promotions.uncovered_lines(doc)
	if not problems:
		covered = len(promotions.below_list_lines(doc))
		if covered:
			return CheckResult(
				True,
				_("{0} lines below the price list are covered by their promotion approval.").format(covered),
			)
		return CheckResult(True, _("No line is priced below the price list."))
	return CheckResult(False, "<br>".join(promotions.describe(doc, row, reason) for row, reason in problems))


def list_rate(doc, row) -> float:
	return max(flt(row.price_list_rate), current_list_rate(doc, row))


def may_be_below_list(doc, rows: list, precision: int = 2) -> list:
	"""The rows whose rate may be below their list rate: the others need no price lookup.

	One query reads, per item, the highest Item Price of the document's price list (any
	customer, unit, batch or validity). ERPNext's lookup (`current_list_rate`) returns one of
	those prices, times the line's conversion factor when the price is for another unit, so
	a row priced at or above its fetched rate and that ceiling is not below whatever the
	lookup would return; every other row is looked up exactly."""
	import frappe
	from frappe.query_builder.functions import Max

	if not rows:
		return []
	ceilings = {}
	if doc.get("selling_price_list"):
		price = frappe.qb.DocType("Item Price")
		ceilings = dict(
			frappe.qb.from_(price)
			.select(price.item_code, Max(price.price_list_rate))
			.where(price.price_list == doc.selling_price_list)
			.where(price.item_code.isin(sorted({row.item_code for row in rows})))
			.groupby(price.item_code)
			.run()
		)
	to_document = flt(doc.get("plc_conversion_rate") or 1) / (flt(doc.get("conversion_rate")) or 1)
	maybe = []
	for row in rows:
		ceiling = flt(ceilings.get(row.item_code)) * max(flt(row.get("conversion_factor")) or 1, 1.0)
		highest = max(flt(row.price_list_rate), ceiling * to_document)
		if round(flt(row.rate) - highest, precision) < 0:
			maybe.append(row)
	return maybe


def current_list_rate(doc, row) -> float:
	from erpnext.stock.get_item_details import get_price_list_rate_for

	if not doc.get("selling_price_list") or not row.item_code:
		return 0.0
	args = {
		"price_list": doc.selling_price_list,
		"customer": doc.get("customer"),
		"uom": row.uom,
		"stock_uom": row.get("stock_uom"),
		"conversion_factor": flt(row.get("conversion_factor")) or 1,
		"transaction_date": doc.get("transaction_date") or doc.get("posting_date"),
		"qty": flt(row.qty),
		"batch_no": row.get("batch_no"),
	}
	rate = flt(get_price_list_rate_for(args, row.item_code))
	# price list currency -> document currency
	return rate * flt(doc.get("plc_conversion_rate") or 1) / (flt(doc.get("conversion_rate")) or 1)
