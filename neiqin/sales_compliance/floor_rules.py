"""The price floor of a selling line (pure: no frappe): 严禁出库 — "对低于正常价格体系又无促销活动
批复的产品严禁出库" — starts from which lines are priced below their list rate."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class PricedLine:
	idx: int
	item_code: str
	rate: float
	list_rate: float


def below_list_price(lines: Iterable[PricedLine], precision: int = 2) -> list[PricedLine]:
	"""Lines whose rate is below their price list rate (lines without a list rate are skipped)."""
	return [
		line
		for line in lines
		if float(line.list_rate or 0) > 0
		and round(float(line.rate or 0) - float(line.list_rate), precision) < 0
	]
