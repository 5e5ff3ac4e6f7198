"""Daily Receipts Detail: one row per receipt, totals by mode of payment (pure: no frappe)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping


def receipt_rows(
	payments: Iterable[Mapping] = (),
	journal_lines: Iterable[Mapping] = (),
	invoice_orders: Mapping[str, Iterable[str]] | None = None,
) -> list[dict]:
	"""One row per Payment Entry and per (Journal Entry, customer), sorted by date and voucher.

	`payments`: one row per Payment Entry Reference (a single row without reference when the
	entry settles nothing) with the entry's `voucher_no`, `date`, `customer`, `customer_name`,
	`mode_of_payment`, `reference_no`, `reference_date`, `currency` (the receivable account's),
	`paid_amount` (that currency), `base_received_amount` (company currency),
	`unallocated_amount` and `source_exchange_rate`, and the reference's `reference_doctype`,
	`reference_name`.
	`journal_lines`: Journal Entry lines crediting a customer: `voucher_no`, `date`, `customer`,
	`customer_name`, `mode_of_payment`, `reference_no`, `reference_date`, `currency`, `amount`
	(account currency), `base_amount`, `reference_doctype`, `reference_name`.
	`invoice_orders`: {sales invoice: [sales orders of its lines]}, so that a receipt settling
	an invoice also names the orders behind it.

	Each row lists the `invoices` and `orders` it settles and keeps `documents`, the set of
	(doctype, name) it settles directly.
	"""
	invoice_orders = invoice_orders or {}
	rows: dict[tuple, dict] = {}
	for line in payments:
		key = ("Payment Entry", line["voucher_no"], line.get("customer"))
		row = rows.get(key)
		if row is None:
			row = rows[key] = _row("Payment Entry", line)
			row["amount"] = float(line["paid_amount"] or 0)
			row["base_amount"] = float(line["base_received_amount"] or 0)
			row["unallocated"] = float(line["unallocated_amount"] or 0) * float(
				line["source_exchange_rate"] or 1
			)
		_add_reference(row, line)
	for line in journal_lines:
		key = ("Journal Entry", line["voucher_no"], line.get("customer"))
		row = rows.get(key)
		if row is None:
			row = rows[key] = _row("Journal Entry", line)
		row["amount"] += float(line["amount"] or 0)
		row["base_amount"] += float(line["base_amount"] or 0)
		if not _add_reference(row, line):
			row["unallocated"] += float(line["base_amount"] or 0)

	result = []
	for row in rows.values():
		orders = set(row.pop("_orders"))
		for invoice in row["_invoices"]:
			orders.update(invoice_orders.get(invoice, ()))
		row["invoices"] = sorted(row.pop("_invoices"))
		row["orders"] = sorted(o for o in orders if o)
		for field in ("amount", "base_amount", "unallocated"):
			row[field] = round(row[field], 2)
		result.append(row)
	return sorted(result, key=lambda r: (r["date"], r["voucher_no"], r["customer"] or ""))


def _row(voucher_type: str, line: Mapping) -> dict:
	return {
		"date": line["date"],
		"voucher_type": voucher_type,
		"voucher_no": line["voucher_no"],
		"customer": line.get("customer"),
		"customer_name": line.get("customer_name"),
		"mode_of_payment": line.get("mode_of_payment"),
		"reference_no": line.get("reference_no"),
		"reference_date": line.get("reference_date"),
		"currency": line.get("currency"),
		"amount": 0.0,
		"base_amount": 0.0,
		"unallocated": 0.0,
		"documents": set(),
		"_invoices": set(),
		"_orders": set(),
	}


def _add_reference(row: dict, line: Mapping) -> bool:
	"""Record the invoice or order the line settles; False when it settles neither."""
	doctype, name = line.get("reference_doctype"), line.get("reference_name")
	if not name or doctype not in ("Sales Invoice", "Sales Order"):
		return False
	row["documents"].add((doctype, name))
	(row["_invoices"] if doctype == "Sales Invoice" else row["_orders"]).add(name)
	return True


def settling(rows: Iterable[dict], documents: set[tuple[str, str]]) -> list[dict]:
	"""The rows that settle at least one of `documents` ((doctype, name) pairs)."""
	return [row for row in rows if row["documents"] & documents]


def totals_by_mode(rows: Iterable[Mapping]) -> list[tuple[str | None, float]]:
	"""[(mode of payment, company-currency total)], by mode name; receipts without a mode last."""
	totals: dict[str | None, float] = defaultdict(float)
	for row in rows:
		totals[row.get("mode_of_payment")] += row["base_amount"]
	return sorted(
		((mode, round(amount, 2)) for mode, amount in totals.items()),
		key=lambda t: (t[0] is None, t[0] or ""),
	)
