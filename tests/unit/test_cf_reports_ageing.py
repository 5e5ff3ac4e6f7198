"""Ageing rules of the Contract Receivables report."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from neiqin.contract_fulfilment.ageing import (
	InvalidRanges,
	age_amounts,
	allocate_credits,
	bucket_bounds,
	bucket_index,
	invoice_balance,
	order_shares,
	parse_ranges,
	split_outstanding,
)

D1, D2, D3 = date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31)


def test_parse_ranges():
	assert parse_ranges("30, 60, 90") == [30, 60, 90]
	assert parse_ranges("") == [30, 60, 90]
	assert parse_ranges(None) == [30, 60, 90]
	assert parse_ranges("15,45") == [15, 45]
	for bad in ("30, x", "60, 30", "0, 30", "30, 30", "-5", ", ,"):
		with pytest.raises(InvalidRanges):
			parse_ranges(bad)


def test_bucket_bounds_and_index():
	assert bucket_bounds([30, 60, 90]) == [(0, 30), (31, 60), (61, 90), (91, None)]
	assert bucket_index(-1, [30, 60, 90]) is None
	assert [bucket_index(age, [30, 60, 90]) for age in (0, 30, 31, 60, 61, 90, 91, 500)] == [
		0,
		0,
		1,
		1,
		2,
		2,
		3,
		3,
	]


def test_payments_settle_the_earliest_instalments_first():
	schedule = [(D2, 500.0), (D1, 500.0)]
	assert split_outstanding(schedule, 1000, 700) == [(D1, 200.0), (D2, 500.0)]
	assert split_outstanding(schedule, 1000, 1000) == [(D1, 500.0), (D2, 500.0)]
	assert split_outstanding(schedule, 1000, 0) == [(D1, 0.0), (D2, 0.0)]


def test_schedule_is_scaled_to_the_ledger_amount():
	# schedule in invoice currency (USD 100) while the ledger says CNY 700
	assert split_outstanding([(D1, 60.0), (D2, 40.0)], 700, 700) == [(D1, 420.0), (D2, 280.0)]


def test_odd_outstanding_goes_to_the_last_instalment():
	schedule = [(D1, 500.0), (D2, 500.0)]
	assert split_outstanding(schedule, 1000, -50) == [(D1, 0.0), (D2, -50.0)]  # over-paid
	assert split_outstanding(schedule, 1000, 1200) == [(D1, 0.0), (D2, 1200.0)]
	assert split_outstanding([], 1000, 1000) == []


def test_credit_note_keeps_its_negative_balance():
	assert split_outstanding([(D1, -200.0)], -200, -200) == [(D1, -200.0)]
	assert split_outstanding([(D1, -200.0)], -200, -50) == [(D1, -50.0)]


def test_age_amounts_by_due_date():
	as_of = date(2026, 4, 1)
	result = age_amounts(
		[(D1, 100.0), (D2, 50.0), (D3, 25.0), (date(2026, 4, 15), 10.0)], as_of, [30, 60, 90]
	)
	# ages: 60, 32, 1, -14
	assert result == {"not_due": 10.0, "buckets": [25.0, 150.0, 0.0, 0.0], "age": 60}
	assert age_amounts([(D1, 0.0)], as_of, [30])["age"] is None


def test_order_shares():
	lines = [
		("SI-1", "SO-1", 300),
		("SI-1", "SO-2", 100),
		("SI-1", None, 100),
		("SI-2", "SO-1", 50),
		("SI-2", "SO-1", 50),
	]
	assert order_shares(lines) == {("SI-1", "SO-1"): 0.6, ("SI-1", "SO-2"): 0.2, ("SI-2", "SO-1"): 1.0}
	assert order_shares([("SI-3", "SO-1", 0), ("SI-3", "SO-2", 0)]) == {
		("SI-3", "SO-1"): 0.5,
		("SI-3", "SO-2"): 0.5,
	}


amounts = st.integers(min_value=1, max_value=10**6).map(float)


@given(
	parts=st.lists(st.tuples(st.integers(min_value=0, max_value=365), amounts), min_size=1, max_size=6),
	fraction=st.floats(min_value=0, max_value=1),
)
def test_split_preserves_the_outstanding_and_never_exceeds_an_instalment(parts, fraction):
	schedule = [(D1 + timedelta(days=offset), amount) for offset, amount in parts]
	invoiced = sum(amount for _d, amount in schedule)
	outstanding = round(invoiced * fraction, 2)
	result = split_outstanding(schedule, invoiced, outstanding)
	assert sum(amount for _d, amount in result) == pytest.approx(outstanding, abs=1e-6)
	assert all(amount >= -1e-6 for _due, amount in result)
	# once an instalment is open, every later one is fully open (FIFO settlement)
	dues = [due for due, _a in result]
	assert dues == sorted(dues)
	opened = False
	for (_due, open_amount), (_d, amount) in zip(result, sorted(schedule, key=lambda r: r[0]), strict=True):
		if opened:
			assert open_amount == pytest.approx(amount)
		opened = opened or open_amount > 1e-6


def test_invoice_balance_from_ledger_entries():
	entries = [
		("Sales Invoice", "SI-1", 1000.0),
		("Payment Entry", "PE-1", -300.0),
		("Journal Entry", "JV-1", -100.0),
		("Sales Invoice", "CN-1", -200.0),  # credit note against SI-1
	]
	assert invoice_balance("SI-1", False, entries) == {
		"invoiced": 800.0,
		"received": 400.0,
		"outstanding": 400.0,
	}


def test_pos_invoice_pays_itself():
	entries = [("Sales Invoice", "SI-2", 500.0), ("Sales Invoice", "SI-2", -500.0)]
	assert invoice_balance("SI-2", False, entries) == {
		"invoiced": 500.0,
		"received": 500.0,
		"outstanding": 0.0,
	}


def test_credit_note_with_its_own_balance_and_refund():
	entries = [("Sales Invoice", "CN-2", -150.0), ("Payment Entry", "PE-9", 150.0)]
	assert invoice_balance("CN-2", True, entries) == {
		"invoiced": -150.0,
		"received": -150.0,
		"outstanding": 0.0,
	}
	assert invoice_balance("CN-3", True, [("Sales Invoice", "CN-3", -80.0)]) == {
		"invoiced": -80.0,
		"received": 0.0,
		"outstanding": -80.0,
	}


def test_credit_notes_settle_the_open_invoice_they_are_against():
	outstanding = {"SI-1": 500.0, "CN-1": -100.0, "SI-2": 50.0, "CN-2": -80.0, "SI-3": 0.0, "CN-3": -40.0}
	credits = [("CN-1", "SI-1"), ("CN-2", "SI-2"), ("CN-3", "SI-3"), ("CN-4", None)]
	assert allocate_credits(outstanding, credits) == [("CN-1", "SI-1", 100.0), ("CN-2", "SI-2", 50.0)]


def test_two_credit_notes_never_settle_more_than_is_open():
	outstanding = {"SI-1": 150.0, "CN-1": -100.0, "CN-2": -100.0}
	assert allocate_credits(outstanding, [("CN-1", "SI-1"), ("CN-2", "SI-1")]) == [
		("CN-1", "SI-1", 100.0),
		("CN-2", "SI-1", 50.0),
	]


@given(
	st.lists(st.floats(min_value=-1000, max_value=1000, allow_nan=False), min_size=2, max_size=6),
	st.data(),
)
def test_allocation_keeps_the_total_and_never_flips_a_sign(amounts, data):
	invoices = [f"SI-{i}" for i in range(len(amounts))]
	outstanding = dict(zip(invoices, amounts, strict=True))
	credits = [(invoice, data.draw(st.sampled_from([None, *invoices]))) for invoice in invoices]
	after = dict(outstanding)
	for credit, against, amount in allocate_credits(outstanding, credits):
		assert amount > 0
		after[credit] += amount
		after[against] -= amount
	assert sum(after.values()) == pytest.approx(sum(outstanding.values()), abs=1e-6)
	for invoice in invoices:
		assert after[invoice] * outstanding[invoice] >= -1e-6
