"""Daily Sales Report grouping and Daily Sales Statistics series (pure)."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from neiqin.sales_reports.attribution import CREDITED, DELIVERED, INVOICED, ORDERED, RECEIVED, RETURNED
from neiqin.sales_reports.daily_sales import chart_series, group_rows, totals
from neiqin.sales_reports.periods import change_percent, days, previous_period
from neiqin.sales_reports.statistics import comparison, daily_rows, period_totals


def fact(measure, amount, document, day=date(2026, 3, 2), **values):
	return {
		"measure": measure,
		"amount": amount,
		"document": document,
		"date": day,
		"customer": values.pop("customer", "C1"),
		"customer_name": values.pop("customer_name", "Customer One"),
		"sales_person": values.pop("sales_person", None),
		"item_group": values.pop("item_group", None),
	}


FACTS = [
	fact(ORDERED, 1000, "SO-1", sales_person="Wang", item_group="Widgets"),
	fact(ORDERED, 500, "SO-2", customer="C2", customer_name="Customer Two", sales_person="Li"),
	fact(ORDERED, 250, "SO-1", sales_person="Wang", item_group="Gadgets"),
	fact(DELIVERED, 600, "DN-1", sales_person="Wang", item_group="Widgets"),
	fact(RETURNED, 100, "DN-2", sales_person="Wang", item_group="Widgets"),
	fact(INVOICED, 600, "SI-1", sales_person="Wang", item_group="Widgets"),
	fact(CREDITED, 50, "SI-2", sales_person="Wang", item_group="Widgets"),
	fact(RECEIVED, 300, "PE-1", sales_person="Wang", item_group="Widgets"),
	fact(RECEIVED, 80, "PE-2", customer="C2", customer_name="Customer Two"),
]


def test_rows_by_customer_add_up_each_measure_and_count_orders_once():
	rows = group_rows(FACTS, "Customer")
	assert [row["group"] for row in rows] == ["C1", "C2"]
	c1, c2 = rows
	assert c1["customer_name"] == "Customer One"
	assert (c1["orders"], c1[ORDERED], c1[DELIVERED], c1[RETURNED]) == (1, 1250, 600, 100)
	assert (c1[INVOICED], c1[CREDITED], c1[RECEIVED]) == (600, 50, 300)
	assert (c2["orders"], c2[ORDERED], c2[RECEIVED]) == (1, 500, 80)


def test_rows_by_sales_person_put_unattributed_amounts_last():
	rows = group_rows(FACTS, "Sales Person")
	assert [row["group"] for row in rows] == ["Wang", "Li", None]
	assert rows[2][RECEIVED] == 80 and rows[2][ORDERED] == 0


def test_rows_by_item_group():
	rows = {row["group"]: row for row in group_rows(FACTS, "Item Group")}
	assert rows["Widgets"][ORDERED] == 1000
	assert rows["Gadgets"][ORDERED] == 250
	assert rows["Gadgets"]["orders"] == 1 and rows["Widgets"]["orders"] == 1


def test_totals_and_chart():
	assert totals(FACTS) == {
		"orders": 2,
		ORDERED: 1750,
		DELIVERED: 600,
		RETURNED: 100,
		INVOICED: 600,
		CREDITED: 50,
		RECEIVED: 380,
	}
	labels, series = chart_series(group_rows(FACTS, "Sales Person"), limit=1)
	assert labels == ["Wang"]
	assert series[ORDERED] == [1250] and series[RECEIVED] == [300]
	assert totals([])["orders"] == 0


def test_periods():
	assert days(date(2026, 2, 27), date(2026, 3, 2)) == [
		date(2026, 2, 27),
		date(2026, 2, 28),
		date(2026, 3, 1),
		date(2026, 3, 2),
	]
	assert days(date(2026, 3, 2), date(2026, 3, 1)) == []
	assert previous_period(date(2026, 3, 1), date(2026, 3, 31)) == (date(2026, 1, 29), date(2026, 2, 28))
	assert previous_period(date(2026, 3, 5), date(2026, 3, 5)) == (date(2026, 3, 4), date(2026, 3, 4))
	assert change_percent(150, 100) == 50.0
	assert change_percent(50, 200) == -75.0
	assert change_percent(10, 0) is None
	assert change_percent(-50, -100) == 50.0


def test_daily_rows_fill_empty_days_and_net_returns_and_credit_notes():
	d1, d2, d3 = date(2026, 3, 1), date(2026, 3, 2), date(2026, 3, 3)
	facts = [
		fact(ORDERED, 1000, "SO-1", day=d1),
		fact(ORDERED, 200, "SO-1", day=d1),
		fact(ORDERED, 300, "SO-2", day=d1),
		fact(DELIVERED, 600, "DN-1", day=d3),
		fact(RETURNED, 100, "DN-2", day=d3),
		fact(INVOICED, 600, "SI-1", day=d3),
		fact(CREDITED, 50, "SI-2", day=d3),
		fact(RECEIVED, 300, "PE-1", day=d3),
		fact(RECEIVED, 999, "PE-0", day=date(2026, 2, 28)),  # outside: ignored
	]
	rows = daily_rows(facts, d1, d3)
	assert [row["date"] for row in rows] == [d1, d2, d3]
	assert rows[0] == {"date": d1, "orders": 2, "ordered": 1500, "delivered": 0, "invoiced": 0, "received": 0}
	assert rows[1] == {"date": d2, "orders": 0, "ordered": 0, "delivered": 0, "invoiced": 0, "received": 0}
	assert rows[2] == {
		"date": d3,
		"orders": 0,
		"ordered": 0,
		"delivered": 500,
		"invoiced": 550,
		"received": 300,
	}
	total = period_totals(rows)
	assert total == {"orders": 2, "ordered": 1500, "delivered": 500, "invoiced": 550, "received": 300}

	previous = period_totals(daily_rows(facts, date(2026, 2, 26), date(2026, 2, 28)))
	change = comparison(total, previous)
	assert change["received"] == (300, 999, pytest.approx(-70.0))
	assert change["ordered"] == (1500, 0, None)


@given(
	amounts=st.lists(
		st.tuples(
			st.sampled_from([ORDERED, DELIVERED, RETURNED, INVOICED, CREDITED, RECEIVED]),
			st.integers(min_value=0, max_value=20),
			st.integers(min_value=1, max_value=10_000),
		),
		max_size=30,
	)
)
def test_daily_rows_account_for_every_fact_in_the_range(amounts):
	start = date(2026, 3, 1)
	facts = [
		fact(m, a, f"DOC-{i}", day=date(2026, 3, 1 + offset)) for i, (m, offset, a) in enumerate(amounts)
	]
	rows = daily_rows(facts, start, date(2026, 3, 10))
	assert len(rows) == 10
	in_range = [f for f in facts if f["date"] <= date(2026, 3, 10)]
	sign = {ORDERED: 0, DELIVERED: 1, RETURNED: -1}
	assert period_totals(rows)["delivered"] == pytest.approx(
		sum(sign.get(f["measure"], 0) * f["amount"] for f in in_range)
	)
	assert period_totals(rows)["received"] == pytest.approx(
		sum(f["amount"] for f in in_range if f["measure"] == RECEIVED)
	)
	assert sum(row["ordered"] for row in group_rows(in_range, "Customer")) == pytest.approx(
		period_totals(rows)["ordered"]
	)
