"""Business rules of the sales material log (销售物料), as plain functions (no frappe).

Each check returns `Problem`s (a code and its arguments) instead of raising: the
controller turns them into translated refusals, the tests read them directly.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

KINDS = ("Sample", "Brochure", "Business Card", "Gift", "Promotional Item", "Document", "Invoice")
# Kinds that are always mailed (发票要单独寄出): they cannot be handed over in person.
MAILED_KINDS = frozenset({"Invoice", "Document"})


def approval_field(kind: str) -> str:
	"""The check of Neiqin Settings that says whether logs of `kind` are issued only after a
	manager's approval (经城市经理签字确认后方可发放): `approval_sample`, …"""
	return "approval_" + kind.lower().replace(" ", "_")


def needs_approval(
	kind: str | None,
	item_kinds: Iterable[str],
	stock_value: float,
	threshold: float,
	approval_kinds: Iterable[str],
) -> bool:
	"""Whether a log needs a manager's approval — not the requester's choice of label: its kind
	needs it, or one of its items is of a kind that needs it (by item group), or its stocked lines
	are worth more than `threshold` (0: no threshold)."""
	kinds = set(approval_kinds)
	if kind in kinds or kinds & set(item_kinds):
		return True
	return bool(threshold) and float(threshold) > 0 and round(float(stock_value) - float(threshold), 6) > 0


DISPATCH_METHODS = ("Courier", "Registered Mail", "Hand Delivery")
MAILED_METHODS = frozenset({"Courier", "Registered Mail"})

REQUESTED = "Requested"
APPROVED = "Approved"
DISPATCHED = "Dispatched"
DELIVERED = "Delivered"
CONFIRMED = "Confirmed"
RETURNED = "Returned"
LOST = "Lost"
CANCELLED = "Cancelled"
STATUSES = (REQUESTED, APPROVED, DISPATCHED, DELIVERED, CONFIRMED, RETURNED, LOST, CANCELLED)

DELIVER = "deliver"
CONFIRM = "confirm"
RETURN = "return"
LOSE = "lose"
ACTIONS = (DELIVER, CONFIRM, RETURN, LOSE)

# What may be recorded on a submitted log in each status.
ALLOWED_ACTIONS: dict[str, frozenset[str]] = {
	REQUESTED: frozenset(),
	APPROVED: frozenset(),
	DISPATCHED: frozenset({DELIVER, CONFIRM, RETURN, LOSE}),
	DELIVERED: frozenset({CONFIRM, RETURN}),
	CONFIRMED: frozenset({RETURN}),
	RETURNED: frozenset(),
	LOST: frozenset(),
	CANCELLED: frozenset(),
}

# Status changes possible on a submitted log (besides staying where it is).
TRANSITIONS: dict[str, frozenset[str]] = {
	DISPATCHED: frozenset({DELIVERED, CONFIRMED, RETURNED, LOST}),
	DELIVERED: frozenset({CONFIRMED, RETURNED}),
	CONFIRMED: frozenset({RETURNED}),
	RETURNED: frozenset(),
	LOST: frozenset(),
}
# Statuses in which a dispatched log still waits for the recipient's confirmation.
OPEN_STATUSES = frozenset({DISPATCHED, DELIVERED})


class Problem(NamedTuple):
	code: str
	args: tuple = ()


@dataclass(frozen=True)
class Facts:
	"""What has been recorded on a log; its status follows from these alone."""

	docstatus: int = 0
	approved: bool = False
	delivered: bool = False
	confirmed: bool = False
	lost: bool = False
	fully_returned: bool = False


def derive_status(facts: Facts) -> str:
	if facts.docstatus == 2:
		return CANCELLED
	if facts.docstatus == 0:
		return APPROVED if facts.approved else REQUESTED
	if facts.lost:
		return LOST
	if facts.fully_returned:
		return RETURNED
	if facts.confirmed:
		return CONFIRMED
	if facts.delivered:
		return DELIVERED
	return DISPATCHED


def action_problem(status: str, action: str) -> Problem | None:
	"""Why `action` cannot be recorded on a log in `status` (None: it can)."""
	if action in ALLOWED_ACTIONS.get(status, frozenset()):
		return None
	if status in (REQUESTED, APPROVED):
		return Problem("not_dispatched", (status, action))
	return Problem("action_not_allowed", (status, action))


def transition_problem(old: str, new: str) -> Problem | None:
	if old == new or new in TRANSITIONS.get(old, frozenset()):
		return None
	return Problem("transition_not_allowed", (old, new))


def needs_tracking(kind: str, dispatch_method: str | None) -> bool:
	"""A courier and tracking number are required for everything that is mailed."""
	return kind in MAILED_KINDS or dispatch_method in MAILED_METHODS


def default_dispatch_method(kind: str) -> str:
	return "Hand Delivery" if kind in ("Business Card", "Gift", "Promotional Item") else "Courier"


def kind_problems(kind: str | None, has_lines: bool, sales_invoice: str | None) -> list[Problem]:
	problems = []
	if kind not in KINDS:
		problems.append(Problem("unknown_kind", (kind,)))
	elif kind == "Invoice":
		if not sales_invoice:
			problems.append(Problem("invoice_required", ()))
	elif not has_lines:
		problems.append(Problem("lines_required", (kind,)))
	return problems


