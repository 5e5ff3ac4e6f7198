"""Status rules of contract lines and contracts (neiqin/contract_fulfilment/status.py)."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from neiqin.contract_fulfilment import status

TODAY = date(2026, 3, 15)
DUE = date(2026, 3, 10)


def test_line_status_in_order_of_precedence():
	assert status.line_status(10, 10, DUE, TODAY) == status.DELIVERED
	assert status.line_status(10, 12, DUE, TODAY) == status.DELIVERED  # over-delivery allowance
	assert status.line_status(10, 3, DUE, TODAY, closed=True) == status.CLOSED
	assert status.line_status(10, 10, DUE, TODAY, closed=True) == status.DELIVERED
	assert status.line_status(10, 3, DUE, TODAY) == status.OVERDUE
	assert status.line_status(10, 3, date(2026, 3, 20), TODAY) == status.PARTLY_DELIVERED
	assert status.line_status(10, 0, date(2026, 3, 20), TODAY) == status.PENDING
	assert status.line_status(10, 0, TODAY, TODAY) == status.PENDING  # due today is not late yet
	assert status.line_status(10, 0, None, TODAY) == status.PENDING


def test_completion_date_follows_deliveries_and_returns():
	d1, d2, d3, d4 = date(2026, 3, 1), date(2026, 3, 5), date(2026, 3, 8), date(2026, 3, 12)
	assert status.completion_date(10, [(d1, 4)]) is None
	assert status.completion_date(10, [(d1, 4), (d2, 6)]) == d2
	# a later return below the ordered qty clears it; the redelivery completes it again
	assert status.completion_date(10, [(d1, 4), (d2, 6), (d3, -2)]) is None
	assert status.completion_date(10, [(d1, 4), (d2, 6), (d3, -2), (d4, 2)]) == d4
	# a return that leaves the line complete (over-delivered) keeps the first completion
	assert status.completion_date(10, [(d1, 12), (d2, -2)]) == d1


def test_days_overdue_counts_to_today_while_open_and_to_the_completing_delivery():
	assert status.days_overdue(status.OVERDUE, DUE, None, TODAY) == 5
	assert status.days_overdue(status.DELIVERED, DUE, date(2026, 3, 13), TODAY) == 3
	assert status.days_overdue(status.DELIVERED, DUE, date(2026, 3, 1), TODAY) == 0
	assert status.days_overdue(status.CLOSED, DUE, None, TODAY) == 0
	assert status.days_overdue(status.PENDING, date(2026, 4, 1), None, TODAY) == 0
	assert status.days_overdue(status.PENDING, None, None, TODAY) == 0


def test_on_time():
	assert status.is_on_time(status.DELIVERED, DUE, DUE)
	assert not status.is_on_time(status.DELIVERED, DUE, date(2026, 3, 11))
	assert status.is_on_time(status.DELIVERED, None, DUE)
	assert not status.is_on_time(status.PARTLY_DELIVERED, DUE, None)


def test_fulfilment_status():
	delivered = [status.DELIVERED, status.DELIVERED]
	assert status.fulfilment_status(2, "Cancelled", delivered, 5, True, True) == status.CANCELLED
	assert status.fulfilment_status(1, "Closed", delivered, 5, True, True) == status.CLOSED
	assert status.fulfilment_status(1, "Completed", delivered, 5, True, True) == status.COMPLETED
	assert status.fulfilment_status(1, "To Bill", delivered, 5, False, False) == status.DELIVERED
	assert status.fulfilment_status(1, "Completed", delivered, 5, True, False) == status.DELIVERED
	partly = [status.DELIVERED, status.OVERDUE]
	assert (
		status.fulfilment_status(1, "To Deliver and Bill", partly, 5, True, True) == status.PARTLY_DELIVERED
	)
	nothing = [status.PENDING, status.OVERDUE]
	assert status.fulfilment_status(1, "To Deliver and Bill", nothing, 0, False, False) == status.NOT_STARTED


@given(
	qty=st.integers(min_value=1, max_value=50),
	moves=st.lists(st.integers(min_value=-20, max_value=20).filter(bool), max_size=12),
)
def test_completion_date_is_set_exactly_when_the_line_is_delivered(qty, moves):
	deliveries = [(date(2026, 1, 1 + i), float(m)) for i, m in enumerate(moves)]
	delivered = sum(moves)
	completed_on = status.completion_date(qty, deliveries)
	assert (completed_on is not None) == (delivered >= qty)
	if completed_on is not None:
		# the completing delivery brought the running total to the ordered qty
		index = completed_on.day - 1
		running = sum(moves[: index + 1])
		assert running >= qty and sum(moves[:index]) < qty
