"""The price floor of selling lines (严禁出库: "对低于正常价格体系又无促销活动批复的产品严禁出库").

A line's floor is its item's price in the company's **reference price list** (Neiqin Settings ›
Reference Price Lists, per company; else Selling Settings' default price list), converted to the
document's currency and unit — whatever price list, `price_list_rate`, margin or discount the
document carries. The price is the higher of the one valid on the document's date and the one
valid today, so back-dating does not bring back an older, lower price. A line is below its floor
when the lowest of its rate, net rate (after the document's discount) and amount per unit is.

An item without a price in the reference list has no floor: the setting *Items Without a
Reference Price* says whether such a line is refused (default) or allowed — never by accident.

Below its floor, a line leaves only with a promotion approval that covers it
(`neiqin.sales_compliance.promotions`); the submit step is `events.hold_price_floor`
and the reviewer's check `price_not_below_list` shows the same facts.
"""

from __future__ import annotations

import frappe
from frappe.query_builder.functions import Max
from frappe.utils import flt, getdate, nowdate

from neiqin.sales_compliance.floor_rules import PricedLine, below_list_price

SETTINGS = "Neiqin Settings"
UNPRICED_SETTING = "unpriced_items"
REFUSE, ALLOW = "Refuse", "Allow"


def reference_price_list(company: str | None) -> str | None:
	"""The selling price list the company's lines are held to."""
	if company:
		chosen = frappe.get_all(
			"Reference Price List",
			filters={"parent": SETTINGS, "parenttype": SETTINGS, "company": company},
			pluck="price_list",
			limit=1,
		)
		if chosen:
			return chosen[0]
	return frappe.db.get_single_value("Selling Settings", "selling_price_list") or None


def refuses_unpriced() -> bool:
	return (frappe.db.get_single_value(SETTINGS, UNPRICED_SETTING) or REFUSE) != ALLOW


def effective_rate(row) -> float:
	"""What the line really charges per unit: the lowest of its rate, its net rate (after the
	document's discount) and its amounts divided by its quantity (values the line does not
	carry yet, on a document never calculated, are left out)."""
	rates = [flt(row.rate)]
	if row.get("net_rate") is not None:
		rates.append(flt(row.net_rate))
	qty = flt(row.qty)
	if qty > 0:
		rates += [
			flt(row.get(field)) / qty for field in ("amount", "net_amount") if row.get(field) is not None
		]
	return min(rates)


def to_document_currency(doc, price_list: str) -> float:
	"""Factor from the reference list's currency to the document's."""
	currency = frappe.get_cached_value("Price List", price_list, "currency")
	if not currency or currency == doc.get("currency"):
		return 1.0
	if currency == doc.get("price_list_currency"):
		return flt(doc.get("plc_conversion_rate") or 1) / (flt(doc.get("conversion_rate")) or 1)
	company_currency = frappe.get_cached_value("Company", doc.company, "default_currency")
	if currency == company_currency:
		return 1 / (flt(doc.get("conversion_rate")) or 1)
	from erpnext.setup.utils import get_exchange_rate

	return flt(get_exchange_rate(currency, doc.get("currency"), nowdate(), "for_selling")) or 1.0


def ceilings(price_list: str, item_codes: list[str]) -> dict[str, float]:
	"""Per item, the highest price of the list (any customer, unit, batch or validity): one query."""
	if not item_codes:
		return {}
	price = frappe.qb.DocType("Item Price")
	return {
		code: flt(rate)
		for code, rate in frappe.qb.from_(price)
		.select(price.item_code, Max(price.price_list_rate))
		.where(price.price_list == price_list)
		.where(price.item_code.isin(sorted(set(item_codes))))
		.groupby(price.item_code)
		.run()
	}


def priced_lines(doc, rows: list, precision: int) -> list[PricedLine]:
	"""Each line that may be below its floor, with the floor in the document's currency per unit
	of the line (0: no price in the reference list). Lines at or above the highest price of their
	item in the list need no lookup and are left out."""
	price_list = reference_price_list(doc.get("company"))
	if not price_list:
		return [PricedLine(row.idx, row.item_code, effective_rate(row), 0.0) for row in rows]
	factor = to_document_currency(doc, price_list)
	highest = ceilings(price_list, [row.item_code for row in rows])
	found = []
	for row in rows:
		rate = effective_rate(row)
		if row.item_code not in highest:
			found.append(PricedLine(row.idx, row.item_code, rate, 0.0))
			continue
		ceiling = highest[row.item_code] * max(flt(row.get("conversion_factor")) or 1, 1.0) * factor
		if round(rate - ceiling, precision) >= 0:
			continue
		found.append(PricedLine(row.idx, row.item_code, rate, reference_rate(doc, row, price_list) * factor))
	return found


def below_floor(doc) -> list[tuple[object, PricedLine]]:
	"""(row, priced line) for the document's lines below their floor, and for lines without a
	reference price unless the setting allows them."""
	rows = {row.idx: row for row in doc.get("items") or [] if row.item_code}
	if not rows:
		return []
	precision = next(iter(rows.values())).precision("rate") or 2
	priced = priced_lines(doc, list(rows.values()), precision)
	return [(rows[line.idx], line) for line in below_list_price(priced, precision, refuses_unpriced())]


def reference_rate(doc, row, price_list: str) -> float:
	"""The item's price in the reference list for the line's customer and unit, the higher of
	the one valid on the document's date and the one valid today (in the list's currency)."""
	from erpnext.stock.get_item_details import get_price_list_rate_for

	days = {getdate(doc.get("posting_date") or doc.get("transaction_date") or nowdate()), getdate(nowdate())}
	rates = []
	for day in days:
		args = {
			"price_list": price_list,
			"customer": doc.get("customer"),
			"uom": row.uom,
			"stock_uom": row.get("stock_uom"),
			"conversion_factor": flt(row.get("conversion_factor")) or 1,
			"transaction_date": day,
			"qty": flt(row.qty),
			"batch_no": row.get("batch_no"),
		}
		rates.append(flt(get_price_list_rate_for(args, row.item_code)))
	return max(rates)
