"""Rules of the paper that comes back (单据回收), as plain functions (no frappe).

Checks return `Problem`s (a code and its arguments); the controllers turn them into
translated refusals (`neiqin.documents_back.refusals`), the unit tests read them directly.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping
from typing import NamedTuple

from neiqin.contract_fulfilment.working_days import working_days_between

TOLERANCE = 0.005  # amounts are compared to the cent


class Problem(NamedTuple):
	code: str
	args: tuple = ()


# ============================================================================ signed receipts

AWAITING = "Awaiting"
RETURNED = "Returned"
ARCHIVED = "Archived"
LOST = "Lost"
RECEIPT_STATUSES = (AWAITING, RETURNED, ARCHIVED, LOST)
# what may follow each status (a lost receipt that turns up is returned after all)
RECEIPT_TRANSITIONS: dict[str, frozenset[str]] = {
	AWAITING: frozenset({RETURNED, LOST}),
	RETURNED: frozenset({ARCHIVED}),
	LOST: frozenset({RETURNED}),
	ARCHIVED: frozenset(),
}
# statuses in which the signed paper is in the office: the scan proves it
BACK_STATUSES = frozenset({RETURNED, ARCHIVED})

# Neiqin Settings › Signed Receipts Required
RECEIPTS_OFF = "Off"
RECEIPTS_ALL = "All Customers"
RECEIPTS_GROUPS = "Customer Groups"
# Neiqin Settings › Invoice Only After Signed Receipt
GUARD_OFF = "Off"
GUARD_WARN = "Warn"
GUARD_BLOCK = "Block"


def receipt_transition_problem(old: str | None, new: str) -> Problem | None:
	if new not in RECEIPT_STATUSES:
		return Problem("unknown_receipt_status", (new,))
	if old is None:
		return None if new == AWAITING else Problem("receipt_starts_awaiting", (new,))
	if old == new or new in RECEIPT_TRANSITIONS.get(old, frozenset()):
		return None
	return Problem("receipt_transition", (old, new))


def receipt_required(
	mode: str | None, customer_groups: Collection[str], chosen_groups: Collection[str]
) -> bool:
	"""Whether a delivery to a customer needs its signed receipt back. `customer_groups`: the
	customer's group and every group above it; `chosen_groups`: the groups of the settings."""
	if mode == RECEIPTS_ALL:
		return True
	if mode == RECEIPTS_GROUPS:
		return bool(set(customer_groups) & set(chosen_groups))
	return False


def receipt_due_date(delivered_on: datetime.date, return_days: int) -> datetime.date:
	return delivered_on + datetime.timedelta(days=max(int(return_days or 0), 0))


def is_receipt_overdue(status: str, due_date: datetime.date | None, today: datetime.date) -> bool:
	return status == AWAITING and due_date is not None and due_date < today


def days_outstanding(delivered_on: datetime.date, today: datetime.date) -> int:
	return max((today - delivered_on).days, 0)


AGE_BUCKETS = ((7, "0-7"), (15, "8-15"), (30, "16-30"))
OLDEST_BUCKET = "30+"


def age_bucket(days: int) -> str:
	for limit, label in AGE_BUCKETS:
		if days <= limit:
			return label
	return OLDEST_BUCKET


def invoice_guard(mode: str | None, receipts_not_back: Collection[str]) -> str | None:
	"""What a Sales Invoice of goods whose receipts are not back meets: None, "warn" or "block"."""
	if not receipts_not_back or mode not in (GUARD_WARN, GUARD_BLOCK):
		return None
	return "block" if mode == GUARD_BLOCK else "warn"


# ============================================================================ invoice requests

# invoice_type / fapiao_type values (English source, translated where shown)
VAT_SPECIAL = "VAT Special Invoice"
VAT_ORDINARY = "VAT Ordinary Invoice"
VAT_ELECTRONIC_ORDINARY = "VAT Electronic Ordinary Invoice"
DIGITAL_SPECIAL = "Digital VAT Special Invoice"
DIGITAL_ORDINARY = "Digital Ordinary Invoice"
REQUEST_TYPES = (VAT_SPECIAL, VAT_ORDINARY, DIGITAL_SPECIAL, DIGITAL_ORDINARY)
FAPIAO_TYPES = (VAT_SPECIAL, VAT_ORDINARY, VAT_ELECTRONIC_ORDINARY, DIGITAL_SPECIAL, DIGITAL_ORDINARY)
DIGITAL_TYPES = frozenset({DIGITAL_SPECIAL, DIGITAL_ORDINARY})
SPECIAL_TYPES = frozenset({VAT_SPECIAL, DIGITAL_SPECIAL})

# 统一社会信用代码 (18) or an older taxpayer number (15, 17, 20)
TAX_ID = re.compile(r"^(?:[0-9A-HJ-NP-RT-UW-Y]{18}|[0-9A-Z]{15}|[0-9A-Z]{17}|[0-9A-Z]{20})$")


