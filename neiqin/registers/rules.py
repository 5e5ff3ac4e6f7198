"""Pure rules of the clerk's registers (no frappe): visits, receipt instruments, balance
confirmations. Dates are `datetime.date`; records are plain dicts."""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Iterable
from datetime import date, timedelta

from neiqin.contract_fulfilment.working_days import add_working_days

# ----------------------------------------------------------------------------- visits


def due_visits(logs: Iterable[dict], today: date) -> list[dict]:
	"""Visit logs whose `next_visit_date` has come (<= today) and that were not reminded yet.

	Only the latest log of a customer counts (by `visit_date`, then `name`): a later visit
	already answered an earlier log's follow-up, so that one is never reminded."""
	latest: dict[str, dict] = {}
	for log in logs:
		current = latest.get(log["customer"])
		if current is None or (log["visit_date"], log["name"]) > (current["visit_date"], current["name"]):
			latest[log["customer"]] = log
	return sorted(
		(
			log
			for log in latest.values()
			if log.get("next_visit_date") and log["next_visit_date"] <= today and not log.get("reminded_on")
		),
		key=lambda log: (log["next_visit_date"], log["name"]),
	)


def visit_summary(logs: Iterable[dict], today: date) -> list[dict]:
	"""Per customer: last visit, days since, next due date (of the latest log), overdue flag and
	the number of logs given."""
	by_customer: dict[str, dict] = {}
	for log in logs:
		row = by_customer.setdefault(
			log["customer"],
			{"customer": log["customer"], "last_visit": None, "next_visit": None, "visits": 0, "_key": None},
		)
		row["visits"] += 1
		key = (log["visit_date"], log["name"])
		if row["_key"] is None or key > row["_key"]:
			row.update(_key=key, last_visit=log["visit_date"], next_visit=log.get("next_visit_date"))
	rows = []
	for row in by_customer.values():
		row.pop("_key")
		row["days_since"] = (today - row["last_visit"]).days
		row["overdue"] = bool(row["next_visit"] and row["next_visit"] < today)
		rows.append(row)
	return sorted(rows, key=lambda row: row["customer"])


def visits_per_user(logs: Iterable[dict]) -> list[dict]:
	"""Per user: visits and distinct customers in the logs given, with a count per channel."""
	by_user: dict[str, dict] = {}
	for log in logs:
		row = by_user.setdefault(
			log["visited_by"], {"visited_by": log["visited_by"], "visits": 0, "_c": set()}
		)
		row["visits"] += 1
		row["_c"].add(log["customer"])
		channel = log.get("channel") or ""
		row[channel] = row.get(channel, 0) + 1
	rows = []
	for row in by_user.values():
		row["customers"] = len(row.pop("_c"))
		rows.append(row)
	return sorted(rows, key=lambda row: row["visited_by"])


# ----------------------------------------------------------------------------- receipt instruments

BILL_TYPES = ("Bank Acceptance Bill", "Commercial Acceptance Bill")
MANUAL_STATUSES = ("Endorsed", "Bounced", "Cancelled")
COMPUTED_STATUSES = ("Received", "Handed Over", "Deposited")
# instruments no longer with the company: they mature for nobody here
CLOSED_STATUSES = ("Deposited", *MANUAL_STATUSES)


def handover_deadline(received_on: date, holidays: Collection[date]) -> date:
	"""The last day to hand an instrument to finance: the end of the next working day."""
	return add_working_days(received_on, 1, holidays)


def handover_late(deadline: date, handed_over_on: date | None, today: date) -> bool:
	"""Handed over after the deadline, or still not handed over once the deadline has passed."""
	return (handed_over_on or today) > deadline


def instrument_status(requested: str | None, handed_over: bool, payment_submitted: bool) -> str:
	"""The status an instrument has: one set by hand (endorsed, bounced, cancelled) stays;
	otherwise it follows the records — a submitted Payment Entry, a hand-over, receipt."""
	if requested in MANUAL_STATUSES:
		return requested
	if payment_submitted:
		return "Deposited"
	if handed_over:
		return "Handed Over"
	return "Received"


# hyphens and dashes a number is written with (after NFKC, which turns the full-width ones
# and full-width letters, digits and spaces into their plain forms)
_NUMBER_SEPARATORS = dict.fromkeys(map(ord, "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc\uff70"))


def normalise(value: str | None) -> str:
	"""A number or bank name as compared for duplicates: full-width characters as half-width,
	case, spaces (any kind) and hyphens/dashes ignored."""
	text = unicodedata.normalize("NFKC", value or "").translate(_NUMBER_SEPARATORS)
	return "".join(text.split()).casefold()


