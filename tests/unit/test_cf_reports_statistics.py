"""Aggregation of the Contract Fulfilment Statistics report."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from neiqin.contract_fulfilment.statistics import aggregate, grand_total, line_timeliness, period_of

TODAY = date(2026, 6, 15)


def line(order, **values):
	base = {
		"sales_order": order,
		"transaction_date": date(2026, 1, 10),
		"customer": "C1",
		"sales_person": "",
		"territory": "East",
		"item_group": "Materials",
		"conversion_rate": 1.0,
		"fulfilment_status": "Partly Delivered",
		"base_ordered_amount": 0.0,
		"base_delivered_amount": 0.0,
		"base_invoiced_amount": 0.0,
		"base_paid_amount": 0.0,
		"amount": 0.0,
		"delivered_amount": 0.0,
		"invoiced_amount": 0.0,
		"paid_amount": 0.0,
		"delivery_date": date(2026, 2, 1),
		"fully_delivered_on": None,
		"status": "Pending",
	}
	base.update(values)
	return base


HEADER = (
	"sales_order",
	"transaction_date",
	"customer",
	"sales_person",
	"territory",
	"conversion_rate",
	"fulfilment_status",
	"base_ordered_amount",
	"base_delivered_amount",
	"base_invoiced_amount",
	"base_paid_amount",
)


def sign(days: int) -> int:
	return (days > 0) - (days < 0)


def facts(line: dict, today: date) -> dict:
	"""What the report's query computes for a line (SIGN(DATEDIFF(...)))."""
	due, done = line.get("delivery_date"), line.get("fully_delivered_on")
	return {
		"delivered_in_full": int(done is not None),
		"delivered_vs_due": sign((done - due).days) if done and due else None,
		"due_vs_today": sign((due - today).days) if due else None,
	}


def split(lines: list[dict], today: date = TODAY) -> tuple[list[dict], list[dict]]:
	"""(orders, groups of one line each) as the report's two queries return them."""
	orders = {line["sales_order"]: {key: line[key] for key in HEADER} for line in lines}
	groups = [
		{
			"sales_order": line["sales_order"],
			"item_group": line["item_group"],
			"status": line["status"],
			**facts(line, today),
			"lines": line.get("lines", 1),
			"amount": line["amount"],
			"delivered_amount": line["delivered_amount"],
			"invoiced_amount": line["invoiced_amount"],
			"paid_amount": line["paid_amount"],
			"undelivered_amount": line.get(
				"undelivered_amount", max(line["amount"] - line["delivered_amount"], 0.0)
			),
		}
		for line in lines
	]
	return list(orders.values()), groups


def timeliness(line: dict, today: date = TODAY):
	return line_timeliness({**line, **facts(line, today)}, line["fulfilment_status"])


def test_period_labels():
	assert period_of(date(2026, 3, 31), "Monthly") == (date(2026, 3, 1), "2026-03")
	assert period_of(date(2026, 3, 31), "Quarterly") == (date(2026, 1, 1), "2026 Q1")
	assert period_of(date(2026, 11, 2), "Quarterly") == (date(2026, 10, 1), "2026 Q4")
	assert period_of(date(2026, 11, 2), "Yearly") == (date(2026, 1, 1), "2026")
	with pytest.raises(ValueError):
		period_of(date(2026, 1, 1), "Weekly")


def test_line_timeliness():
	due = date(2026, 6, 1)
	assert timeliness(line("A", delivery_date=due, fully_delivered_on=due)) == (True, True, False)
	assert timeliness(line("A", delivery_date=due, fully_delivered_on=date(2026, 6, 2))) == (
		True,
		False,
		False,
	)
	assert timeliness(line("A", delivery_date=due)) == (True, False, True)
	# not yet due, not delivered: nothing to count
	assert timeliness(line("A", delivery_date=date(2026, 7, 1))) == (False, False, False)
	# delivered early before its date: due and on time already
	assert timeliness(line("A", delivery_date=date(2026, 7, 1), fully_delivered_on=due)) == (
		True,
		True,
		False,
	)
	# due today and not delivered: due, not yet overdue
	assert timeliness(line("A", delivery_date=TODAY)) == (True, False, False)
	# closed undelivered: out of the count
	assert timeliness(line("A", delivery_date=due, status="Closed")) == (False, False, False)
	assert timeliness(line("A", delivery_date=due, fulfilment_status="Closed")) == (
		False,
		False,
		False,
	)


def known_lines():
	header_a = {
		"base_ordered_amount": 1000.0,
		"base_delivered_amount": 600.0,
		"base_invoiced_amount": 500.0,
		"base_paid_amount": 200.0,
	}
	header_b = {
		"customer": "C2",
		"transaction_date": date(2026, 2, 20),
		"base_ordered_amount": 2000.0,
		"base_delivered_amount": 2000.0,
		"base_invoiced_amount": 2000.0,
		"base_paid_amount": 2000.0,
	}
	header_c = {"transaction_date": date(2026, 4, 5), "base_ordered_amount": 700.0, "conversion_rate": 7.0}
	return [
		# order A (C1, January): one line delivered on time, one overdue half-delivered
		line(
			"A",
			**header_a,
			amount=400,
			delivered_amount=400,
			invoiced_amount=400,
			paid_amount=200,
			fully_delivered_on=date(2026, 1, 30),
			status="Delivered",
		),
		line("A", **header_a, amount=600, delivered_amount=200, invoiced_amount=100, item_group="Parts"),
		# order B (C2, February): delivered late, fully paid
		line(
			"B",
			**header_b,
			amount=2000,
			delivered_amount=2000,
			invoiced_amount=2000,
			paid_amount=2000,
			delivery_date=date(2026, 3, 1),
			fully_delivered_on=date(2026, 3, 5),
			status="Delivered",
		),
		# order C (C1, April, USD at 7): not yet due
		line("C", **header_c, amount=100, delivery_date=date(2026, 7, 1), item_group="Parts"),
	]


