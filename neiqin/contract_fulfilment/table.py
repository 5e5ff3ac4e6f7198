"""The whole fulfilment table of one Sales Order from plain rows — pure, no frappe.

`build_table()` takes the order with its lines, the delivery lines (Delivery Notes and
stock-updating Sales Invoices, returns included), the invoices with their credit notes, the
Payment Ledger Entries held against those invoices, and the advance vouchers of the order,
and returns the header and item values of `Contract Fulfilment` under their field names.
The money rules are in `allocation.py`, the status rules in `status.py`.

Quantities follow ERPNext's own bookkeeping on the Sales Order line: delivered quantity is
the sum of the delivery lines' `qty` (returns are negative), so it matches the order's
`delivered_qty`; invoiced quantity is the net of invoice and credit-note lines.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from neiqin.contract_fulfilment import allocation, status
from neiqin.contract_fulfilment.allocation import AdvanceVoucher, Invoice, LedgerEntry, Money

QTY_PRECISION = 9


@dataclass(frozen=True)
class OrderLine:
	name: str
	qty: float
	rate: float
	amount: float
	delivery_date: date | None = None
	item_code: str | None = None
	item_name: str | None = None
	item_group: str | None = None
	uom: str | None = None


@dataclass(frozen=True)
class Order:
	name: str
	docstatus: int
	status: str
	total: float  # receivable total (rounded total, else grand total), order currency
	base_total: float
	currency: str = ""
	conversion_rate: float = 1.0
	lines: tuple[OrderLine, ...] = ()


@dataclass(frozen=True)
class Delivery:
	"""A Delivery Note line (or a stock-updating Sales Invoice line) of an order line."""

	order_line: str
	qty: float  # negative on returns
	posting_date: date
	sort_key: tuple = ()  # (posting date, posting time, creation, name) for posting order
	is_return: bool = False


def build_table(
	order: Order,
	deliveries: Iterable[Delivery] = (),
	invoices: Iterable[Invoice] = (),
	ledger: Iterable[LedgerEntry] = (),
	advances: Iterable[AdvanceVoucher] = (),
	*,
	today: date,
	precision: int = 2,
) -> dict:
	"""{header field: value, ..., "items": [{item field: value}, ...]}; `today` is the site's
	date (frappe.utils.getdate() in the caller), never the machine's."""
	closed = order.docstatus == 2 or order.status in ("Closed", "Cancelled")

	ordered = _ordered_money(order, precision)
	by_line = _deliveries_by_line(deliveries)
	money = allocation.invoice_money(invoices, ledger, precision)
	advance = allocation.order_advance(advances, order.currency, order.conversion_rate, precision)
	advance_by_line = allocation.spread_advance(advance, ordered, precision)

	items = [
		_item(
			line, ordered[i], advance_by_line[i], by_line.get(line.name, []), money, today, closed, precision
		)
		for i, line in enumerate(order.lines)
	]
	return {**_header(order, items, precision), "items": [row for row, _base in items]}


def _ordered_money(order: Order, precision: int) -> list[Money]:
	amounts = [line.amount for line in order.lines]
	gross = allocation.gross_shares(order.total, amounts, precision)
	base = allocation.gross_shares(order.base_total, amounts, precision)
	return [Money(a, b) for a, b in zip(gross, base, strict=True)]


def _deliveries_by_line(deliveries: Iterable[Delivery]) -> dict[str, list[Delivery]]:
	result: dict[str, list[Delivery]] = {}
	for delivery in sorted(deliveries, key=lambda d: d.sort_key or (d.posting_date,)):
		result.setdefault(delivery.order_line, []).append(delivery)
	return result


