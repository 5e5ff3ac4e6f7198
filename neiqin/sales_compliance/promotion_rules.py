"""Promotion approval (促销活动批复) rules (pure: no frappe).

An approval says: between `valid_from` and `valid_to`, for a customer, a customer group, a
territory or everybody, these items (or item groups) may be sold at a promotional rate (or a
discount off the price list), up to `max_qty` per line and within a money budget. What a line
"consumes" is the price-list value given away: (list rate - rate) x quantity, in the company's
currency; returns give it back.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

# A scope is ("customer", name), ("customer_group", name), ("territory", name), ("item", code)
# or ("item_group", name); None means everybody / everything.
Scope = tuple[str, str]

DRAFT, ACTIVE, EXPIRED, EXHAUSTED, CANCELLED = "Draft", "Active", "Expired", "Exhausted", "Cancelled"


@dataclass(frozen=True)
class ApprovalLine:
	name: str
	item_code: str | None = None
	item_group: str | None = None
	promo_rate: float = 0.0
	discount_percentage: float = 0.0
	max_qty: float = 0.0  # 0: no quantity limit
	consumed_qty: float = 0.0  # by other documents

	@property
	def scope(self) -> Scope:
		return ("item", self.item_code) if self.item_code else ("item_group", self.item_group or "")


@dataclass(frozen=True)
class Approval:
	name: str
	docstatus: int = 1
	valid_from: date | None = None
	valid_to: date | None = None
	party: Scope | None = None
	budget_amount: float = 0.0
	consumed_amount: float = 0.0  # by other documents
	lines: tuple[ApprovalLine, ...] = ()
	allow_stacking: bool = False
	company: str = ""


@dataclass(frozen=True)
class Line:
	"""A document line priced below its list rate (quantities in stock UOM, money in company currency)."""

	idx: int
	item_code: str
	rate: float
	list_rate: float
	qty: float = 0.0
	given_away: float = 0.0
	approval: str | None = None
	unpriced: bool = False  # the item has no price in the reference price list (list_rate 0)


@dataclass(frozen=True)
class Reason:
	"""Why an approval does not cover a line; `value` is a date, a rate, an amount or a quantity."""

	kind: str  # no_approval | unpriced | not_submitted | not_yet_valid | expired | other_party
	# | other_item | rate_below | budget | max_qty
	value: object = None


@dataclass
class Usage:
	amount: float = 0.0
	qty: dict[str, float] = field(default_factory=dict)


def approved_rate(line: ApprovalLine, list_rate: float) -> float:
	"""The lowest rate the approval line allows."""
	if line.promo_rate:
		return float(line.promo_rate)
	return float(list_rate or 0) * (1 - float(line.discount_percentage or 0) / 100)


def given_away(list_rate: float, rate: float, qty: float) -> float:
	"""Price-list value given away by a line (negative for returns, never for a price above list)."""
	return max(float(list_rate or 0) - float(rate or 0), 0.0) * float(qty or 0)


def in_scope(scope: Scope | None, lineage: Iterable[Scope]) -> bool:
	"""Whether a thing whose lineage (itself and every scope containing it) is `lineage` falls
	under `scope` (None: everything)."""
	return scope is None or scope in set(lineage)


def matching_line(approval: Approval, item_lineage: Iterable[Scope]) -> ApprovalLine | None:
	"""The approval line for an item: one naming the item, else one naming a group it is in."""
	lineage = set(item_lineage)
	by_item = [line for line in approval.lines if line.item_code and line.scope in lineage]
	if by_item:
		return by_item[0]
	by_group = [line for line in approval.lines if not line.item_code and line.scope in lineage]
	return by_group[0] if by_group else None


Days = date | Iterable[date]


def days_of(day: Days) -> tuple[date, ...]:
	return (day,) if isinstance(day, date) else tuple(day)


def dates_problem(approval: Approval, day: Days) -> Reason | None:
	"""Why the approval is not valid on every one of the days (the document's date and the day
	the goods leave: back-dating revives no approval)."""
	if approval.docstatus != 1:
		return Reason("not_submitted")
	for one in days_of(day):
		if approval.valid_from and one < approval.valid_from:
			return Reason("not_yet_valid", approval.valid_from)
		if approval.valid_to and one > approval.valid_to:
			return Reason("expired", approval.valid_to)
	return None


def applies(
	approval: Approval, day: Days, party_lineage: Iterable[Scope], item_lineage: Iterable[Scope]
) -> bool:
	"""Submitted, valid on `day` (or every one of several days), for this party and item (rate
	and budget aside)."""
	return (
		dates_problem(approval, day) is None
		and in_scope(approval.party, party_lineage)
		and matching_line(approval, item_lineage) is not None
	)


def coverage_problem(
	approval: Approval | None,
	line: Line,
	day: Days,
	party_lineage: Iterable[Scope],
	item_lineage: Iterable[Scope],
	usage: Usage | None = None,
	precision: int = 2,
) -> Reason | None:
	"""None when `approval` covers `line` on `day`; otherwise the first reason it does not.

	`usage` is what earlier lines of the same document already take from this approval."""
	if approval is None:
		return Reason("unpriced" if line.unpriced else "no_approval")
	problem = dates_problem(approval, day)
	if problem:
		return problem
	if not in_scope(approval.party, party_lineage):
		return Reason("other_party", approval.party[1] if approval.party else None)
	approval_line = matching_line(approval, item_lineage)
	if approval_line is None:
		return Reason("other_item", line.item_code)
	if line.unpriced and not approval_line.promo_rate:
		# without a reference price a discount approves nothing: only a named rate does
		return Reason("unpriced")
	floor = approved_rate(approval_line, line.list_rate)
	if round(float(line.rate) - floor, precision) < 0:
		return Reason("rate_below", floor)
	usage = usage or Usage()
	if approval.budget_amount:
		remaining = float(approval.budget_amount) - float(approval.consumed_amount) - usage.amount
		if round(float(line.given_away) - remaining, precision) > 0:
			return Reason("budget", max(remaining, 0.0))
	if approval_line.max_qty:
		remaining_qty = (
			float(approval_line.max_qty)
			- float(approval_line.consumed_qty)
			- usage.qty.get(approval_line.name, 0.0)
		)
		if round(float(line.qty) - remaining_qty, 6) > 0:
			return Reason("max_qty", max(remaining_qty, 0.0))
	return None


def uncovered(
	lines: Iterable[Line],
	approvals: Mapping[str, Approval],
	day: Days,
	party_lineage: Iterable[Scope],
	item_lineages: Mapping[str, Iterable[Scope]],
	precision: int = 2,
) -> list[tuple[Line, Reason]]:
	"""The below-list lines of one document that their approval does not cover, in order; each
	covered line takes its share of the approval's budget and quantity before the next is judged."""
	party_lineage = list(party_lineage)
	usage: dict[str, Usage] = {}
	problems: list[tuple[Line, Reason]] = []
	for line in lines:
		approval = approvals.get(line.approval) if line.approval else None
		item_lineage = list(item_lineages.get(line.item_code, [("item", line.item_code)]))
		used = usage.setdefault(line.approval or "", Usage())
		reason = coverage_problem(approval, line, day, party_lineage, item_lineage, used, precision)
		if reason:
			problems.append((line, reason))
			continue
		approval_line = matching_line(approval, item_lineage)
		used.amount += float(line.given_away)
		used.qty[approval_line.name] = used.qty.get(approval_line.name, 0.0) + float(line.qty)
	return problems


