"""Aggregation of the Contract Fulfilment Statistics report (pure: no frappe).

Input: one mapping per *group of contract lines* that the rules below cannot tell apart —
the lines of one order with the same item group, line status, delivery date and fully
delivered date — carrying its order's header fields, `lines` (how many lines), the sums of
the lines' `amount`, `delivered_amount`, `invoiced_amount` and `paid_amount`, and
`undelivered_amount`, the sum of what each line still has to deliver (never negative for a
line). The database does that grouping (one GROUP BY query on `tabContract Fulfilment`
joined to `tabContract Fulfilment Item`), so a report over 20,000 lines hands this module a
few thousand rows; a single line is a group with `lines` = 1. Output: one row per period
(total) followed by one row per group inside that period.

Rules, in one place:
- A contract belongs to the period of its order date (`transaction_date`): calendar month,
  quarter or year.
- Amounts are in company currency. Grouped by customer, sales person or territory, an
  order adds its header totals (`base_ordered_amount`, `base_delivered_amount`,
  `base_invoiced_amount`, `base_paid_amount`) once. Grouped by item group, each line adds
  its own amounts times the order's `conversion_rate`, because one order can span groups.
- % delivered / invoiced / paid are shares of the ordered amount.
- A line is *due* when its delivery date is on or before `today`, or when it is already
  fully delivered. It is *on time* when it was fully delivered on or before its delivery
  date. On-time delivery rate = on-time lines / due lines.
- A line is *overdue* when its delivery date is before `today` and it is not fully
  delivered; its overdue amount is its undelivered amount (company currency).
- A line closed before it was fully delivered (the line or its whole order is Closed) is
  neither due nor overdue: the rest will not be delivered.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

PERIODICITIES = ("Monthly", "Quarterly", "Yearly")
GROUP_FIELDS = {
	"Customer": "customer",
	"Sales Person": "sales_person",
	"Territory": "territory",
	"Item Group": "item_group",
}
HEADER_AMOUNTS = {
	"ordered": "base_ordered_amount",
	"delivered": "base_delivered_amount",
	"invoiced": "base_invoiced_amount",
	"paid": "base_paid_amount",
}
LINE_AMOUNTS = {
	"ordered": "amount",
	"delivered": "delivered_amount",
	"invoiced": "invoiced_amount",
	"paid": "paid_amount",
}
CLOSED_ORDER_STATUSES = {"Closed", "Cancelled"}
CLOSED_LINE_STATUSES = {"Closed"}


def period_of(day: date, periodicity: str) -> tuple[date, str]:
	"""(first day of the period, label) of `day`: ("2026-03", "2026 Q1", "2026")."""
	if periodicity == "Monthly":
		return date(day.year, day.month, 1), f"{day.year}-{day.month:02d}"
	if periodicity == "Quarterly":
		quarter = (day.month - 1) // 3 + 1
		return date(day.year, 3 * quarter - 2, 1), f"{day.year} Q{quarter}"
	if periodicity == "Yearly":
		return date(day.year, 1, 1), str(day.year)
	raise ValueError(f"Unknown periodicity {periodicity!r}")


@dataclass
class Totals:
	contracts: set = field(default_factory=set)
	ordered: float = 0.0
	delivered: float = 0.0
	invoiced: float = 0.0
	paid: float = 0.0
	lines: int = 0
	lines_due: int = 0
	on_time_lines: int = 0
	overdue_lines: int = 0
	overdue_amount: float = 0.0

	def as_row(self) -> dict:
		return {
			"contracts": len(self.contracts),
			"ordered_amount": self.ordered,
			"delivered_amount": self.delivered,
			"invoiced_amount": self.invoiced,
			"paid_amount": self.paid,
			"outstanding_amount": self.invoiced - self.paid,
			"per_delivered": percent(self.delivered, self.ordered),
			"per_invoiced": percent(self.invoiced, self.ordered),
			"per_paid": percent(self.paid, self.ordered),
			"lines": self.lines,
			"lines_due": self.lines_due,
			"on_time_lines": self.on_time_lines,
			"on_time_rate": percent(self.on_time_lines, self.lines_due),
			"overdue_lines": self.overdue_lines,
			"overdue_amount": self.overdue_amount,
		}


def percent(part: float, whole: float) -> float:
	return round(100.0 * part / whole, 2) if whole else 0.0


def line_timeliness(line: Mapping, today: date) -> tuple[bool, bool, bool]:
	"""(is due, delivered on time, is overdue) for one contract line (or a group of lines
	with the same status, delivery date and fully delivered date)."""
	delivery_date = line.get("delivery_date")
	done_on = line.get("fully_delivered_on")
	closed = line.get("status") in CLOSED_LINE_STATUSES or line.get("fulfilment_status") in (
		CLOSED_ORDER_STATUSES
	)
	if closed and not done_on:
		return False, False, False  # what was closed undelivered is no longer due
	if not delivery_date:
		return bool(done_on), False, False
	is_due = bool(done_on) or delivery_date <= today
	on_time = bool(done_on) and done_on <= delivery_date
	overdue = not done_on and delivery_date < today
	return is_due, on_time, overdue


def aggregate(lines: Iterable[Mapping], group_by: str, periodicity: str, today: date) -> list[dict]:
	"""Report rows: per period a total row (indent 0), then its groups (indent 1).

	`lines`: groups of contract lines as described in the module's docstring (each counts
	`lines` times in the line counts; its amounts are already sums).

	Periods are in date order; groups inside a period by ordered amount, largest first.
	Each row carries `period`, `group` (None on period rows), `indent` and the totals of
	`Totals.as_row()`.
	"""
	if group_by not in GROUP_FIELDS:
		raise ValueError(f"Unknown grouping {group_by!r}")
	group_field = GROUP_FIELDS[group_by]
	per_line_amounts = group_by == "Item Group"

	periods: dict[date, tuple[str, Totals, dict[str, Totals]]] = {}
	counted_headers: set[tuple] = set()
	for line in lines:
		start, label = period_of(line["transaction_date"], periodicity)
		if start not in periods:
			periods[start] = (label, Totals(), {})
		_label, period_totals, groups = periods[start]
		group = line.get(group_field) or ""
		group_totals = groups.setdefault(group, Totals())
		order = line["sales_order"]

		period_totals.contracts.add(order)
		group_totals.contracts.add(order)
		rate = float(line.get("conversion_rate") or 1)
		if per_line_amounts:
			amounts = {key: float(line.get(name) or 0) * rate for key, name in LINE_AMOUNTS.items()}
			_add_amounts(period_totals, amounts)
			_add_amounts(group_totals, amounts)
		elif order not in counted_headers:
			# the header totals count once per order (its group is the same for all lines)
			counted_headers.add(order)
			amounts = {key: float(line.get(name) or 0) for key, name in HEADER_AMOUNTS.items()}
			_add_amounts(period_totals, amounts)
			_add_amounts(group_totals, amounts)

		count = int(line.get("lines", 1))
		is_due, on_time, overdue = line_timeliness(line, today)
		overdue_amount = float(line.get("undelivered_amount") or 0) * rate if overdue else 0.0
		for totals in (period_totals, group_totals):
			totals.lines += count
			totals.lines_due += count * is_due
			totals.on_time_lines += count * on_time
			totals.overdue_lines += count * overdue
			totals.overdue_amount += overdue_amount

	rows = []
	for start in sorted(periods):
		label, period_totals, groups = periods[start]
		rows.append(
			{"period": label, "period_start": start, "group": None, "indent": 0, **period_totals.as_row()}
		)
		for group, totals in sorted(groups.items(), key=lambda item: (-item[1].ordered, item[0])):
			rows.append(
				{"period": label, "period_start": start, "group": group, "indent": 1, **totals.as_row()}
			)
	return rows


def _add_amounts(totals: Totals, amounts: Mapping[str, float]) -> None:
	totals.ordered += amounts["ordered"]
	totals.delivered += amounts["delivered"]
	totals.invoiced += amounts["invoiced"]
	totals.paid += amounts["paid"]


def grand_total(rows: Iterable[Mapping]) -> dict:
	"""Totals over the period rows of `aggregate()` (for the report summary).

	Contracts are summed over periods: an order belongs to exactly one period.
	"""
	total = {
		key: 0.0
		for key in (
			"contracts",
			"ordered_amount",
			"delivered_amount",
			"invoiced_amount",
			"paid_amount",
			"lines",
			"lines_due",
			"on_time_lines",
			"overdue_lines",
			"overdue_amount",
		)
	}
	for row in rows:
		if row["indent"] != 0:
			continue
		for key in total:
			total[key] += row[key]
	total["outstanding_amount"] = total["invoiced_amount"] - total["paid_amount"]
	total["per_delivered"] = percent(total["delivered_amount"], total["ordered_amount"])
	total["per_invoiced"] = percent(total["invoiced_amount"], total["ordered_amount"])
	total["per_paid"] = percent(total["paid_amount"], total["ordered_amount"])
	total["on_time_rate"] = percent(total["on_time_lines"], total["lines_due"])
	return total
