"""The arithmetic behind the shipped automatic checks (neiqin.dual_review.check_logic)."""

from hypothesis import given
from hypothesis import strategies as st

from neiqin.dual_review.check_logic import (
	Line,
	OrderLine,
	order_mismatches,
	uncounted_share,
	within_credit,
)

ORDER = {
	"so-1": OrderLine("so-1", "Widget", "Nos", rate=100.0, qty=10, done_qty=4),
	"so-2": OrderLine("so-2", "Gadget", "Box", rate=250.0, qty=2, done_qty=0),
}


def kinds(problems):
	return [(p.idx, p.kind) for p in problems]


def test_lines_that_match_their_order_lines_pass():
	lines = [Line(1, "Widget", "Nos", 6, 100.0, "so-1"), Line(2, "Gadget", "Box", 2, 250.0, "so-2")]
	assert order_mismatches(lines, ORDER) == []


def test_item_uom_rate_and_remaining_quantity_are_compared():
	lines = [
		Line(1, "Widget", "Box", 2, 99.0, "so-1"),
		Line(2, "Gizmo", "Box", 1, 250.0, "so-2"),
		Line(3, "Extra", "Nos", 1, 10.0, ""),
	]
	assert kinds(order_mismatches(lines, ORDER)) == [
		(1, "uom"),
		(1, "rate"),
		(2, "item"),
		(3, "not_on_order"),
	]


def test_quantity_counts_every_line_of_the_same_order_line():
	lines = [Line(1, "Widget", "Nos", 4, 100.0, "so-1"), Line(2, "Widget", "Nos", 3, 100.0, "so-1")]
	problems = order_mismatches(lines, ORDER)
	assert kinds(problems) == [(2, "qty")]
	assert problems[0].expected == 6 and problems[0].actual == 7


def test_rate_differences_below_the_precision_are_equal():
	assert order_mismatches([Line(1, "Widget", "Nos", 1, 100.004, "so-1")], ORDER, precision=2) == []


def test_documents_not_made_from_an_order_have_no_line_problems():
	assert order_mismatches([Line(1, "Widget", "Nos", 1, 1.0, "")], ORDER) == []


def test_uncounted_share():
	assert uncounted_share([(100, True), (300, False)]) == 0.75
	assert uncounted_share([]) == 1.0
	assert uncounted_share([(100, True)]) == 0.0


def test_within_credit():
	assert within_credit(0, 10**9, 10**9)  # no limit
	assert within_credit(1000, 600, 400)
	assert not within_credit(1000, 600, 400.01)
	assert within_credit(1000, 1200, -300) is False  # a return does not help an exceeded limit


@given(
	st.lists(st.floats(0, 1e6, allow_nan=False), min_size=1, max_size=6),
	st.lists(st.booleans(), min_size=6, max_size=6),
)
def test_uncounted_share_is_a_share(amounts, counted):
	share = uncounted_share(list(zip(amounts, counted, strict=False)))
	assert 0.0 <= share <= 1.0


@given(
	st.floats(1, 1e7, allow_nan=False), st.floats(0, 1e7, allow_nan=False), st.floats(0, 1e7, allow_nan=False)
)
def test_more_outstanding_never_passes_a_check_that_failed(limit, outstanding, extra):
	if not within_credit(limit, outstanding, extra):
		assert not within_credit(limit, outstanding + 1, extra)
