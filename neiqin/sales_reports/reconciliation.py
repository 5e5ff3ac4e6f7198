"""Sales Finance Reconciliation: every mismatch between orders, deliveries, invoices and payments
(pure: no frappe).

Each finding is one row: what kind of mismatch (`finding`, one of the constants below), the
document to open (`document_type`, `document`), the document it disagrees with (`against_type`,
`against`), customer, date, item, the quantity and company-currency amount involved, and the
`values` the report puts into its translated reason. No findings means the books agree.

A run checks every order with any document in the period: orders dated in it and orders that a
delivery or invoice of the period refers to (`orders_checked`), so a December invoice against a
November order is compared with that order when December is checked. Other findings belong to
the period of the document they are reported on (invoice findings to the invoice's date, and so
on). Quantities delivered and invoiced against an order line count every submitted document,
returns and credit notes included (negative), whatever its date; an invoice that updates stock
also delivers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date

DELIVERED_NOT_INVOICED = "delivered_not_invoiced"
INVOICED_BEYOND_DELIVERED = "invoiced_beyond_delivered"
INVOICE_RATE_DIFFERS = "invoice_rate_differs"
INVOICE_ITEM_DIFFERS = "invoice_item_differs"
DELIVERY_ITEM_DIFFERS = "delivery_item_differs"
DELIVERY_WITHOUT_ORDER = "delivery_without_order"
INVOICE_WITHOUT_ORDER = "invoice_without_order"
UNALLOCATED_PAYMENT = "unallocated_payment"
CANCELLED_ORDER_LIVE_DOCUMENT = "cancelled_order_live_document"
CANCELLED_DELIVERY_LIVE_INVOICE = "cancelled_delivery_live_invoice"

FINDINGS = (
	DELIVERED_NOT_INVOICED,
	INVOICED_BEYOND_DELIVERED,
	INVOICE_RATE_DIFFERS,
	INVOICE_ITEM_DIFFERS,
	DELIVERY_ITEM_DIFFERS,
	DELIVERY_WITHOUT_ORDER,
	INVOICE_WITHOUT_ORDER,
	UNALLOCATED_PAYMENT,
	CANCELLED_ORDER_LIVE_DOCUMENT,
	CANCELLED_DELIVERY_LIVE_INVOICE,
)

SUBMITTED, CANCELLED = 1, 2
QTY_TOLERANCE = 1e-6


def find_mismatches(
	order_lines: Iterable[Mapping] = (),
	delivery_lines: Iterable[Mapping] = (),
	invoice_lines: Iterable[Mapping] = (),
	payments: Iterable[Mapping] = (),
	from_date: date | None = None,
	to_date: date | None = None,
	precision: int = 2,
) -> list[dict]:
	"""All findings for documents dated from `from_date` to `to_date` (None: open-ended).

	order_lines: `order`, `order_item`, `docstatus`, `date`, `customer`, `item_code`,
	  `rate`, `base_rate`, `base_net_rate`, `currency`, `is_stock_item`, `delivered_by_supplier`;
	  a row without `order_item` stands for its order alone (`order`, `docstatus`, `date`,
	  `customer`, `currency`), so a caller may pass, besides one such row per order, only the
	  lines that documents refer to: a line nothing was delivered or invoiced against has no
	  finding.
	delivery_lines: `document`, `docstatus`, `date`, `customer`, `is_return`, `order`,
	  `order_item`, `item_code`, `qty`, `base_net_amount`.
	invoice_lines (submitted only): `document`, `date`, `customer`, `is_return`, `update_stock`,
	  `order`, `order_item`, `delivery_note`, `item_code`, `qty`, `rate`, `base_rate`,
	  `currency`, `conversion_rate`, `base_net_amount`.
	payments: `document`, `date`, `customer`, `unallocated_amount`, `source_exchange_rate`.
	"""
	order_lines, delivery_lines, invoice_lines = list(order_lines), list(delivery_lines), list(invoice_lines)
	in_period = within(from_date, to_date)
	checked = orders_checked(order_lines, delivery_lines, invoice_lines, from_date, to_date)
	found: list[dict] = []
	found += _order_line_findings(order_lines, delivery_lines, invoice_lines, checked)
	found += _cancelled_order_findings(order_lines, delivery_lines, invoice_lines, checked)
	found += _line_findings(order_lines, delivery_lines, invoice_lines, in_period, precision)
	found += _cancelled_delivery_findings(delivery_lines, invoice_lines, in_period)
	found += _payment_findings(payments, in_period)
	for finding in found:
		finding["qty"] = round(finding["qty"], 6) if finding["qty"] is not None else None
		finding["amount"] = round(finding["amount"], precision)
	return sorted(
		found, key=lambda f: (f["date"], FINDINGS.index(f["finding"]), f["document"], f["item_code"] or "")
	)


def within(from_date: date | None, to_date: date | None):
	"""Is a day inside the period (None: open-ended)?"""
	return lambda day: (from_date is None or day >= from_date) and (to_date is None or day <= to_date)


def orders_checked(
	order_lines: Iterable[Mapping],
	delivery_lines: Iterable[Mapping],
	invoice_lines: Iterable[Mapping],
	from_date: date | None = None,
	to_date: date | None = None,
) -> set[str]:
	"""The orders a run for the period checks: every order dated in it, and every order that a
	delivery or invoice dated in it refers to."""
	in_period = within(from_date, to_date)
	known = {line["order"] for line in order_lines}
	checked = {line["order"] for line in order_lines if in_period(line["date"])}
	for line in (*delivery_lines, *invoice_lines):
		if line.get("order") in known and in_period(line["date"]):
			checked.add(line["order"])
	return checked


def _finding(finding: str, doctype: str, line: Mapping, document: str, **values) -> dict:
	return {
		"finding": finding,
		"document_type": doctype,
		"document": document,
		"against_type": values.pop("against_type", None),
		"against": values.pop("against", None),
		"customer": line.get("customer"),
		"date": line["date"],
		"item_code": values.pop("item_code", None),
		"qty": values.pop("qty", None),
		"amount": values.pop("amount", 0.0),
		"values": values,
	}


def _order_line_findings(order_lines, delivery_lines, invoice_lines, checked: set[str]) -> list[dict]:
	delivered: dict[str, float] = defaultdict(float)
	invoiced: dict[str, float] = defaultdict(float)
	for line in delivery_lines:
		if line["docstatus"] == SUBMITTED and line.get("order_item"):
			delivered[line["order_item"]] += float(line["qty"] or 0)
	for line in invoice_lines:
		if line.get("order_item"):
			invoiced[line["order_item"]] += float(line["qty"] or 0)
			if line.get("update_stock"):
				delivered[line["order_item"]] += float(line["qty"] or 0)

	found = []
	for line in order_lines:
		if not line.get("order_item") or line["docstatus"] != SUBMITTED or line["order"] not in checked:
			continue  # an order's own row, or an order not checked
		out, billed = delivered[line["order_item"]], invoiced[line["order_item"]]
		difference = out - billed
		common = {
			"item_code": line["item_code"],
			"qty": abs(difference),
			"amount": abs(difference) * float(line["base_net_rate"] or 0),
			"delivered": out,
			"invoiced": billed,
		}
		if difference > QTY_TOLERANCE:
			found.append(_finding(DELIVERED_NOT_INVOICED, "Sales Order", line, line["order"], **common))
		elif (
			-difference > QTY_TOLERANCE
			and line.get("is_stock_item")
			and not line.get("delivered_by_supplier")
		):
			found.append(_finding(INVOICED_BEYOND_DELIVERED, "Sales Order", line, line["order"], **common))
	return found


def _cancelled_order_findings(order_lines, delivery_lines, invoice_lines, checked: set[str]) -> list[dict]:
	cancelled = {
		line["order"]: line
		for line in order_lines
		if line["docstatus"] == CANCELLED and line["order"] in checked
	}
	documents = [("Delivery Note", line) for line in delivery_lines if line["docstatus"] == SUBMITTED]
	documents += [("Sales Invoice", line) for line in invoice_lines]
	live_lines = ((doctype, line, line.get("order")) for doctype, line in documents)
	return _live_against_cancelled(CANCELLED_ORDER_LIVE_DOCUMENT, "Sales Order", cancelled, live_lines)


def _line_findings(order_lines, delivery_lines, invoice_lines, in_period, precision) -> list[dict]:
	orders = {line["order_item"]: line for line in order_lines if line.get("order_item")}
	found = []
	without_order: dict[tuple, dict] = {}
	checked = [("Delivery Note", line) for line in delivery_lines if line["docstatus"] == SUBMITTED]
	checked += [("Sales Invoice", line) for line in invoice_lines]
	for doctype, line in checked:
		if line.get("is_return") or not in_period(line["date"]):
			continue
		order_line = orders.get(line.get("order_item")) if line.get("order_item") else None
		if not line.get("order_item"):
			kind = DELIVERY_WITHOUT_ORDER if doctype == "Delivery Note" else INVOICE_WITHOUT_ORDER
			key = (doctype, line["document"])
			if key not in without_order:
				without_order[key] = _finding(
					kind, doctype, line, line["document"], qty=0.0, amount=0.0, lines=0
				)
			without_order[key]["qty"] += float(line["qty"] or 0)
			without_order[key]["amount"] += float(line["base_net_amount"] or 0)
			without_order[key]["values"]["lines"] += 1
		elif order_line is None:
			continue  # the order is outside what was read (another company): nothing to compare
		elif line["item_code"] != order_line["item_code"]:
			kind = DELIVERY_ITEM_DIFFERS if doctype == "Delivery Note" else INVOICE_ITEM_DIFFERS
			found.append(
				_finding(
					kind,
					doctype,
					line,
					line["document"],
					against_type="Sales Order",
					against=order_line["order"],
					item_code=line["item_code"],
					qty=float(line["qty"] or 0),
					amount=float(line["base_net_amount"] or 0),
					ordered_item=order_line["item_code"],
				)
			)
		elif doctype == "Sales Invoice":
			rate_finding = _rate_finding(line, order_line, precision)
			if rate_finding:
				found.append(rate_finding)
	return found + list(without_order.values())


def _rate_finding(line: Mapping, order_line: Mapping, precision: int) -> dict | None:
	"""Invoice rate against order rate, in the order's currency (company currency when they differ)."""
	same_currency = line.get("currency") == order_line.get("currency")
	field = "rate" if same_currency else "base_rate"
	invoice_rate = round(float(line[field] or 0), precision)
	order_rate = round(float(order_line[field] or 0), precision)
	if invoice_rate == order_rate:
		return None
	factor = float(line.get("conversion_rate") or 1) if same_currency else 1.0
	return _finding(
		INVOICE_RATE_DIFFERS,
		"Sales Invoice",
		line,
		line["document"],
		against_type="Sales Order",
		against=order_line["order"],
		item_code=line["item_code"],
		qty=float(line["qty"] or 0),
		amount=(invoice_rate - order_rate) * float(line["qty"] or 0) * factor,
		invoice_rate=invoice_rate,
		order_rate=order_rate,
		currency=line.get("currency") if same_currency else None,
	)