def normalise_tax_id(text: str | None) -> str:
	return re.sub(r"[\s\-]", "", unicodedata.normalize("NFKC", text or "")).upper()


def buyer_problems(
	invoice_type: str,
	name: str | None,
	tax_id: str | None,
	address_phone: str | None,
	bank_account: str | None,
) -> list[Problem]:
	"""A special (专用) invoice needs every buyer detail; an ordinary one the name, and a tax ID
	that is well formed when given."""
	problems = []
	if not (name or "").strip():
		problems.append(Problem("buyer_name_required"))
	tax_id = normalise_tax_id(tax_id)
	if invoice_type in SPECIAL_TYPES:
		missing = [
			label
			for label, value in (
				("Taxpayer ID", tax_id),
				("Address and Phone", address_phone),
				("Bank and Account", bank_account),
			)
			if not (value or "").strip()
		]
		if missing:
			problems.append(Problem("buyer_details_required", (invoice_type, tuple(missing))))
	if tax_id and not TAX_ID.match(tax_id):
		problems.append(Problem("bad_tax_id", (tax_id,)))
	return problems


class SourceLine(NamedTuple):
	"""A submitted Sales Order or Delivery Note line a request may take."""

	doctype: str
	parent: str
	row: str
	qty: float
	so_detail: str | None  # the order line a delivery line comes from (None for order lines)
	customer: str
	company: str


def request_line_problems(
	lines: Iterable[Mapping],
	sources: Mapping[str, SourceLine],
	requested: Mapping[str, float],
	customer: str,
	company: str,
) -> list[Problem]:
	"""`lines`: {idx, source_detail, qty}; `sources`: {row name: SourceLine} (submitted, not
	returns; a missing key is no such line); `requested`: {order or delivery line: qty other
	submitted requests took}. A delivery line counts against itself and its order line, so the
	same goods are never requested twice, once from the order and once from the delivery."""
	problems = []
	taken: dict[str, float] = {}
	for line in lines:
		idx, row, qty = line["idx"], line.get("source_detail"), float(line.get("qty") or 0)
		source = sources.get(row or "")
		if source is None:
			problems.append(Problem("source_line_missing", (idx,)))
			continue
		if source.customer != customer or source.company != company:
			problems.append(Problem("source_of_other_party", (idx, source.parent)))
			continue
		if qty <= 0:
			problems.append(Problem("request_qty_not_positive", (idx, qty)))
			continue
		checks = [(source.row, source.qty, source.parent)]
		order = sources.get(source.so_detail or "")
		if order is not None:
			checks.append((order.row, order.qty, order.parent))
		for key, total, parent in checks:
			left = total - requested.get(key, 0.0) - taken.get(key, 0.0)
			if qty > left + 1e-9:
				problems.append(Problem("request_exceeds_left", (idx, qty, max(left, 0.0), parent)))
				break
		else:
			for key, _total, _parent in checks:
				taken[key] = taken.get(key, 0.0) + qty
	return problems


def request_entered_late(
	entered_on: datetime.date, needed_by: datetime.date, lead_days: int, holidays: Collection[datetime.date]
) -> dict:
	"""所有的出库申请及开票申请销售内勤要提前一天录入ERP: a request must be entered at least
	`lead_days` working days before the day it is needed."""
	ahead = working_days_between(entered_on, needed_by, holidays)
	lead_days = max(int(lead_days or 0), 0)
	return {"working_days_ahead": ahead, "is_late": ahead < lead_days, "short_by": max(lead_days - ahead, 0)}


# ============================================================================ fapiao

ISSUED = "Issued"
MAILED = "Mailed"
RECEIVED = "Received by Customer"
REVERSED = "Reversed"
VOID = "Void"
FAPIAO_STATUSES = (ISSUED, MAILED, RECEIVED, REVERSED, VOID)
FAPIAO_TRANSITIONS: dict[str, frozenset[str]] = {
	ISSUED: frozenset({MAILED, VOID, REVERSED}),
	# a mailing log cancelled before it left takes the fapiao back to Issued
	MAILED: frozenset({ISSUED, RECEIVED, REVERSED}),
	RECEIVED: frozenset({REVERSED}),
	REVERSED: frozenset(),
	VOID: frozenset(),
}
MAILED_STATUSES = frozenset({MAILED, RECEIVED})
# what a fapiao states: once mailed, only a Sales Manager changes it
LOCKED_AFTER_MAILING = ("fapiao_type", "fapiao_code", "fapiao_number", "amount", "tax_amount", "total")

DASHES = "-‐‑‒–—―－﹣"


def normalise_number(text: str | None) -> str:
	"""A fapiao number or code as the platform prints it, without what people add: full-width
	digits become ASCII, spaces and hyphens go ("No." too)."""
	text = unicodedata.normalize("NFKC", str(text or "")).strip()
	text = re.sub(r"^(?:No\.?|NO\.?|№)\s*", "", text)
	return re.sub(r"[\s" + re.escape(DASHES) + r"]", "", text)


