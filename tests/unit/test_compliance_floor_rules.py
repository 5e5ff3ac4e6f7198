"""The price floor of selling lines (neiqin.sales_compliance.floor_rules)."""

from neiqin.sales_compliance.floor_rules import PricedLine, below_list_price


def test_below_list_price():
	lines = [PricedLine(1, "A", 90, 100), PricedLine(2, "B", 100, 100), PricedLine(3, "C", 5, 0)]
	assert [line.idx for line in below_list_price(lines)] == [1]
