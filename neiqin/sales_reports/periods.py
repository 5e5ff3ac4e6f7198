"""Date arithmetic shared by the sales reports (pure: no frappe)."""

from __future__ import annotations

from datetime import date, timedelta


def days(from_date: date, to_date: date) -> list[date]:
	"""Every day from `from_date` to `to_date`, both included (empty when the range is reversed)."""
	return [from_date + timedelta(days=offset) for offset in range((to_date - from_date).days + 1)]


def previous_period(from_date: date, to_date: date) -> tuple[date, date]:
	"""The period of equal length that ends the day before `from_date`."""
	length = (to_date - from_date).days + 1
	return from_date - timedelta(days=length), from_date - timedelta(days=1)


def change_percent(current: float, previous: float) -> float | None:
	"""Change of `current` against `previous` in percent; None when there is nothing to compare with."""
	if not previous:
		return None
	return round((current - previous) / abs(previous) * 100, 1)
