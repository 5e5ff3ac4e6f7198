"""Working-day arithmetic for the contract entry SLA (pure: no frappe).

ERPNext semantics: a day is non-working exactly when it is listed in the company's Holiday
List (weekly offs are rows of that list too); every other day, weekend or not, is a working
day. Dates are `datetime.date`; `holidays` is any container of dates (a set is fastest).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta

ONE_DAY = timedelta(days=1)


def is_working_day(day: date, holidays: Collection[date]) -> bool:
	return day not in holidays


def add_working_days(start: date, days: int, holidays: Collection[date]) -> date:
	"""The date on which the `days`-th working day after `start` falls.

	`start` itself never counts (a contract signed on Friday with one working day to enter
	is due on Monday when Saturday and Sunday are holidays). `days` <= 0 returns `start`.
	"""
	current = start
	remaining = days
	while remaining > 0:
		current += ONE_DAY
		if is_working_day(current, holidays):
			remaining -= 1
	return current


def working_days_between(start: date, end: date, holidays: Collection[date]) -> int:
	"""Working days in the half-open range (start, end]; 0 when `end` is not after `start`."""
	if end <= start:
		return 0
	total = (end - start).days
	listed = sum(1 for day in holidays if start < day <= end)
	return total - listed


def entry_delay(signed: date, entered: date, allowed_days: int, holidays: Collection[date]) -> dict:
	"""How an order entered on `entered` for a contract signed on `signed` stands against the SLA.

	Returns `deadline` (last date on which entry is on time), `working_days` taken,
	`days_late` (working days past the deadline, 0 when on time) and `is_late`. Entry on a
	non-working day right after the deadline is on time: no working day was lost.
	"""
	allowed_days = max(int(allowed_days or 0), 0)
	deadline = add_working_days(signed, allowed_days, holidays)
	taken = working_days_between(signed, entered, holidays)
	days_late = working_days_between(deadline, entered, holidays)
	return {
		"deadline": deadline,
		"working_days": taken,
		"days_late": days_late,
		"is_late": days_late > 0,
	}
