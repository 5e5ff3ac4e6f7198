"""Aggregation of the Contract Fulfilment Statistics report (pure: no frappe).

Input, as two lists the report reads in two queries (the database counts and sums, so a
report over 20,000 contract lines hands this module a few hundred rows):

- `orders`: one mapping per order (`tabContract Fulfilment`): `sales_order`,
  `transaction_date`, `customer`, `sales_person`, `territory`, `conversion_rate`,
  `fulfilment_status` and the header totals of `HEADER_AMOUNTS`;
- `lines`: one mapping per *group of lines* of one order that the rules below cannot tell
  apart: `sales_order`, `item_group` (when grouping by it), the line `status`, and how the
  lines' dates compare, as the facts of `TIMELINESS_FACTS`; with `lines` (how many), the
  sums of the lines' `amount`, `delivered_amount`, `invoiced_amount` and `paid_amount` (the
  order's currency), and `undelivered_amount`, the sum of what each line still has to
  deliver (never negative for a line). A single line is a group with `lines` = 1.

Output: one row per period (total) followed by one row per group inside that period.

Rules, in one place:
- A contract belongs to the period of its order date (`transaction_date`): calendar month,
  quarter or year.
- Amounts are in company currency. Grouped by customer, sales person or territory, an
  order adds its header totals (`base_ordered_amount`, `base_delivered_amount`,
  `base_invoiced_amount`, `base_paid_amount`) once. Grouped by item group, each line adds
  its own amounts times the order's `conversion_rate`, because one order can span groups.
- % delivered / invoiced / paid are shares of the ordered amount.
- A line is *due* when its delivery date is on or before today, or when it is already
  fully delivered. It is *on time* when it was fully delivered on or before its delivery
  date. On-time delivery rate = on-time lines / due lines.
- A line is *overdue* when its delivery date is before today and it is not fully
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
# What the timeliness rules read of a line besides its status: how its dates compare (the
# report's query computes them; None where a date is missing).
TIMELINESS_FACTS = (
	"delivered_in_full",  # 1 when the line has a fully delivered date, else 0
	"delivered_vs_due",  # -1, 0, 1: fully delivered before, on, after its delivery date
	"due_vs_today",  # -1, 0, 1: its delivery date is before, on, after today
)


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


def line_timeliness(line: Mapping, fulfilment_status: str | None = None) -> tuple[bool, bool, bool]:
	"""(is due, delivered on time, is overdue) for one contract line, or a group of lines
	with the same status and `TIMELINESS_FACTS`; `fulfilment_status` is its order's."""
	done = bool(line.get("delivered_in_full"))
	closed = line.get("status") in CLOSED_LINE_STATUSES or fulfilment_status in CLOSED_ORDER_STATUSES
	if closed and not done:
		return False, False, False  # what was closed undelivered is no longer due
	due_vs_today = line.get("due_vs_today")
	if due_vs_today is None:  # no delivery date
		return done, False, False
	delivered_vs_due = line.get("delivered_vs_due")
	is_due = done or due_vs_today <= 0
	on_time = done and delivered_vs_due is not None and delivered_vs_due <= 0
	overdue = not done and due_vs_today < 0
	return is_due, on_time, overdue


def aggregate(
	orders: Iterable[Mapping], lines: Iterable[Mapping], group_by: str, periodicity: str
) -> list[dict]:
	"""Report rows: per period a total row (indent 0), then its groups (indent 1).

	`orders` and `lines` as described in the module's docstring; an order counts when it
	has lines. Periods are in date order; groups inside a period by ordered amount, largest
	first. Each row carries `period`, `group` (None on period rows), `indent` and the totals
	of `Totals.as_row()`.
	"""
	if group_by not in GROUP_FIELDS:
		raise ValueError(f"Unknown grouping {group_by!r}")
	group_field = GROUP_FIELDS[group_by]
	per_line_amounts = group_by == "Item Group"
	headers = {order["sales_order"]: order for order in orders}

	periods: dict[date, tuple[str, Totals, dict[str, Totals]]] = {}
	counted_headers: set[str] = set()
	for line in lines:
		order = line["sales_order"]
		header = headers.get(order)
		if header is None:
			continue  # lines of an order the filters left out
		start, label = period_of(header["transaction_date"], periodicity)
		if start not in periods:
			periods[start] = (label, Totals(), {})
		_label, period_totals, groups = periods[start]
		group = (line if per_line_amounts else header).get(group_field) or ""
		group_totals = groups.setdefault(group, Totals())

		period_totals.contracts.add(order)
		group_totals.contracts.add(order)
		rate = float(header.get("conversion_rate") or 1)
		if per_line_amounts:
			amounts = {key: float(line.get(name) or 0) * rate for key, name in LINE_AMOUNTS.items()}
			_add_amounts(period_totals, amounts)
			_add_amounts(group_totals, amounts)
		elif order not in counted_headers:
			# the header totals count once per order (its group is the same for all lines)
			counted_headers.add(order)
			amounts = {key: float(header.get(name) or 0) for key, name in HEADER_AMOUNTS.items()}
			_add_amounts(period_totals, amounts)
			_add_amounts(group_totals, amounts)

		count = int(line.get("lines", 1))
		is_due, on_time, overdue = line_timeliness(line, header.get("fulfilment_status"))
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
