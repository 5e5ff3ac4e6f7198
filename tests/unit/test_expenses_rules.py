"""Pure rules of the sales expenses: statuses, the General Manager's share, receipts, tolerance,
settlement, the claim's journal lines, budget periods and matching."""

from datetime import date

import pytest

from neiqin.sales_expenses import rules


@pytest.mark.parametrize(
	"docstatus, estimated, advance, claimed, settled, status",
	[
		(0, 100, 0, 0, 0, "Draft"),
		(2, 100, 0, 0, 0, "Cancelled"),
		(1, 100, 0, 0, 0, "Approved"),
		(1, 100, 50, 0, 0, "Advance Paid"),
		(1, 100, 50, 40, 40, "Partly Claimed"),
		(1, 100, 50, 100, 40, "Claimed"),
		(1, 100, 50, 100, 50, "Closed"),
		(1, 100, 0, 110, 0, "Closed"),
	],
)
def test_request_status_follows_its_documents(docstatus, estimated, advance, claimed, settled, status):
	assert rules.request_status(docstatus, estimated, advance, claimed, settled) == status


def test_claim_status():
	assert rules.claim_status(0, 10, 0) == "Draft"
	assert rules.claim_status(1, 10, 0) == "Unpaid"
	assert rules.claim_status(1, 10, 10) == "Paid"
	assert rules.claim_status(1, 0, 0) == "Paid"
	assert rules.claim_status(2, 10, 0) == "Cancelled"


def test_general_manager_for_special_large_or_over_budget():
	assert rules.needs_general_manager(True, 10, 5000, False)
	assert rules.needs_general_manager(False, 5000.01, 5000, False)
	assert not rules.needs_general_manager(False, 5000, 5000, False)
	assert rules.needs_general_manager(False, 10, 5000, True)
	assert not rules.needs_general_manager(False, 10**9, 0, False)  # no threshold


def test_request_amounts():
	assert rules.request_problems(100, 100) == []
	assert rules.request_problems(0, 0)[0][0] == "amount_not_positive"
	assert rules.request_problems(100, 100.01)[0][0] == "advance_above_estimate"
	assert rules.request_problems(100, -1)[0][0] == "advance_negative"


@pytest.mark.parametrize(
	"spelling", ["ab-1234", "AB 1234", "ＡＢ－１２３４", " a b—12_34 ", "ab\u20121234", "Ab\u30fc1234"]
)
def test_receipt_numbers_have_one_form(spelling):
	assert rules.normalise_receipt_number(spelling) == "AB1234"


def test_empty_receipt_and_duplicates_within_a_claim():
	assert rules.normalise_receipt_number(None) == ""
	lines = [
		{"idx": 1, "receipt_key": "A1"},
		{"idx": 2, "receipt_key": None},
		{"idx": 3, "receipt_key": "A1"},
	]
	assert rules.duplicate_receipts(lines) == [(3, 1, "A1")]


def test_tolerance():
	approved = {"R1": 1000.0, "R2": 100.0}
	assert rules.over_tolerance({"R1": 1100.0, "R2": 100.0}, approved, 10) == []
	assert rules.over_tolerance({"R1": 1100.01}, approved, 10) == [("R1", 1100.01, 1100.0)]
	assert rules.over_tolerance({"R2": 100.01}, approved, 0) == [("R2", 100.01, 100.0)]
	assert rules.over_tolerance({"R3": 1.0}, approved, 10) == [("R3", 1.0, 0.0)]


def test_settlement_takes_advances_first():
	assert rules.split_settlement(800, 600) == (600, 200)
	assert rules.split_settlement(500, 600) == (500, 0)
	assert rules.split_settlement(500, 0) == (0, 500)
	assert rules.split_settlement(500, -5) == (0, 500)


def test_journal_lines_balance_and_equal_the_claim():
	lines = [
		{"expense_account": "Travel", "cost_center": "East", "amount": 300},
		{"expense_account": "Travel", "cost_center": "East", "amount": 200.5},
		{"expense_account": "Meals", "cost_center": "West", "amount": 99.5},
	]
	rows = rules.journal_lines(lines, "Advance", "Payable", 450, 150)
	assert sum(r["debit"] for r in rows) == sum(r["credit"] for r in rows) == 600
	assert [(r["account"], r["debit"], r["credit"]) for r in rows] == [
		("Travel", 500.5, 0.0),
		("Meals", 99.5, 0.0),
		("Advance", 0.0, 450),
		("Payable", 0.0, 150),
	]
	assert [r["party"] for r in rows] == [False, False, True, True]
	assert [r["account"] for r in rules.journal_lines(lines, "Advance", "Payable", 0, 600)][-1] == "Payable"
	assert "Payable" not in [r["account"] for r in rules.journal_lines(lines, "Advance", "Payable", 600, 0)]


def test_budget_periods():
	year = (date(2026, 1, 1), date(2026, 12, 31))
	assert rules.budget_period("Month", date(2026, 2, 14), *year) == (date(2026, 2, 1), date(2026, 2, 28))
	assert rules.budget_period("Quarter", date(2026, 11, 3), *year) == (date(2026, 11, 1), date(2027, 1, 31))
	assert rules.budget_period("Quarter", date(2026, 4, 30), *year) == (date(2026, 4, 1), date(2026, 6, 30))
	assert rules.budget_period("Year", None, *year) == year


def test_budget_line_matching_and_left():
	request = {
		"territory": "Shanghai",
		"territories": ("Shanghai", "East China", "All Territories"),
		"sales_person": "Li",
		"sales_persons": ("Li", "Sales Team"),
		"expense_type": "差旅费",
	}
	assert rules.line_matches({"territory": "East China"}, request)
	assert rules.line_matches({"sales_person": "Sales Team", "expense_type": "差旅费"}, request)
	assert not rules.line_matches({"territory": "North China"}, request)
	assert not rules.line_matches({"territory": "East China", "expense_type": "快递费"}, request)
	assert rules.used_amount(100, 0) == 100 and rules.used_amount(100, 120) == 120
	assert rules.budget_left(1500, [1000, 200]) == 300


def test_ageing_buckets():
	assert [rules.ageing_bucket(d) for d in (0, 30, 31, 60, 61, 90, 91, 400)] == [0, 0, 1, 1, 2, 2, 3, 3]
