"""Pure rules of the sales expenses (销售费用): no database, no dates from a clock.

Each function takes plain values and returns a value or the problems it finds; the doctypes and
services (`neiqin.sales_expenses.*`) load what these need and turn problems into refusals.
"""

from __future__ import annotations

import calendar
import datetime
import re
import unicodedata
from collections.abc import Iterable, Mapping

# ----------------------------------------------------------------------------- statuses

DRAFT = "Draft"
APPROVED = "Approved"
ADVANCE_PAID = "Advance Paid"
PARTLY_CLAIMED = "Partly Claimed"
CLAIMED = "Claimed"
CLOSED = "Closed"
CANCELLED = "Cancelled"
REQUEST_STATUSES = (DRAFT, APPROVED, ADVANCE_PAID, PARTLY_CLAIMED, CLAIMED, CLOSED, CANCELLED)

UNPAID = "Unpaid"
PAID = "Paid"
CLAIM_STATUSES = (DRAFT, UNPAID, PAID, CANCELLED)

CENT = 0.005


def request_status(
	docstatus: int, estimated: float, advance_paid: float, claimed: float, advance_settled: float
) -> str:
	"""A request's status, from its documents: submitted = approved; an advance paid and not yet
	claimed = Advance Paid; claims below the estimate = Partly Claimed; claims reaching the
	estimate = Claimed, and Closed once the advance paid is settled by the claims too."""
	if docstatus == 0:
		return DRAFT
	if docstatus == 2:
		return CANCELLED
	if claimed <= CENT:
		return ADVANCE_PAID if advance_paid > CENT else APPROVED
	if claimed + CENT < estimated:
		return PARTLY_CLAIMED
	return CLOSED if advance_paid - advance_settled <= CENT else CLAIMED


def claim_status(docstatus: int, payable: float, paid: float) -> str:
	if docstatus == 0:
		return DRAFT
	if docstatus == 2:
		return CANCELLED
	return PAID if payable - paid <= CENT else UNPAID


# ----------------------------------------------------------------------------- requests


def needs_general_manager(special: bool, amount: float, threshold: float, over_budget: bool) -> bool:
	"""特殊费用或设计选型费用…必须向总经理请示: special types, amounts above the threshold (0 = no
	threshold) and requests beyond the budget left are approved by the General Manager too."""
	return bool(special) or (threshold > 0 and amount > threshold + CENT) or bool(over_budget)


def request_problems(estimated: float, advance: float) -> list[tuple[str, tuple]]:
	problems = []
	if estimated <= 0:
		problems.append(("amount_not_positive", (estimated,)))
	if advance < 0:
		problems.append(("advance_negative", (advance,)))
	elif advance > estimated + CENT:
		problems.append(("advance_above_estimate", (advance, estimated)))
	return problems


# ----------------------------------------------------------------------------- receipts

DASHES = re.compile(r"[\s\-_‐‑‒–—―−－ー]+")


def normalise_receipt_number(number: str | None) -> str:
	"""One form per receipt: full-width to half-width (NFKC), upper case, without spaces,
	hyphens or dashes. "ab-12 34" == "AB1234" == "ＡＢ－１２３４"."""
	if not number:
		return ""
	text = unicodedata.normalize("NFKC", str(number))
	return DASHES.sub("", text).upper()


def duplicate_receipts(lines: Iterable[Mapping]) -> list[tuple[int, int, str]]:
	"""(idx, earlier idx, key) of lines repeating a receipt key within the same claim."""
	seen: dict[str, int] = {}
	found = []
	for line in lines:
		key = line.get("receipt_key")
		if not key:
			continue
		if key in seen:
			found.append((line["idx"], seen[key], key))
		else:
			seen[key] = line["idx"]
	return found


# ----------------------------------------------------------------------------- claims


def over_tolerance(
	claimed_by_request: Mapping[str, float],
	approved_by_request: Mapping[str, float],
	tolerance_percent: float,
) -> list[tuple[str, float, float]]:
	"""(request, claimed, allowed) of requests claimed above their approved amount by more than
	the tolerance: the excess needs a new approval (a new request)."""
	found = []
	for request, claimed in claimed_by_request.items():
		approved = approved_by_request.get(request, 0.0)
		allowed = round(approved * (1 + max(tolerance_percent, 0) / 100.0), 2)
		if claimed > allowed + CENT:
			found.append((request, claimed, allowed))
	return found


def split_settlement(total: float, advance_available: float) -> tuple[float, float]:
	"""(settled from advances, owed to the employee): advances first, up to what they hold."""
	from_advance = round(min(max(total, 0.0), max(advance_available, 0.0)), 2)
	return from_advance, round(total - from_advance, 2)


def journal_lines(
	lines: Iterable[Mapping], advance_account: str, payable_account: str, from_advance: float, owed: float
) -> list[dict]:
	"""The Journal Entry of a claim: one debit per (expense account, cost center), a credit to
	the employee advance account up to the advances, a credit to the employee payable account for
	the rest. Debits equal credits equal the claim."""
	debits: dict[tuple[str, str], float] = {}
	for line in lines:
		key = (line["expense_account"], line["cost_center"])
		debits[key] = round(debits.get(key, 0.0) + float(line["amount"]), 2)
	rows = [
		{"account": account, "cost_center": cost_center, "debit": amount, "credit": 0.0, "party": False}
		for (account, cost_center), amount in debits.items()
	]
	if from_advance > 0:
		rows.append({"account": advance_account, "debit": 0.0, "credit": from_advance, "party": True})
	if owed > 0:
		rows.append({"account": payable_account, "debit": 0.0, "credit": owed, "party": True})
	return rows


# ----------------------------------------------------------------------------- budgets

MONTH, QUARTER, YEAR = "Month", "Quarter", "Year"


def budget_period(
	period: str, start: datetime.date | None, year_start: datetime.date, year_end: datetime.date
) -> tuple[datetime.date, datetime.date]:
	"""(from, to) of a budget: the month or the quarter (three months from the month of `start`)
	holding `start`, or the fiscal year."""
	if period == YEAR or start is None:
		return year_start, year_end
	first = start.replace(day=1)
	months = 3 if period == QUARTER else 1
	month_index = first.month - 1 + months - 1
	last_year, last_month = first.year + month_index // 12, month_index % 12 + 1
	last = datetime.date(last_year, last_month, calendar.monthrange(last_year, last_month)[1])
	return first, last


def line_matches(line: Mapping, request: Mapping) -> bool:
	"""A budget line covers a request when each dimension it names is the request's (a territory
	or sales person line covers its descendants too: `request` gives their ancestors)."""
	for field, ancestors in (("territory", "territories"), ("sales_person", "sales_persons")):
		wanted = line.get(field)
		if wanted and wanted not in (request.get(ancestors) or (request.get(field),)):
			return False
	wanted_type = line.get("expense_type")
	return not wanted_type or wanted_type == request.get("expense_type")


def used_amount(estimated: float, claimed: float) -> float:
	"""What a submitted request takes from a budget: what is committed (approved, not claimed)
	plus what is claimed — the larger of the two."""
	return max(estimated, claimed)


def budget_left(amount: float, used: Iterable[float]) -> float:
	return round(amount - sum(used), 2)


# ----------------------------------------------------------------------------- advances


def ageing_bucket(days: int, ranges: tuple[int, ...] = (30, 60, 90)) -> int:
	"""Index of the ageing column a balance `days` old falls in (0-30, 31-60, 61-90, 91+)."""
	for index, limit in enumerate(ranges):
		if days <= limit:
			return index
	return len(ranges)