def _cancelled_delivery_findings(delivery_lines, invoice_lines, in_period) -> list[dict]:
	cancelled = {
		line["document"]: line
		for line in delivery_lines
		if line["docstatus"] == CANCELLED and in_period(line["date"])
	}
	live_lines = (("Sales Invoice", line, line.get("delivery_note")) for line in invoice_lines)
	return _live_against_cancelled(CANCELLED_DELIVERY_LIVE_INVOICE, "Delivery Note", cancelled, live_lines)


def _live_against_cancelled(kind: str, source_doctype: str, cancelled: dict, live_lines) -> list[dict]:
	"""One finding per (cancelled source document, document still live against it), with the
	live document's quantities and amounts summed; `live_lines` yields (doctype, line, source)."""
	live: dict[tuple, dict] = {}
	for doctype, line, source in live_lines:
		if source not in cancelled:
			continue
		key = (source, doctype, line["document"])
		if key not in live:
			live[key] = _finding(
				kind,
				source_doctype,
				cancelled[source],
				source,
				against_type=doctype,
				against=line["document"],
				qty=0.0,
				amount=0.0,
			)
		live[key]["qty"] += float(line["qty"] or 0)
		live[key]["amount"] += float(line["base_net_amount"] or 0)
	return list(live.values())


def _payment_findings(payments, in_period) -> list[dict]:
	found = []
	for payment in payments:
		unallocated = float(payment["unallocated_amount"] or 0)
		if unallocated <= 0.005 or not in_period(payment["date"]):
			continue
		found.append(
			_finding(
				UNALLOCATED_PAYMENT,
				"Payment Entry",
				payment,
				payment["document"],
				amount=unallocated * float(payment.get("source_exchange_rate") or 1),
				unallocated=unallocated,
				currency=payment.get("currency"),
			)
		)
	return found