def _item(
	line: OrderLine,
	ordered: Money,
	advance: Money,
	deliveries: Sequence[Delivery],
	money: dict[str, allocation.LineMoney],
	today: date,
	closed: bool,
	precision: int,
) -> tuple[dict, dict]:
	"""(item row, its company-currency amounts) of one order line."""
	delivered_qty = round(sum(d.qty for d in deliveries), QTY_PRECISION)
	returned_qty = round(-sum(d.qty for d in deliveries if d.is_return), QTY_PRECISION) or 0.0
	fully_delivered_on = status.completion_date(line.qty, [(d.posting_date, d.qty) for d in deliveries])
	line_status = status.line_status(line.qty, delivered_qty, line.delivery_date, today, closed)
	if line_status != status.DELIVERED:
		fully_delivered_on = None
	billed = money.get(line.name, allocation.LineMoney())
	paid = billed.paid + advance
	delivered = _part(ordered, delivered_qty, line.qty, precision)
	row = {
		"sales_order_item": line.name,
		"item_code": line.item_code,
		"item_name": line.item_name,
		"item_group": line.item_group,
		"uom": line.uom,
		"rate": line.rate,
		"qty": line.qty,
		"amount": ordered.amount,
		"delivery_date": line.delivery_date,
		"delivered_qty": delivered_qty,
		"returned_qty": returned_qty,
		"delivered_amount": delivered.amount,
		"invoiced_qty": round(billed.invoiced_qty, QTY_PRECISION),
		"invoiced_amount": round(billed.invoiced.amount, precision),
		"paid_amount": round(paid.amount, precision),
		"outstanding_amount": round(billed.invoiced.amount - paid.amount, precision),
		"fully_delivered_on": fully_delivered_on,
		"days_overdue": status.days_overdue(line_status, line.delivery_date, fully_delivered_on, today),
		"status": line_status,
	}
	base = {
		"ordered": ordered.base,
		"delivered": delivered.base,
		"invoiced": round(billed.invoiced.base, precision),
		"paid": round(paid.base, precision),
		"on_time": status.is_on_time(line_status, line.delivery_date, fully_delivered_on),
	}
	return row, base


def _part(whole: Money, qty: float, of_qty: float, precision: int) -> Money:
	"""The value of `qty` out of a line of `of_qty` worth `whole`."""
	if not of_qty:
		return Money()
	return Money(round(whole.amount * qty / of_qty, precision), round(whole.base * qty / of_qty, precision))


def _header(order: Order, items: list[tuple[dict, dict]], precision: int) -> dict:
	rows = [row for row, _base in items]
	bases = [base for _row, base in items]

	def total(field: str) -> float:
		return round(sum(row[field] for row in rows), precision)

	def base_total(key: str) -> float:
		return round(sum(base[key] for base in bases), precision)

	ordered_qty = round(sum(row["qty"] for row in rows), QTY_PRECISION)
	delivered_qty = round(sum(row["delivered_qty"] for row in rows), QTY_PRECISION)
	ordered_amount = total("amount")
	invoiced_amount = total("invoiced_amount")
	paid_amount = total("paid_amount")
	half_cent = 0.5 * 10**-precision
	fully_invoiced = invoiced_amount >= ordered_amount - half_cent
	fully_paid = paid_amount >= max(ordered_amount, invoiced_amount) - half_cent
	statuses = [row["status"] for row in rows]
	return {
		"order_status": order.status,
		"fulfilment_status": status.fulfilment_status(
			order.docstatus, order.status, statuses, delivered_qty, fully_invoiced, fully_paid
		),
		"is_overdue": int(status.OVERDUE in statuses),
		"overdue_lines": statuses.count(status.OVERDUE),
		"on_time_lines": sum(1 for base in bases if base["on_time"]),
		"ordered_qty": ordered_qty,
		"delivered_qty": delivered_qty,
		"ordered_amount": ordered_amount,
		"delivered_amount": total("delivered_amount"),
		"invoiced_amount": invoiced_amount,
		"paid_amount": paid_amount,
		"outstanding_amount": round(invoiced_amount - paid_amount, precision),
		"base_ordered_amount": base_total("ordered"),
		"base_delivered_amount": base_total("delivered"),
		"base_invoiced_amount": base_total("invoiced"),
		"base_paid_amount": base_total("paid"),
		"base_outstanding_amount": round(base_total("invoiced") - base_total("paid"), precision),
		"per_delivered": _percent(
			sum(min(max(row["delivered_qty"], 0.0), row["qty"]) for row in rows if row["qty"] > 0),
			sum(row["qty"] for row in rows if row["qty"] > 0),
		),
		"per_billed": _percent(
			sum(min(max(row["invoiced_amount"], 0.0), row["amount"]) for row in rows if row["amount"] > 0),
			sum(row["amount"] for row in rows if row["amount"] > 0),
		),
		"per_paid": _percent(min(max(paid_amount, 0.0), ordered_amount), ordered_amount),
	}


def _percent(part: float, whole: float) -> float:
	if whole <= 0:
		return 0.0
	return round(min(part / whole, 1.0) * 100, 6)
