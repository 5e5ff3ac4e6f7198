"""The price floor of selling lines (严禁出库: "对低于正常价格体系又无促销活动批复的产品严禁出库").

A line's list rate is the higher of the rate the document fetched (`price_list_rate`) and the
current Item Price of the document's price list, so clearing or lowering the fetched rate on
the line does not hide a low price. A line below it leaves only with a promotion approval that
covers it (`neiqin.sales_compliance.promotions`).

- `list_rate(doc, row)`, `may_be_below_list(doc, rows)`: the floor of a line, and which lines
  need a price lookup at all; the review check `price_not_below_list` and 严禁出库 both use them.

The submit step that refuses such lines is `events.refuse_unapproved_below_list`.
"""

from __future__ import annotations

import frappe
from frappe.query_builder.functions import Max
from frappe.utils import flt


def list_rate(doc, row) -> float:
	return max(flt(row.price_list_rate), current_list_rate(doc, row))


def may_be_below_list(doc, rows: list, precision: int = 2) -> list:
	"""The rows whose rate may be below their list rate: the others need no price lookup.

	One query reads, per item, the highest Item Price of the document's price list (any
	customer, unit, batch or validity). ERPNext's lookup (`current_list_rate`) returns one of
	those prices, times the line's conversion factor when the price is for another unit, so
	a row priced at or above its fetched rate and that ceiling is not below whatever the
	lookup would return; every other row is looked up exactly."""
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