def line_problems(lines: Iterable[Mapping]) -> list[Problem]:
	"""Rows: idx, item_code, description, qty, is_stock_item, warehouse."""
	problems = []
	for line in lines:
		idx = line.get("idx")
		if not line.get("item_code") and not (line.get("description") or "").strip():
			problems.append(Problem("line_without_item", (idx,)))
		if not (line.get("qty") or 0) > 0:
			problems.append(Problem("non_positive_qty", (idx, line.get("qty") or 0)))
		if line.get("item_code") and line.get("is_stock_item") and not line.get("warehouse"):
			problems.append(Problem("warehouse_required", (idx, line.get("item_code"))))
	return problems


def dispatch_problems(
	kind: str,
	dispatch_method: str | None,
	courier: str | None,
	tracking_number: str | None,
	shipping_cost: float | None,
	dispatch_date: datetime.date | None = None,
	today: datetime.date | None = None,
) -> list[Problem]:
	"""What stops a log from being dispatched (submitted)."""
	problems = []
	if kind in MAILED_KINDS and dispatch_method not in MAILED_METHODS:
		problems.append(Problem("must_be_mailed", (kind, dispatch_method)))
	if needs_tracking(kind, dispatch_method):
		if not courier:
			problems.append(Problem("courier_required", (kind,)))
		if not (tracking_number or "").strip():
			problems.append(Problem("tracking_required", (kind,)))
	if (shipping_cost or 0) < 0:
		problems.append(Problem("negative_shipping_cost", (shipping_cost,)))
	if dispatch_date and today and dispatch_date > today:
		problems.append(Problem("dispatch_in_future", (dispatch_date,)))
	return problems


def return_problems(sent: Mapping[str, tuple[float, float]], requested: Mapping[str, float]) -> list[Problem]:
	"""`sent`: {row: (qty sent, qty already returned)}; `requested`: {row: qty to return now}."""
	problems = []
	if not requested:
		problems.append(Problem("nothing_to_return", ()))
	for row, qty in requested.items():
		if row not in sent:
			problems.append(Problem("unknown_line", (row,)))
			continue
		if not (qty or 0) > 0:
			problems.append(Problem("non_positive_return", (row, qty or 0)))
			continue
		qty_sent, returned = sent[row]
		if returned + qty > qty_sent + 1e-9:
			problems.append(Problem("return_exceeds_sent", (row, qty, qty_sent - returned)))
	return problems


def is_fully_returned(lines: Iterable[tuple[float, float]]) -> bool:
	"""(qty, returned_qty) per line: every line has come back (and there is at least one)."""
	lines = list(lines)
	return bool(lines) and all(returned + 1e-9 >= qty for qty, returned in lines)


def is_overdue(
	status: str, dispatch_date: datetime.date | None, today: datetime.date, overdue_days: int
) -> bool:
	"""Dispatched more than `overdue_days` days ago and still not confirmed."""
	if status not in OPEN_STATUSES or not dispatch_date:
		return False
	return (today - dispatch_date).days > max(overdue_days, 0)


def overdue_cutoff(today: datetime.date, overdue_days: int) -> datetime.date:
	"""Logs dispatched before this day are overdue (same rule as `is_overdue`, for queries)."""
	return today - datetime.timedelta(days=max(overdue_days, 0))


def record_date_problems(
	date: datetime.date, dispatch_date: datetime.date | None, today: datetime.date
) -> list[Problem]:
	"""A delivery, receipt, return or loss happens after dispatch and not in the future."""
	problems = []
	if dispatch_date and date < dispatch_date:
		problems.append(Problem("date_before_dispatch", (date, dispatch_date)))
	if date > today:
		problems.append(Problem("date_in_future", (date,)))
	return problems


def match_return_lines(
	lines: Iterable[Mapping], requested: Iterable[Mapping]
) -> tuple[dict[str, float], list[Problem]]:
	"""Map requested returns ({row|idx|item_code, qty}) to line names; sum repeated lines.

	`lines`: the log's rows (name, idx, item_code). A row is found by its name, its number
	(idx) or its item code when only one line has that item."""
	lines = list(lines)
	by_name = {line["name"]: line["name"] for line in lines}
	by_idx = {str(line["idx"]): line["name"] for line in lines}
	by_item: dict[str, list[str]] = {}
	for line in lines:
		if line.get("item_code"):
			by_item.setdefault(line["item_code"], []).append(line["name"])
	matched: dict[str, float] = {}
	problems = []
	for entry in requested:
		key = entry.get("row") or entry.get("name") or entry.get("idx") or entry.get("item_code")
		name = by_name.get(str(key)) or by_idx.get(str(key))
		if not name and len(by_item.get(str(key), [])) == 1:
			name = by_item[str(key)][0]
		if not name:
			problems.append(Problem("unknown_line", (key,)))
			continue
		try:
			qty = float(entry.get("qty") or 0)
		except (TypeError, ValueError):
			qty = 0.0
		matched[name] = matched.get(name, 0.0) + qty
	return matched, problems
