"""The arithmetic of the shipped automatic checks (pure: no frappe)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Line:
	idx: int
	item_code: str
	uom: str = ""
	qty: float = 0.0
	rate: float = 0.0
	order_line: str = ""  # name of the Sales Order Item the line comes from


@dataclass(frozen=True)
class OrderLine:
	name: str
	item_code: str
	uom: str = ""
	rate: float = 0.0
	qty: float = 0.0
	done_qty: float = 0.0  # already delivered / invoiced by submitted documents


@dataclass(frozen=True)
class Problem:
	idx: int
	kind: str  # "not_on_order" | "item" | "uom" | "rate" | "qty"
	expected: object = None
	actual: object = None


def _close(a: float, b: float, precision: int) -> bool:
	return round(float(a or 0) - float(b or 0), precision) == 0


def order_mismatches(
	lines: Iterable[Line], order_lines: Mapping[str, OrderLine], precision: int = 2
) -> list[Problem]:
	"""Lines that do not match their Sales Order line: item, UOM, rate, or a quantity beyond
	what remains to deliver/invoice (summed over the document's lines of the same order line).
	Lines without an order line are problems only when other lines come from an order."""
	lines = list(lines)
	from_order = any(line.order_line for line in lines)
	problems: list[Problem] = []
	used: dict[str, float] = {}
	for line in lines:
		if not line.order_line or line.order_line not in order_lines:
			if from_order:
				problems.append(Problem(line.idx, "not_on_order", None, line.item_code))
			continue
		order = order_lines[line.order_line]
		if line.item_code != order.item_code:
			problems.append(Problem(line.idx, "item", order.item_code, line.item_code))
			continue
		if (line.uom or "") != (order.uom or ""):
			problems.append(Problem(line.idx, "uom", order.uom, line.uom))
		if not _close(line.rate, order.rate, precision):
			problems.append(Problem(line.idx, "rate", order.rate, line.rate))
		used[line.order_line] = used.get(line.order_line, 0.0) + float(line.qty or 0)
		remaining = float(order.qty or 0) - float(order.done_qty or 0)
		if round(used[line.order_line] - remaining, 6) > 0:
			problems.append(Problem(line.idx, "qty", max(remaining, 0.0), used[line.order_line]))
	return problems


def uncounted_share(lines: Iterable[tuple[float, bool]]) -> float:
	"""Share (0..1) of a document's amount not yet counted in the customer's outstanding:
	`lines` are (amount, already_counted) pairs."""
	lines = list(lines)
	total = sum(float(amount or 0) for amount, _counted in lines)
	if not total:
		return 1.0
	return sum(float(amount or 0) for amount, counted in lines if not counted) / total


def within_credit(limit: float, outstanding: float, extra: float, precision: int = 2) -> bool:
	"""No limit (0) always passes; otherwise outstanding + this document must stay within it."""
	if not limit or limit <= 0:
		return True
	return round(float(outstanding or 0) + max(float(extra or 0), 0.0) - float(limit), precision) <= 0
