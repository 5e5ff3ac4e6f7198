"""Daily Sales Statistics: a day-by-day series and the change against the previous period (pure)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from neiqin.sales_reports.attribution import CREDITED, DELIVERED, INVOICED, ORDERED, RECEIVED, RETURNED
from neiqin.sales_reports.periods import change_percent, days

# Series of the report: deliveries net of returns, invoices net of credit notes.
SERIES = ("ordered", "delivered", "invoiced", "received")
_SIGN = {
	ORDERED: ("ordered", 1),
	DELIVERED: ("delivered", 1),
	RETURNED: ("delivered", -1),
	INVOICED: ("invoiced", 1),
	CREDITED: ("invoiced", -1),
	RECEIVED: ("received", 1),
}


def daily_rows(facts: Iterable[Mapping], from_date: date, to_date: date) -> list[dict]:
	"""One row per day from `from_date` to `to_date` (days without business included).

	Each row: date, orders (number of orders taken that day) and the four series.
	Facts outside the range are ignored.
	"""
	rows = {
		day: {"date": day, "orders": set(), **dict.fromkeys(SERIES, 0.0)} for day in days(from_date, to_date)
	}
	for fact in facts:
		row = rows.get(fact["date"])
		if row is None:
			continue
		series, sign = _SIGN[fact["measure"]]
		row[series] += sign * fact["amount"]
		if fact["measure"] == ORDERED:
			row["orders"].add(fact["document"])
	result = []
	for row in rows.values():
		row["orders"] = len(row["orders"])
		for series in SERIES:
			row[series] = round(row[series], 2)
		result.append(row)
	return result


def period_totals(rows: Iterable[Mapping]) -> dict:
	"""Sums of the daily rows."""
	rows = list(rows)
	result = {series: round(sum(row[series] for row in rows), 2) for series in SERIES}
	result["orders"] = sum(row["orders"] for row in rows)
	return result


def comparison(current: Mapping, previous: Mapping) -> dict:
	"""{series: (current, previous, change in percent or None)} for orders and every series."""
	return {
		key: (current[key], previous[key], change_percent(current[key], previous[key]))
		for key in ("orders", *SERIES)
	}