# ----------------------------------------------------------------------------- consumption


@dataclass(frozen=True)
class UsedLine:
	"""A line of a submitted Delivery Note or Sales Invoice that names an approval line."""

	source: str  # "Delivery Note" | "Sales Invoice"
	approval_line: str
	qty: float
	amount: float
	order_line: str | None = None  # Sales Order Item it comes from
	delivery_line: str | None = None  # invoice line made from a delivery line (dn_detail)
	invoice_line: str | None = None  # delivery line made from an invoice line (si_detail)
	update_stock: bool = False  # invoice that delivers the goods itself
	document: str = ""  # name of the delivery / invoice


def consumption(lines: Iterable[UsedLine]) -> dict[str, tuple[float, float]]:
	"""{approval line: (qty, amount)} consumed by submitted lines, each good counted once
	(see `counted_lines`)."""
	totals: dict[str, tuple[float, float]] = {}
	for line in counted_lines(lines):
		qty, amount = totals.get(line.approval_line, (0.0, 0.0))
		totals[line.approval_line] = (qty + float(line.qty), amount + float(line.amount))
	return totals


def counted_lines(lines: Iterable[UsedLine]) -> list[UsedLine]:
	"""The lines that count, each good once.

	Deliveries count the goods shipped; an invoice counts goods it bills without a delivery.
	An invoice line made from a delivery line, or a delivery line made from an invoice line,
	is already counted by the other. For goods of one order line delivered and invoiced
	separately, the larger of the two (delivered vs invoiced) counts, so an invoice ahead of
	its delivery counts until the delivery catches up, never both."""
	counted: list[UsedLine] = []
	by_order: dict[tuple[str, str], dict[str, list[UsedLine]]] = {}
	for line in lines:
		if line.source == "Sales Invoice" and line.delivery_line and not line.update_stock:
			continue
		if line.source == "Delivery Note" and line.invoice_line:
			continue
		if not line.order_line:
			counted.append(line)
			continue
		source = "Delivery Note" if line.source == "Delivery Note" or line.update_stock else "Sales Invoice"
		groups = by_order.setdefault((line.order_line, line.approval_line), {})
		groups.setdefault(source, []).append(line)
	for groups in by_order.values():
		delivered = groups.get("Delivery Note", [])
		invoiced = groups.get("Sales Invoice", [])
		if sum(line.qty for line in invoiced) > sum(line.qty for line in delivered):
			counted.extend(invoiced)
		else:
			counted.extend(delivered)
	return counted