def test_quarterly_by_customer():
	rows = aggregate(*split(known_lines()), "Customer", "Quarterly")
	assert [(r["period"], r["group"], r["indent"]) for r in rows] == [
		("2026 Q1", None, 0),
		("2026 Q1", "C2", 1),
		("2026 Q1", "C1", 1),
		("2026 Q2", None, 0),
		("2026 Q2", "C1", 1),
	]
	q1, c2, c1, q2, c1_q2 = rows
	assert q1["contracts"] == 2
	assert q1["ordered_amount"] == 3000
	assert q1["delivered_amount"] == 2600
	assert q1["invoiced_amount"] == 2500
	assert q1["paid_amount"] == 2200
	assert q1["outstanding_amount"] == 300
	assert q1["per_delivered"] == pytest.approx(86.67)
	assert q1["per_paid"] == pytest.approx(73.33)
	assert q1["lines_due"] == 3
	assert q1["on_time_lines"] == 1
	assert q1["on_time_rate"] == pytest.approx(33.33)
	assert q1["overdue_lines"] == 1
	assert q1["overdue_amount"] == 400
	assert c1["contracts"] == 1 and c1["ordered_amount"] == 1000 and c1["on_time_rate"] == 50
	assert c2["ordered_amount"] == 2000 and c2["per_paid"] == 100 and c2["on_time_rate"] == 0
	assert c1_q2["ordered_amount"] == 700 and c1_q2["lines_due"] == 0 and c1_q2["on_time_rate"] == 0
	assert q2["overdue_lines"] == 0


def test_by_item_group_uses_line_amounts_in_company_currency():
	rows = aggregate(*split(known_lines()), "Item Group", "Yearly")
	assert [(r["group"], r["ordered_amount"]) for r in rows] == [
		(None, 400 + 600 + 2000 + 700),
		("Materials", 2400),
		("Parts", 1300),
	]
	parts = rows[2]
	assert parts["contracts"] == 2  # orders A and C
	assert parts["delivered_amount"] == 200
	assert parts["invoiced_amount"] == 100
	assert parts["overdue_amount"] == 400


def test_missing_group_value_is_its_own_group_and_grand_total():
	rows = aggregate(*split(known_lines()), "Sales Person", "Monthly")
	assert {r["group"] for r in rows if r["indent"]} == {""}
	total = grand_total(rows)
	assert total["contracts"] == 3
	assert total["ordered_amount"] == 3700
	assert total["lines_due"] == 3 and total["on_time_lines"] == 1
	assert total["per_invoiced"] == pytest.approx(round(100 * 2500 / 3700, 2))


def test_a_group_of_lines_counts_as_its_lines():
	"""The report hands over lines grouped by what the rules tell apart; a group of two
	lines counts like the two lines."""
	one_by_one = [
		line("A", amount=300, delivered_amount=100, base_ordered_amount=1000),
		line("A", amount=700, delivered_amount=800, base_ordered_amount=1000),
	]
	grouped = [
		line(
			"A",
			amount=1000,
			delivered_amount=900,
			base_ordered_amount=1000,
			lines=2,
			undelivered_amount=200,  # 200 + 0: a line delivered beyond its amount owes nothing
		)
	]
	for grouping in ("Customer", "Item Group"):
		separate = aggregate(*split(one_by_one), grouping, "Monthly")
		together = aggregate(*split(grouped), grouping, "Monthly")
		assert together == separate
		assert together[0]["lines"] == together[0]["overdue_lines"] == 2
		assert together[0]["overdue_amount"] == 200


def test_unknown_grouping_is_refused():
	with pytest.raises(ValueError):
		aggregate(*split(known_lines()), "Warehouse", "Monthly")


orders = st.lists(
	st.tuples(
		st.sampled_from(["C1", "C2", "C3"]),
		st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 12, 31)),
		st.integers(min_value=1, max_value=4),
		st.integers(min_value=0, max_value=10**5),
	),
	max_size=20,
)


@given(
	orders=orders,
	grouping=st.sampled_from(["Customer", "Territory", "Item Group"]),
	periodicity=st.sampled_from(["Monthly", "Quarterly", "Yearly"]),
)
def test_groups_add_up_to_their_period(orders, grouping, periodicity):
	lines = []
	for index, (customer, day, count, amount) in enumerate(orders):
		for n in range(count):
			lines.append(
				line(
					f"SO-{index}",
					customer=customer,
					transaction_date=day,
					item_group=f"G{n % 2}",
					base_ordered_amount=float(amount * count),
					amount=float(amount),
					delivery_date=day,
				)
			)
	rows = aggregate(*split(lines), grouping, periodicity)
	period_rows = [r for r in rows if r["indent"] == 0]
	for period in period_rows:
		children = [r for r in rows if r["indent"] == 1 and r["period"] == period["period"]]
		assert sum(r["ordered_amount"] for r in children) == pytest.approx(period["ordered_amount"])
		assert sum(r["lines"] for r in children) == period["lines"]
		assert sum(r["overdue_lines"] for r in children) == period["overdue_lines"]
	assert grand_total(rows)["ordered_amount"] == pytest.approx(sum(a * c for _c, _d, c, a in orders))
	assert grand_total(rows)["contracts"] == len(orders)