def normalise_key(instrument_number: str | None, drawer_bank: str | None) -> tuple[str, str]:
	"""What makes two instruments the same: number and drawer bank, each `normalise`d."""
	return normalise(instrument_number), normalise(drawer_bank)


def instrument_key(instrument_number: str | None, drawer_bank: str | None) -> str:
	"""`normalise_key` as one stored, indexed string (number and bank joined by a character
	neither can hold after normalising)."""
	return "\x1f".join(normalise_key(instrument_number, drawer_bank))[:140]


def settlement_difference(instrument_amount: float, paid_amount: float, precision: int = 2) -> float:
	"""What the payment settled minus what the instrument is worth (0 when they agree)."""
	return round((paid_amount or 0) - (instrument_amount or 0), precision)


def status_change_problem(
	current: str, requested: str, computed: str, signed: bool, is_finance: bool, reason: str | None
) -> str | None:
	"""Why a status change by hand is refused, or None. `computed` is the status the records
	give (hand-over, payment); a manual status (endorsed, bounced, cancelled) is chosen, a
	computed one only returns to what the records say (re-opening a manual status).
	Codes: "same", "unknown", "not_from_records", "finance_only", "reason"."""
	if requested == current:
		return "same"
	if requested not in (*MANUAL_STATUSES, *COMPUTED_STATUSES):
		return "unknown"
	if requested not in MANUAL_STATUSES and requested != computed:
		return "not_from_records"
	if current == "Deposited" or requested == "Deposited":
		return "not_from_records"  # a payment deposits; cancelling it un-deposits
	if signed and not is_finance:
		return "finance_only"
	if not (reason or "").strip():
		return "reason"
	return None


def maturing(bills: Iterable[dict], on_date: date, days: int) -> list[dict]:
	"""Bills (acceptance bills with a due date) still held that fall due within `days` days
	of `on_date` (inclusive), the earliest first. Already overdue bills are included."""
	until = on_date + timedelta(days=max(int(days or 0), 0))
	return sorted(
		(
			bill
			for bill in bills
			if bill.get("instrument_type") in BILL_TYPES
			and bill.get("due_date")
			and bill["due_date"] <= until
			and bill.get("status") not in CLOSED_STATUSES
		),
		key=lambda bill: (bill["due_date"], bill.get("name") or ""),
	)


def tracking_categories(instrument: dict, day: date) -> list[str]:
	"""Under which headings of the daily tracking report an instrument appears on `day`."""
	categories = []
	received = instrument["received_on"]
	handed = instrument.get("handed_over_on")
	if received == day:
		categories.append("Received")
	if handed == day:
		categories.append("Handed Over")
	if received <= day and (not handed or handed > day) and instrument.get("status") not in MANUAL_STATUSES:
		categories.append("With the Clerk")
	if instrument.get("payment_date") == day:
		categories.append("Turned into Payment")
	if instrument.get("status_changed_on") == day:
		categories.append("Status Changed")
	return categories


# ----------------------------------------------------------------------------- balance confirmation


def half_year_start(period_end: date) -> date:
	"""First day of the six months ending on `period_end`: 30 June -> 1 January, 31 December ->
	1 July (any month end -> the first of the month five months earlier); another day -> the
	day after the same day six months earlier (clamped to that month's end)."""
	month_end = (period_end + timedelta(days=1)).day == 1
	month = period_end.month - (5 if month_end else 6)
	year = period_end.year
	if month <= 0:
		month += 12
		year -= 1
	if month_end:
		return date(year, month, 1)
	day = period_end.day
	while True:
		try:
			return date(year, month, day) + timedelta(days=1)
		except ValueError:
			day -= 1


def last_half_year_end(today: date) -> date:
	"""The latest 30 June or 31 December on or before `today`."""
	if today >= date(today.year, 12, 31):
		return date(today.year, 12, 31)
	if today >= date(today.year, 6, 30):
		return date(today.year, 6, 30)
	return date(today.year - 1, 12, 31)


def balance_difference(balance_confirmed: float, balance_per_books: float, precision: int = 2) -> float:
	"""What the customer confirmed minus what the books say (positive: the customer says it owes more)."""
	return round((balance_confirmed or 0) - (balance_per_books or 0), precision)


def confirmation_status(sent: bool, replied: bool, difference: float, tolerance: float = 0.005) -> str:
	if replied:
		return "Confirmed" if abs(difference or 0) < tolerance else "Disputed"
	return "Sent" if sent else "Draft"
