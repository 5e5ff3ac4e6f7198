"""Report arithmetic of sales materials (no frappe): the material ledger and the courier
fee settlement are shaped here from plain rows the reports query."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping


def month_of(date: datetime.date) -> str:
	return f"{date.year:04d}-{date.month:02d}"


def settle_couriers(logs: Iterable[Mapping]) -> list[dict]:
	"""One row per courier and month of dispatch.

	`logs`: name, courier, dispatch_date, shipping_cost, purchase_invoice (a Purchase Invoice
	line covering the log, if any; a log may appear once per invoice line) and
	invoice_docstatus (0 draft, 1 submitted; 1 when absent). A log is invoiced when a
	submitted invoice covers it, drafted when only a draft does (not yet invoiced, but not to
	be drafted again), else still to settle."""
	by_log: dict[str, list[Mapping]] = {}
	for log in sorted(logs, key=lambda r: (r["courier"], r["dispatch_date"], r["name"])):
		by_log.setdefault(log["name"], []).append(log)
	groups: dict[tuple[str, str], dict] = {}
	for rows in by_log.values():
		log = rows[0]
		key = (log["courier"], month_of(log["dispatch_date"]))
		group = groups.setdefault(
			key,
			{
				"courier": key[0],
				"month": key[1],
				"count": 0,
				"total_cost": 0.0,
				"invoiced_cost": 0.0,
				"drafted_cost": 0.0,
				"to_settle": 0.0,
				"open_logs": 0,
				"purchase_invoices": [],
			},
		)
		states = set()
		for row in rows:
			invoice = row.get("purchase_invoice")
			if not invoice:
				continue
			states.add(row.get("invoice_docstatus", 1) or 0)
			if invoice not in group["purchase_invoices"]:
				group["purchase_invoices"].append(invoice)
		cost = float(log.get("shipping_cost") or 0)
		group["count"] += 1
		group["total_cost"] += cost
		if 1 in states:
			group["invoiced_cost"] += cost
		elif states:
			group["drafted_cost"] += cost
		elif cost:
			group["to_settle"] += cost
			group["open_logs"] += 1
	return [groups[key] for key in sorted(groups)]


MATERIAL, SALES, OTHER = "Sales Material Log", "Sales Delivery", "Other Stock Movement"
SALES_VOUCHERS = ("Delivery Note", "Sales Invoice")


def movement_kind(move: Mapping) -> str:
	"""What moved the stock: a sales material log, an ordinary sale (delivery or invoice that
	updates stock, returns included) or anything else (receipts, transfers, reconciliations)."""
	if move.get("sales_material_log"):
		return MATERIAL
	if move.get("voucher_type") in SALES_VOUCHERS:
		return SALES
	return OTHER


def build_ledger(
	items: Iterable[Mapping],
	opening: Mapping[str, float],
	movements: Iterable[Mapping],
) -> list[dict]:
	"""Per item: an opening / in / out / balance row (indent 0) followed by its movements
	(indent 1), each with the running balance and its `movement` kind. The item row also
	splits what went out (net of what came back) between material logs and ordinary sales, so
	the two stay apart while the balance remains the stock ledger's.

	`items`: item_code, item_name, stock_uom. `opening`: {item_code: qty before the period}.
	`movements`: item_code, actual_qty (+ in, − out), voucher_type, sales_material_log and
	whatever else the caller wants shown (date, voucher, requested_by, approved_by …), in
	posting order."""
	by_item: dict[str, list[Mapping]] = {}
	for move in movements:
		by_item.setdefault(move["item_code"], []).append(move)
	rows: list[dict] = []
	for item in items:
		code = item["item_code"]
		balance = float(opening.get(code) or 0)
		head = {
			**item,
			"indent": 0,
			"opening_qty": balance,
			"in_qty": 0.0,
			"out_qty": 0.0,
			"material_out_qty": 0.0,
			"sales_out_qty": 0.0,
			"balance_qty": balance,
		}
		rows.append(head)
		for move in by_item.get(code, []):
			qty = float(move["actual_qty"] or 0)
			kind = movement_kind(move)
			balance += qty
			in_qty, out_qty = (qty, 0.0) if qty > 0 else (0.0, -qty)
			head["in_qty"] += in_qty
			head["out_qty"] += out_qty
			if kind == MATERIAL:
				head["material_out_qty"] -= qty
			elif kind == SALES:
				head["sales_out_qty"] -= qty
			rows.append(
				{
					**move,
					"item_name": item.get("item_name"),
					"stock_uom": item.get("stock_uom"),
					"indent": 1,
					"movement": kind,
					"opening_qty": balance - qty,
					"in_qty": in_qty,
					"out_qty": out_qty,
					"balance_qty": balance,
				}
			)
		head["balance_qty"] = balance
	return rows
