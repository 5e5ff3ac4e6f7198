"""Daily Sales Report: facts grouped by customer, sales person or item group (pure: no frappe)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from neiqin.sales_reports.attribution import DELIVERED, INVOICED, MEASURES, ORDERED, RECEIVED

GROUP_FIELDS = {"Customer": "customer", "Sales Person": "sales_person", "Item Group": "item_group"}


def group_rows(facts: Iterable[Mapping], group_by: str = "Customer") -> list[dict]:
	"""One row per group: number of orders and the amount of every measure.

	Rows are sorted by ordered amount, then invoiced amount (largest first), then name;
	the row of unattributed amounts (group `None`) comes last.
	"""
	field = GROUP_FIELDS[group_by]
	rows: dict = {}
	orders: dict = {}
	for fact in facts:
		key = fact.get(field)
		row = rows.get(key)
		if row is None:
			row = rows[key] = {
				"group": key,
				"customer_name": None,
				"orders": 0,
				**dict.fromkeys(MEASURES, 0.0),
			}
			orders[key] = set()
		if field == "customer" and fact.get("customer_name"):
			row["customer_name"] = fact["customer_name"]
		row[fact["measure"]] += fact["amount"]
		if fact["measure"] == ORDERED:
			orders[key].add(fact["document"])
	for key, row in rows.items():
		row["orders"] = len(orders[key])
		for measure in MEASURES:
			row[measure] = round(row[measure], 2)
	return sorted(rows.values(), key=_sort_key)


def _sort_key(row: dict):
	return (row["group"] is None, -row[ORDERED], -row[INVOICED], str(row["group"] or ""))


def totals(facts: Iterable[Mapping]) -> dict:
	"""Company-wide totals: number of orders and the amount of every measure."""
	result = dict.fromkeys(MEASURES, 0.0)
	orders = set()
	for fact in facts:
		result[fact["measure"]] += fact["amount"]
		if fact["measure"] == ORDERED:
			orders.add(fact["document"])
	result = {measure: round(amount, 2) for measure, amount in result.items()}
	result["orders"] = len(orders)
	return result


CHART_MEASURES = (ORDERED, DELIVERED, INVOICED, RECEIVED)


def chart_series(rows: list[dict], limit: int = 10) -> tuple[list, dict[str, list[float]]]:
	"""Labels (the groups) and one series per charted measure, for the `limit` first rows."""
	shown = [row for row in rows if row["group"] is not None][:limit]
	return [row["group"] for row in shown], {m: [row[m] for row in shown] for m in CHART_MEASURES}
