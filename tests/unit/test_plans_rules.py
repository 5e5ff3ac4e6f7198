"""The pure rules of plans and follow-up (neiqin.sales_plans.rules)."""

import datetime

import pytest

from neiqin.sales_plans import rules

D = datetime.date


def test_periods_of_a_fiscal_year_by_month_quarter_and_year():
	months = rules.periods(D(2026, 4, 1), D(2027, 3, 31), rules.MONTHLY)
	assert (
		len(months) == 12 and months[0] == (D(2026, 4, 1), D(2026, 4, 30)) and months[-1][1] == D(2027, 3, 31)
	)
	quarters = rules.periods(D(2026, 4, 1), D(2027, 3, 31), rules.QUARTERLY)
	assert [start for start, _end in quarters] == [
		D(2026, 4, 1),
		D(2026, 7, 1),
		D(2026, 10, 1),
		D(2027, 1, 1),
	]
	assert rules.periods(D(2026, 1, 1), D(2026, 12, 31), rules.YEARLY) == [(D(2026, 1, 1), D(2026, 12, 31))]
	assert rules.period_of(D(2026, 8, 15), quarters) == D(2026, 7, 1)
	assert rules.period_of(D(2025, 8, 15), quarters) is None


def test_attainment_needs_a_target():
	assert rules.attainment(600, 1000) == 60
	assert rules.attainment(0, 1000) == 0
	assert rules.attainment(100, 0) is None
	assert rules.attainment(None, 1000) is None


def test_future_periods_show_the_target_only_and_ranking_skips_rows_without_target():
	targets = [
		{"period_start": D(2026, 1, 1), "entity": "A", "order_amount": 100, "collection_amount": 100},
		{"period_start": D(2026, 1, 1), "entity": "B", "order_amount": 100},
		{"period_start": D(2026, 2, 1), "entity": "A", "order_amount": 300},
	]
	actuals = {
		(D(2026, 1, 1), "A"): {"order": 50, "collection": 100},
		(D(2026, 1, 1), "B"): {"order": 90},
		(D(2026, 1, 1), "C"): {"order": 10},
		(D(2026, 2, 1), "A"): {"order": 999},
	}
	rows = rules.rank(rules.combine(targets, actuals, lambda period: period > D(2026, 1, 31)))
	by = {(row["period_start"], row["entity"]): row for row in rows}
	a, b, c = by[(D(2026, 1, 1), "A")], by[(D(2026, 1, 1), "B")], by[(D(2026, 1, 1), "C")]
	assert (a["score"], b["score"], c["score"]) == (75, 90, None)
	assert (b["rank"], a["rank"], c["rank"]) == (1, 2, None)
	future = by[(D(2026, 2, 1), "A")]
	assert future["order_actual"] is None and future["order_target"] == 300 and future["rank"] is None


@pytest.mark.parametrize(
	"promised, date, paid, owed, today, status",
	[
		(500, D(2026, 3, 10), 500, 300, D(2026, 3, 5), rules.KEPT),
		(500, D(2026, 3, 10), 499.99, 300, D(2026, 3, 10), rules.OPEN),
		(500, D(2026, 3, 10), 100, 300, D(2026, 3, 11), rules.BROKEN),
		(500, D(2026, 3, 10), 600, 0, D(2026, 3, 20), rules.KEPT),
		(0, None, 0, 0, D(2026, 3, 20), rules.CLOSED),
		(0, None, 0, 10, D(2026, 3, 20), rules.OPEN),
	],
)
def test_promise_status(promised, date, paid, owed, today, status):
	assert rules.promise_status(promised, date, paid, owed, today) == status


def test_payments_count_up_to_the_promised_date_and_a_follow_up_locks_after_it():
	assert rules.payment_window_end(D(2026, 3, 10), D(2026, 3, 20)) == D(2026, 3, 10)
	assert rules.payment_window_end(None, D(2026, 3, 20)) == D(2026, 3, 20)
	assert rules.locked(D(2026, 3, 10), D(2026, 3, 11)) and not rules.locked(D(2026, 3, 10), D(2026, 3, 10))
	assert not rules.locked(None, D(2026, 3, 11))


def test_visit_lines_are_matched_once_each_closest_first():
	monday = D(2026, 3, 2)
	lines = [
		{"customer": "X", "planned_date": D(2026, 3, 2)},
		{"customer": "X", "planned_date": D(2026, 3, 6)},
		{"customer": "Y", "planned_date": D(2026, 3, 3)},
	]
	logs = [
		{"name": "L1", "customer": "X", "visit_date": D(2026, 3, 5)},
		{"name": "L2", "customer": "Y", "visit_date": D(2026, 3, 9)},  # next week
		{"name": "L3", "customer": "X", "visit_date": D(2026, 3, 1)},  # last week
	]
	assert rules.match_visits(lines, logs, monday) == ["L1", None, None]
	assert rules.completion(3, 1) == 33.3 and rules.completion(0, 0) is None


def test_weeks_start_on_monday():
	assert rules.week_start(D(2026, 3, 8)) == D(2026, 3, 2)
	assert rules.is_monday(D(2026, 3, 2)) and not rules.is_monday(D(2026, 3, 3))
	assert rules.week_end(D(2026, 3, 2)) == D(2026, 3, 8)


def test_ageing_buckets_are_accounts_receivables():
	ranges = (30, 60, 90, 120)
	assert [rules.ageing_bucket(days, ranges) for days in (0, 30, 31, 60, 61, 120, 121, 400)] == [
		0,
		0,
		1,
		1,
		2,
		3,
		4,
		4,
	]
	assert rules.quarter_start(D(2026, 8, 15)) == D(2026, 7, 1)