def is_exhausted(
	budget_amount: float, consumed_amount: float, lines: Iterable[tuple[float, float]], precision: int = 2
) -> bool:
	"""Nothing left: the budget is used up, or every line has a quantity limit that is reached
	(`lines`: (max_qty, consumed_qty))."""
	if budget_amount and round(float(consumed_amount) - float(budget_amount), precision) >= 0:
		return True
	lines = list(lines)
	return bool(lines) and all(max_qty and round(consumed - max_qty, 6) >= 0 for max_qty, consumed in lines)


def status(docstatus: int, valid_to: date | None, day: date, exhausted: bool) -> str:
	if docstatus == 0:
		return DRAFT
	if docstatus == 2:
		return CANCELLED
	if exhausted:
		return EXHAUSTED
	if valid_to and day > valid_to:
		return EXPIRED
	return ACTIVE


# ----------------------------------------------------------------------------- overlap


def scopes_overlap(a: Scope | None, b: Scope | None, lineage: Mapping[Scope, Iterable[Scope]]) -> bool:
	"""Whether something can fall under both scopes. `lineage[s]` lists s and every scope that
	contains it (a customer's group and territory with their ancestors, an item's groups). Two
	unrelated kinds that do not contain each other (a customer group and a territory) may share
	a customer, so they overlap."""
	if a is None or b is None or a == b:
		return True
	if a in set(lineage.get(b, ())) or b in set(lineage.get(a, ())):
		return True
	kinds = {a[0], b[0]}
	return kinds == {"customer_group", "territory"}


def dates_overlap(a_from: date, a_to: date, b_from: date, b_to: date) -> bool:
	return a_from <= b_to and b_from <= a_to


def overlapping(
	new: Approval, others: Iterable[Approval], lineage: Mapping[Scope, Iterable[Scope]]
) -> list[tuple[Approval, ApprovalLine]]:
	"""Other approvals that cover the same party and item over overlapping dates as `new`,
	with the line of `new` they collide on; approvals marked as stacking collide with nothing."""
	if new.allow_stacking:
		return []
	found = []
	for other in others:
		if other.name == new.name or other.allow_stacking:
			continue
		if not dates_overlap(new.valid_from, new.valid_to, other.valid_from, other.valid_to):
			continue
		if not scopes_overlap(new.party, other.party, lineage):
			continue
		for line in new.lines:
			if any(scopes_overlap(line.scope, theirs.scope, lineage) for theirs in other.lines):
				found.append((other, line))
				break
	return found