def number_key(code: str | None, number: str | None) -> str:
	"""What identifies a fapiao within a company: its code and number (数电: the number alone)."""
	code, number = normalise_number(code), normalise_number(number)
	return f"{code}/{number}" if code else number


def number_problems(fapiao_type: str, code: str | None, number: str | None) -> list[Problem]:
	"""数电 fapiao: a 20-digit number and no code; the older types: an 8-digit number and a 10- or
	12-digit code."""
	code, number = normalise_number(code), normalise_number(number)
	problems = []
	if fapiao_type not in FAPIAO_TYPES:
		return [Problem("unknown_fapiao_type", (fapiao_type,))]
	if fapiao_type in DIGITAL_TYPES:
		if not re.fullmatch(r"\d{20}", number):
			problems.append(Problem("digital_number", (number,)))
		if code:
			problems.append(Problem("digital_has_code", (code,)))
	else:
		if not re.fullmatch(r"\d{8}", number):
			problems.append(Problem("paper_number", (number,)))
		if not re.fullmatch(r"\d{10}|\d{12}", code):
			problems.append(Problem("paper_code", (code,)))
	return problems


def amount_problems(amount: float, tax_amount: float, total: float, is_red_letter: bool) -> list[Problem]:
	problems = []
	if abs(amount + tax_amount - total) > TOLERANCE:
		problems.append(Problem("total_mismatch", (amount, tax_amount, total)))
	if is_red_letter and total >= 0:
		problems.append(Problem("red_letter_not_negative", (total,)))
	if not is_red_letter and total <= 0:
		problems.append(Problem("blue_not_positive", (total,)))
	return problems


class CoveredInvoice(NamedTuple):
	name: str
	company: str
	customer: str
	docstatus: int
	is_return: bool
	grand_total: float


def coverage_problems(
	company: str,
	customer: str | None,
	is_red_letter: bool,
	total: float,
	rows: list[tuple[int, str, float]],
	invoices: Mapping[str, CoveredInvoice],
	covered_elsewhere: Mapping[str, float],
) -> list[Problem]:
	"""`rows`: (idx, sales invoice, amount of this fapiao on it); `covered_elsewhere`: what other
	fapiao (not void) already cover of each invoice. A fapiao covers submitted invoices of its own
	company and customer (a red-letter one: credit notes), never more of an invoice than is left,
	and its rows add up to its total."""
	problems = []
	seen = set()
	for idx, name, amount in rows:
		invoice = invoices.get(name)
		if invoice is None:
			problems.append(Problem("invoice_missing", (idx, name)))
			continue
		if name in seen:
			problems.append(Problem("invoice_twice", (idx, name)))
			continue
		seen.add(name)
		if invoice.docstatus != 1:
			problems.append(Problem("invoice_not_submitted", (idx, name)))
		if invoice.company != company:
			problems.append(Problem("invoice_other_company", (idx, name, invoice.company, company)))
		if customer and invoice.customer != customer:
			problems.append(Problem("invoice_other_customer", (idx, name, invoice.customer, customer)))
		if invoice.is_return != is_red_letter:
			problems.append(
				Problem(
					"red_letter_covers_credit_notes" if is_red_letter else "blue_covers_invoices", (idx, name)
				)
			)
			continue
		sign = -1 if is_red_letter else 1
		if sign * amount <= 0:
			problems.append(Problem("row_amount_sign", (idx, name, amount)))
			continue
		left = sign * (invoice.grand_total - covered_elsewhere.get(name, 0.0))
		if sign * amount > left + TOLERANCE:
			problems.append(Problem("invoice_overcovered", (idx, name, amount, sign * max(left, 0.0))))
	if rows and abs(sum(amount for _idx, _name, amount in rows) - total) > TOLERANCE:
		problems.append(Problem("rows_not_total", (sum(amount for _i, _n, amount in rows), total)))
	return problems


def fapiao_transition_problem(old: str | None, new: str) -> Problem | None:
	if new not in FAPIAO_STATUSES:
		return Problem("unknown_fapiao_status", (new,))
	if old is None or old == new or new in FAPIAO_TRANSITIONS.get(old, frozenset()):
		return None
	return Problem("fapiao_transition", (old, new))


def changed_after_mailing(before: Mapping, after: Mapping, rows_before, rows_after) -> list[str]:
	"""The fields of `LOCKED_AFTER_MAILING` (and "invoices" for the covered rows) that differ."""
	changed = [
		field
		for field in LOCKED_AFTER_MAILING
		if _comparable(before.get(field)) != _comparable(after.get(field))
	]
	if sorted(rows_before) != sorted(rows_after):
		changed.append("invoices")
	return changed


def _comparable(value):
	if isinstance(value, float | int):
		return round(float(value), 2)
	return normalise_number(value) if isinstance(value, str) else value
