"""The price floor of selling lines (neiqin.sales_compliance.floor_rules)."""

from neiqin.sales_compliance.floor_rules import PricedLine, below_list_price


def test_below_list_price():
	lines = [PricedLine(1, "A", 90, 100), PricedLine(2, "B", 100, 100), PricedLine(3, "C", 5, 0)]
	assert [line.idx for line in below_list_price(lines)] == [1]


def test_a_line_without_reference_price_is_kept_only_when_such_lines_are_refused():
	lines = [PricedLine(1, "A", 90, 100), PricedLine(2, "B", 1, 0), PricedLine(3, "C", 100, 100)]
	assert [line.idx for line in below_list_price(lines)] == [1]
	assert [line.idx for line in below_list_price(lines, refuse_unpriced=True)] == [1, 2]
	assert PricedLine(2, "B", 1, 0).unpriced and not PricedLine(1, "A", 90, 100).unpriced


def test_the_comparison_is_rounded_to_the_rate_precision():
	assert below_list_price([PricedLine(1, "A", 99.999, 100)], precision=2) == []
	assert below_list_price([PricedLine(1, "A", 99.99, 100)], precision=2)
