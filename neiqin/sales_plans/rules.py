"""The rules of plans and follow-up (pure: no frappe, no database, no clock).

- Periods: a plan's target is for a month (`period_start`, the 1st); reports add months up to
  quarters or the year.
- Attainment: actual / target in %, none without a target; the ranking orders the rows of a
  period by their score, the mean attainment of the measures that have a target.
- A promise to pay is kept when the customer paid at least the promised amount between the
  follow-up and the promised date; broken when the promised date passed without that; a
  follow-up without a promise is closed once the customer owes nothing.
- A visit plan's line is done when a visit of that customer is logged in that week, each visit
  counting for one line.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence

MONTHLY, QUARTERLY, YEARLY = "Monthly", "Quarterly", "Yearly"
PERIODICITIES = (MONTHLY, QUARTERLY, YEARLY)
MONTHS_PER_PERIOD = {MONTHLY: 1, QUARTERLY: 3, YEARLY: 12}
MEASURES = ("order", "delivery", "collection", "visit")

OPEN, KEPT, BROKEN, CLOSED = "Open", "Promise Kept", "Promise Broken", "Closed"
STATUSES = (OPEN, KEPT, BROKEN, CLOSED)


# ----------------------------------------------------------------------------- dates


def month_start(day: datetime.date) -> datetime.date:
	return day.replace(day=1)


def add_months(day: datetime.date, months: int) -> datetime.date:
	"""The first day of the month `months` after `day`'s month."""
	index = day.year * 12 + day.month - 1 + months
	return datetime.date(index // 12, index % 12 + 1, 1)


def week_start(day: datetime.date) -> datetime.date:
	"""The Monday of `day`'s week."""
	return day - datetime.timedelta(days=day.weekday())


def is_monday(day: datetime.date) -> bool:
	return day.weekday() == 0


def week_end(monday: datetime.date) -> datetime.date:
	return monday + datetime.timedelta(days=6)


def periods(
	from_date: datetime.date, to_date: datetime.date, periodicity: str = MONTHLY
) -> list[tuple[datetime.date, datetime.date]]:
	"""(start, end) of the periods from `from_date` (a period starts there: a fiscal year's
	first day) to `to_date`, each `periodicity` long."""
	step = MONTHS_PER_PERIOD[periodicity]
	found, start = [], month_start(from_date)
	while start <= to_date:
		after = add_months(start, step)
		found.append((start, min(after - datetime.timedelta(days=1), to_date)))
		start = after
	return found


def period_of(
	day: datetime.date, bounds: Sequence[tuple[datetime.date, datetime.date]]
) -> datetime.date | None:
	"""The start of the period in `bounds` that holds `day` (None: outside them all)."""
	for start, end in bounds:
		if start <= day <= end:
			return start
	return None


# ----------------------------------------------------------------------------- attainment


def attainment(actual: float | None, target: float | None) -> float | None:
	"""actual / target in %, rounded to 0.1; None without a positive target or an actual."""
	if not target or target <= 0 or actual is None:
		return None
	return round(float(actual) * 100 / float(target), 1)


def score(row: Mapping) -> float | None:
	"""The mean attainment of the measures that have one (None: no target at all)."""
	values = [row.get(f"{m}_attainment") for m in MEASURES if row.get(f"{m}_attainment") is not None]
	return round(sum(values) / len(values), 1) if values else None


def rank(rows: list[dict], group_key: str = "period_start") -> list[dict]:
	"""Set `score` and `rank` (1 = best) on every row, within each group of `group_key`; rows
	without a score get no rank; equal scores share a rank."""
	groups: dict = {}
	for row in rows:
		row["score"] = score(row)
		groups.setdefault(row.get(group_key), []).append(row)
	for group in groups.values():
		scored = sorted((r for r in group if r["score"] is not None), key=lambda r: -r["score"])
		previous, place = None, 0
		for position, row in enumerate(scored, 1):
			if row["score"] != previous:
				place, previous = position, row["score"]
			row["rank"] = place
		for row in group:
			row.setdefault("rank", None)
	return rows


def combine(targets: Iterable[Mapping], actuals: Mapping, is_future) -> list[dict]:
	"""One row per (period_start, entity) with a target or an actual: target, actual and
	attainment of each measure. `targets`: rows with `period_start`, `entity` and the target
	amounts (`order_amount` …); `actuals`: {(period_start, entity): {measure: amount}};
	`is_future(period_start)`: the period has not started, so it shows the target only."""
	rows: dict = {}
	for target in targets:
		key = (target["period_start"], target["entity"])
		row = rows.setdefault(key, _empty_row(*key))
		for measure in MEASURES:
			field = "visit_count" if measure == "visit" else f"{measure}_amount"
			row[f"{measure}_target"] += float(target.get(field) or 0)
	for key, figures in actuals.items():
		row = rows.setdefault(key, _empty_row(*key))
		for measure, amount in figures.items():
			row[f"{measure}_actual"] = (row.get(f"{measure}_actual") or 0) + amount
	for (period, _entity), row in rows.items():
		future = is_future(period)
		row["future"] = future
		for measure in MEASURES:
			if future:
				row[f"{measure}_actual"] = None
			elif row.get(f"{measure}_actual") is None:
				row[f"{measure}_actual"] = 0.0
			row[f"{measure}_attainment"] = attainment(row[f"{measure}_actual"], row[f"{measure}_target"])
	return [rows[key] for key in sorted(rows, key=lambda k: (k[0], k[1] or ""))]


def _empty_row(period_start, entity) -> dict:
	row = {"period_start": period_start, "entity": entity}
	for measure in MEASURES:
		row[f"{measure}_target"] = 0.0
		row[f"{measure}_actual"] = None
	return row


def bucket_targets(
	targets: Iterable[Mapping], bounds: Sequence[tuple[datetime.date, datetime.date]]
) -> list[dict]:
	"""Target lines moved to the start of the period (of `bounds`) holding their month; lines
	outside every period are left out."""
	moved = []
	for target in targets:
		period = period_of(target["period_start"], bounds)
		if period is not None:
			moved.append({**target, "period_start": period})
	return moved


def add_actual(actuals: dict, period, entity, measure: str, amount: float) -> None:
	if period is None or entity is None:
		return
	figures = actuals.setdefault((period, entity), {})
	figures[measure] = figures.get(measure, 0.0) + float(amount or 0)


# ----------------------------------------------------------------------------- promises


def promise_status(
	promised_amount: float | None,
	promised_date: datetime.date | None,
	paid_since: float,
	outstanding_now: float,
	today: datetime.date,
) -> str:
	"""Open / Promise Kept / Promise Broken / Closed of a follow-up (see the module doc)."""
	promised = float(promised_amount or 0)
	if promised > 0 and promised_date:
		if float(paid_since or 0) >= promised - 0.005:
			return KEPT
		if today > promised_date:
			return BROKEN
		return OPEN
	return CLOSED if float(outstanding_now or 0) <= 0.005 else OPEN


def payment_window_end(promised_date: datetime.date | None, today: datetime.date) -> datetime.date:
	"""Payments count up to the promised date (today while no promise or before it)."""
	return min(promised_date, today) if promised_date else today


def locked(promised_date: datetime.date | None, today: datetime.date) -> bool:
	"""A follow-up is kept as it was once its promised date has passed."""
	return bool(promised_date) and today > promised_date


# ----------------------------------------------------------------------------- visits


def match_visits(
	lines: Sequence[Mapping], logs: Iterable[Mapping], monday: datetime.date
) -> list[str | None]:
	"""For each line (customer, planned_date), the name of the visit log that does it (None: not
	done). A log of the line's customer dated in the week counts once, the closest to the
	planned date first."""
	end = week_end(monday)
	free = [log for log in logs if monday <= log["visit_date"] <= end]
	matched: list[str | None] = [None] * len(lines)
	order = sorted(range(len(lines)), key=lambda i: (lines[i]["planned_date"], i))
	for index in order:
		line = lines[index]
		candidates = [log for log in free if log["customer"] == line["customer"]]
		if not candidates:
			continue
		best = min(
			candidates, key=lambda log: (abs((log["visit_date"] - line["planned_date"]).days), log["name"])
		)
		matched[index] = best["name"]
		free.remove(best)
	return matched


def completion(planned: int, done: int) -> float | None:
	return round(done * 100 / planned, 1) if planned else None


# ----------------------------------------------------------------------------- ageing


def ageing_bucket(days_overdue: int, ranges: Sequence[int]) -> int:
	"""Index of the ageing column (ERPNext's Accounts Receivable: 0-30, 31-60, 61-90, 91-120,
	121-above for ranges (30, 60, 90, 120)): the first range the days reach up to."""
	for index, limit in enumerate(ranges):
		if days_overdue <= limit:
			return index
	return len(ranges)


def quarter_start(day: datetime.date) -> datetime.date:
	return datetime.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
