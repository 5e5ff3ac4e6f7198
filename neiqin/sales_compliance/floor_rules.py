"""The price floor of a selling line (pure: no frappe): 严禁出库 — "对低于正常价格体系又无促销活动
批复的产品严禁出库" — starts from which lines are priced below their reference price."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class PricedLine:
	idx: int
	item_code: str
	rate: float  # what the line charges per unit
	list_rate: float  # its reference price per unit (0: the item has none)

	@property
	def unpriced(self) -> bool:
		return float(self.list_rate or 0) <= 0


def below_list_price(
	lines: Iterable[PricedLine], precision: int = 2, refuse_unpriced: bool = False
) -> list[PricedLine]:
	"""Lines whose rate is below their reference price; lines without a reference price are
	left out, or kept when `refuse_unpriced` (they then leave only with an approval)."""
	return [
		line
		for line in lines
		if (line.unpriced and refuse_unpriced)
		or (not line.unpriced and round(float(line.rate or 0) - float(line.list_rate), precision) < 0)
	]
