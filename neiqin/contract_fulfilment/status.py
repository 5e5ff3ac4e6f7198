"""Delivery status rules of a contract line and of the whole contract — pure, no frappe.

Line (`line_status`), checked in this order:
- **Delivered**: the net delivered quantity (returns deducted) reaches the ordered quantity;
- **Closed**: the order is closed or cancelled and the line is not delivered;
- **Overdue**: its delivery date is before today;
- **Partly Delivered**: something (net) has been delivered;
- **Pending**: nothing yet.

`fully_delivered_on` is the posting date of the delivery that last brought the line to its
ordered quantity (a later return below it clears it again). A line is *on time* when it is
delivered and that date is not after its delivery date. `days_overdue` counts the days past
the delivery date — up to today while the line is open, up to `fully_delivered_on` once
delivered, 0 for closed lines.

A stored table holds each line's status as of its last write; `status_as_of()` and
`days_overdue_as_of()` give what a reader sees on a later day (days overdue are never stored).

Contract (`fulfilment_status`): **Cancelled** / **Closed** follow the order; **Completed** when
every line is delivered and the contract is invoiced and paid in full; **Delivered** when
every line is delivered; **Partly Delivered** when something is delivered; else
**Not Started**.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

PENDING = "Pending"
PARTLY_DELIVERED = "Partly Delivered"
DELIVERED = "Delivered"
OVERDUE = "Overdue"
CLOSED = "Closed"

NOT_STARTED = "Not Started"
COMPLETED = "Completed"
CANCELLED = "Cancelled"

QTY_TOLERANCE = 1e-9


def is_delivered(qty: float, delivered_qty: float) -> bool:
	return delivered_qty >= qty - QTY_TOLERANCE


def completion_date(qty: float, deliveries: Iterable[tuple[date, float]]) -> date | None:
	"""Posting date of the delivery that (last) completed the line; None while incomplete.

	`deliveries` are (posting date, signed qty) in posting order; returns are negative."""
	delivered = 0.0
	completed_on = None
	for posting_date, delivered_qty in deliveries:
		was_complete = delivered > 0 and is_delivered(qty, delivered)
		delivered += delivered_qty
		now_complete = delivered > 0 and is_delivered(qty, delivered)
		if now_complete and not was_complete:
			completed_on = posting_date
		elif not now_complete:
			completed_on = None
	return completed_on


def line_status(
	qty: float, delivered_qty: float, delivery_date: date | None, today: date, closed: bool = False
) -> str:
	if qty > 0 and is_delivered(qty, delivered_qty):
		return DELIVERED
	if closed:
		return CLOSED
	if delivery_date and delivery_date < today:
		return OVERDUE
	if delivered_qty > QTY_TOLERANCE:
		return PARTLY_DELIVERED
	return PENDING


def days_overdue(
	status: str, delivery_date: date | None, fully_delivered_on: date | None, today: date
) -> int:
	if not delivery_date or status == CLOSED:
		return 0
	until = fully_delivered_on if status == DELIVERED else today
	if until is None:
		return 0
	return max((until - delivery_date).days, 0)


def is_open(status: str) -> bool:
	"""A line still to be delivered (its overdue state and days change with the date alone)."""
	return status in (PENDING, PARTLY_DELIVERED, OVERDUE)


def status_as_of(status: str, delivery_date: date | None, today: date) -> str:
	"""A stored line status as it reads on `today`: an open line past its delivery date is
	Overdue even when the table was last written before that date."""
	if is_open(status) and delivery_date and delivery_date < today:
		return OVERDUE
	return status


def days_overdue_as_of(
	status: str, delivery_date: date | None, fully_delivered_on: date | None, today: date
) -> int:
	"""`days_overdue` of a stored line read on `today` (the stored table never holds it)."""
	return days_overdue(status_as_of(status, delivery_date, today), delivery_date, fully_delivered_on, today)


def is_on_time(status: str, delivery_date: date | None, fully_delivered_on: date | None) -> bool:
	if status != DELIVERED or fully_delivered_on is None:
		return False
	return delivery_date is None or fully_delivered_on <= delivery_date


def fulfilment_status(
	order_docstatus: int,
	order_status: str,
	line_statuses: Sequence[str],
	delivered_qty: float,
	fully_invoiced: bool,
	fully_paid: bool,
) -> str:
	if order_docstatus == 2 or order_status == "Cancelled":
		return CANCELLED
	if order_status == "Closed":
		return CLOSED
	all_delivered = bool(line_statuses) and all(s == DELIVERED for s in line_statuses)
	if all_delivered and fully_invoiced and fully_paid:
		return COMPLETED
	if all_delivered:
		return DELIVERED
	if delivered_qty > QTY_TOLERANCE:
		return PARTLY_DELIVERED
	return NOT_STARTED
