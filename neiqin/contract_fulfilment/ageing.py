"""Receivable ageing per contract (pure: no frappe).

Rules of the Contract Receivables report:
- An invoice is due in instalments: its Payment Schedule rows (due date, amount), or one
  instalment on the invoice's due date when it has no schedule.
- What an invoice still has open is read from the Payment Ledger. Money received settles
  the instalments in due-date order (earliest first), so what stays open is the latest
  instalments' share: `split_outstanding()`.
- Each open amount is aged by the days between its due date and the as-of date: not yet
  due, then buckets like ERPNext's Accounts Receivable ("30, 60, 90" -> 0-30, 31-60,
  61-90, over 90).
- A credit balance (a credit note with its own outstanding, an over-payment) is never aged:
  a credit note first reduces the invoice it was issued against while that invoice is
  open (`allocate_credits()`), what is left is shown as unallocated credit.
- An invoice that covers several orders is attributed to each order in proportion to the
  net amount of that order's lines on the invoice: `order_shares()`.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from datetime import date

DEFAULT_RANGES = "30, 60, 90"
EPSILON = 1e-9


class InvalidRanges(ValueError):
	pass


def parse_ranges(text: str | None) -> list[int]:
	"""'30, 60, 90' -> [30, 60, 90]: strictly increasing positive whole days."""
	text = (text or "").strip() or DEFAULT_RANGES
	parts = [part.strip() for part in text.split(",") if part.strip()]
	if not parts or not all(part.isdigit() for part in parts):
		raise InvalidRanges(text)
	ranges = [int(part) for part in parts]
	if ranges[0] <= 0 or any(b <= a for a, b in itertools.pairwise(ranges)):
		raise InvalidRanges(text)
	return ranges


def bucket_bounds(ranges: Sequence[int]) -> list[tuple[int, int | None]]:
	"""[30, 60, 90] -> [(0, 30), (31, 60), (61, 90), (91, None)] (inclusive day bounds)."""
	bounds = []
	low = 0
	for high in ranges:
		bounds.append((low, high))
		low = high + 1
	bounds.append((low, None))
	return bounds


def bucket_index(age_days: int, ranges: Sequence[int]) -> int | None:
	"""Bucket of an amount `age_days` past due; None when not yet due (negative age)."""
	if age_days < 0:
		return None
	for index, high in enumerate(ranges):
		if age_days <= high:
			return index
	return len(ranges)


def split_outstanding(
	schedule: Sequence[tuple[date, float]], invoiced: float, outstanding: float
) -> list[tuple[date, float]]:
	"""Spread an invoice's `outstanding` over its instalments; returns [(due date, open amount)].

	`schedule` is [(due date, amount)] in any order; its amounts are scaled to add up to
	`invoiced` (the ledger's figure is the truth; schedules can be off by rounding).
	Received money (`invoiced - outstanding`) settles the earliest instalments first. An
	outstanding amount that does not fit the schedule (over-payment, credit balance,
	outstanding above the invoiced amount) is put on the last instalment.
	"""
	if not schedule:
		return []
	rows = sorted(schedule, key=lambda row: row[0])
	scheduled = sum(amount for _due, amount in rows)
	if abs(scheduled) > EPSILON:
		rows = [(due, amount * invoiced / scheduled) for due, amount in rows]
	else:
		rows = [(due, 0.0) for due, _amount in rows[:-1]] + [(rows[-1][0], invoiced)]

	same_sign = invoiced * outstanding > 0
	if not same_sign or abs(outstanding) > abs(invoiced) + EPSILON:
		result = [(due, 0.0) for due, _amount in rows]
		result[-1] = (result[-1][0], outstanding)
		return result

	received = invoiced - outstanding
	result = []
	for due, amount in rows:
		settled = min(abs(amount), abs(received)) if received * amount > 0 else 0.0
		settled = settled if amount >= 0 else -settled
		received -= settled
		result.append((due, amount - settled))
	return result


def age_amounts(open_amounts: Iterable[tuple[date, float]], as_of: date, ranges: Sequence[int]) -> dict:
	"""{'not_due': x, 'buckets': [..len(ranges)+1..], 'age': oldest age in days or None}."""
	buckets = [0.0] * (len(ranges) + 1)
	not_due = 0.0
	oldest = None
	for due, amount in open_amounts:
		if abs(amount) <= EPSILON:
			continue
		age = (as_of - due).days
		index = bucket_index(age, ranges)
		if index is None:
			not_due += amount
			continue
		buckets[index] += amount
		oldest = age if oldest is None else max(oldest, age)
	return {"not_due": not_due, "buckets": buckets, "age": oldest}


def order_shares(lines: Iterable[tuple[str, str | None, float]]) -> dict[tuple[str, str], float]:
	"""{(invoice, sales order): share} from invoice lines [(invoice, sales order or None, net)].

	An invoice's share for an order is that order's net amount over the invoice's net
	total (lines without an order included in the total, attributed to no order). An
	invoice whose lines add up to zero is shared equally among its orders.
	"""
	totals: dict[str, float] = {}
	per_order: dict[tuple[str, str], float] = {}
	for invoice, order, net in lines:
		totals[invoice] = totals.get(invoice, 0.0) + float(net or 0)
		if order:
			per_order[(invoice, order)] = per_order.get((invoice, order), 0.0) + float(net or 0)
	orders_per_invoice: dict[str, int] = {}
	for invoice, _order in per_order:
		orders_per_invoice[invoice] = orders_per_invoice.get(invoice, 0) + 1
	shares = {}
	for (invoice, order), net in per_order.items():
		total = totals[invoice]
		shares[(invoice, order)] = net / total if abs(total) > EPSILON else 1.0 / orders_per_invoice[invoice]
	return shares


def invoice_balance(invoice: str, is_return: bool, entries: Iterable[tuple[str, str, float]]) -> dict:
	"""Invoiced, received and outstanding of one invoice from its Payment Ledger entries.

	`entries` are [(voucher type, voucher no, amount)] of the ledger rows *against* the
	invoice (company currency, receivable sign: + owed by the customer). The invoice's own
	posting in its natural direction (+ for an invoice, - for a credit note) is what was
	invoiced; other Sales Invoices against it are credit notes and reduce it; everything
	else (payments, journal entries, reconciled advances, a POS invoice's own payment) is
	what was received. Outstanding is the sum of all.
	"""
	natural = -1.0 if is_return else 1.0
	invoiced = received = outstanding = 0.0
	for voucher_type, voucher_no, amount in entries:
		amount = float(amount or 0)
		outstanding += amount
		if voucher_type == "Sales Invoice" and voucher_no == invoice and amount * natural > 0:
			invoiced += amount
		elif voucher_type == "Sales Invoice" and voucher_no != invoice:
			invoiced += amount  # a credit note booked against this invoice
		else:
			received -= amount
	return {"invoiced": invoiced, "received": received, "outstanding": outstanding}


def allocate_credits(
	outstanding: Mapping[str, float], credits: Iterable[tuple[str, str | None]]
) -> list[tuple[str, str, float]]:
	"""Settle credit balances against the invoices they were issued against.

	`outstanding` is {invoice: outstanding} (negative: a credit the customer holds);
	`credits` is [(credit invoice, invoice it is against or None)] in the order to settle
	them (posting order). A credit reduces the invoice it is against while that invoice is
	still open, by no more than is open; what is left stays a credit of its own (never aged:
	nothing is overdue about money owed to the customer). Returns [(credit, invoice,
	amount settled > 0)].
	"""
	open_amounts = dict(outstanding)
	settled = []
	for credit, against in credits:
		available = -open_amounts.get(credit, 0.0)
		owed = open_amounts.get(against, 0.0) if against and against != credit else 0.0
		amount = min(available, owed)
		if amount <= EPSILON:
			continue
		open_amounts[credit] += amount
		open_amounts[against] -= amount
		settled.append((credit, against, amount))
	return settled
