"""Facts for the daily reports: sales lines split by sales team, receipts spread over what they settle."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from neiqin.sales_reports.attribution import (
	CREDITED,
	DELIVERED,
	INVOICED,
	ORDERED,
	RECEIVED,
	RETURNED,
	keep,
	receipt_facts,
	receipt_portions,
	sales_facts,
	settled_documents,
)

DAY = date(2026, 3, 2)


def line(parent, amount, **values):
	return {
		"parent": parent,
		"date": DAY,
		"customer": "C1",
		"customer_name": "Customer One",
		"item_group": "Widgets",
		"base_net_amount": amount,
		**values,
	}


def test_each_sales_document_becomes_facts_of_its_measure():
	facts = sales_facts(
		order_lines=[line("SO-1", 1000)],
		delivery_lines=[line("DN-1", 600), line("DN-2", -100, is_return=1)],
		invoice_lines=[line("SI-1", 600), line("SI-2", -50, is_return=1)],
	)
	assert [(f["measure"], f["document"], f["amount"]) for f in facts] == [
		(ORDERED, "SO-1", 1000),
		(DELIVERED, "DN-1", 600),
		(RETURNED, "DN-2", 100),  # returns are positive amounts of their own measure
		(INVOICED, "SI-1", 600),
		(CREDITED, "SI-2", 50),
	]


def test_an_invoice_that_updates_stock_also_delivers_and_its_return_takes_back():
	facts = sales_facts(
		invoice_lines=[line("SI-1", 300, update_stock=1), line("SI-2", -30, is_return=1, update_stock=1)]
	)
	assert sorted((f["measure"], f["amount"]) for f in facts) == [
		(CREDITED, 30),
		(DELIVERED, 300),
		(INVOICED, 300),
		(RETURNED, 30),
	]


def test_a_sales_team_splits_each_line_by_allocated_percentage():
	facts = sales_facts(
		order_lines=[
			line("SO-1", 1000, sales_person="Wang", allocated_percentage=60),
			line("SO-1", 1000, sales_person="Li", allocated_percentage=40),
			line("SO-2", 500, sales_person=None, allocated_percentage=None),
		]
	)
	assert [(f["sales_person"], f["amount"]) for f in facts] == [("Wang", 600), ("Li", 400), (None, 500)]


def payment(voucher, reference=None, allocated=0.0, paid=1000.0, base=7000.0, **values):
	return {
		"voucher_no": voucher,
		"date": DAY,
		"customer": "C1",
		"customer_name": "Customer One",
		"paid_amount": paid,
		"base_received_amount": base,
		"reference_doctype": reference and reference[0],
		"reference_name": reference and reference[1],
		"allocated_amount": allocated,
		**values,
	}


def test_a_receipt_is_spread_over_its_references_and_the_rest_stays_unallocated():
	portions = receipt_portions(
		payments=[
			payment("PE-1", ("Sales Invoice", "SI-1"), allocated=600),
			payment("PE-1", ("Sales Order", "SO-9"), allocated=300),
		]
	)
	assert [(p["reference_name"], p["amount"]) for p in portions] == [
		("SI-1", pytest.approx(4200)),
		("SO-9", pytest.approx(2100)),
		(None, pytest.approx(700)),  # 100 USD unallocated at 7
	]
	assert settled_documents(portions) == {("Sales Invoice", "SI-1"), ("Sales Order", "SO-9")}


def test_a_receipt_without_references_is_one_unattributed_portion():
	portions = receipt_portions(payments=[payment("PE-2", paid=500, base=500)])
	assert [(p["reference_name"], p["amount"]) for p in portions] == [(None, 500)]
	assert settled_documents(portions) == set()


def test_journal_lines_are_portions_of_their_own():
	portions = receipt_portions(
		journal_lines=[
			{
				"voucher_no": "JV-1",
				"date": DAY,
				"customer": "C1",
				"customer_name": "Customer One",
				"base_amount": 250.0,
				"reference_doctype": "Sales Invoice",
				"reference_name": "SI-1",
			}
		]
	)
	assert [(p["voucher_type"], p["reference_name"], p["amount"]) for p in portions] == [
		("Journal Entry", "SI-1", 250.0)
	]


@given(
	allocations=st.lists(st.floats(min_value=0, max_value=1e6), min_size=0, max_size=6),
	unallocated=st.floats(min_value=0, max_value=1e6),
	rate=st.floats(min_value=0.01, max_value=100),
)
def test_portions_of_a_receipt_add_up_to_what_was_received(allocations, unallocated, rate):
	paid = sum(allocations) + unallocated
	base = paid * rate
	rows = [
		payment("PE", ("Sales Invoice", f"SI-{i}"), allocated=a, paid=paid, base=base)
		for i, a in enumerate(allocations)
	]
	rows = rows or [payment("PE", paid=paid, base=base)]
	portions = receipt_portions(payments=rows)
	assert sum(p["amount"] for p in portions) == pytest.approx(base, rel=1e-9, abs=1e-6)


def test_received_facts_follow_the_settled_documents_team_and_item_groups():
	portions = [
		{
			"voucher_no": "PE-1",
			"date": DAY,
			"customer": "C1",
			"customer_name": "C",
			"amount": 1000.0,
			"reference_doctype": "Sales Invoice",
			"reference_name": "SI-1",
		},
		{
			"voucher_no": "PE-1",
			"date": DAY,
			"customer": "C1",
			"customer_name": "C",
			"amount": 200.0,
			"reference_doctype": None,
			"reference_name": None,
		},
	]
	lines = {("Sales Invoice", "SI-1"): [("Widgets", 300.0), ("Gadgets", 100.0), ("Widgets", 100.0)]}
	teams = {("Sales Invoice", "SI-1"): [("Wang", 50.0), ("Li", 50.0)]}
	facts = receipt_facts(portions, lines, teams)
	assert {f["measure"] for f in facts} == {RECEIVED}
	got = {(f["item_group"], f["sales_person"]): f["amount"] for f in facts}
	assert got == {
		("Widgets", "Wang"): pytest.approx(400),
		("Widgets", "Li"): pytest.approx(400),
		("Gadgets", "Wang"): pytest.approx(100),
		("Gadgets", "Li"): pytest.approx(100),
		(None, None): pytest.approx(200),
	}
	assert sum(f["amount"] for f in facts) == pytest.approx(1200)

	unsplit = receipt_facts(portions)
	assert [(f["item_group"], f["sales_person"], f["amount"]) for f in unsplit] == [
		(None, None, 1000.0),
		(None, None, 200.0),
	]


def test_keep_restricts_to_the_chosen_sales_persons_and_item_groups():
	facts = [
		{"sales_person": "Wang", "item_group": "Widgets"},
		{"sales_person": "Li", "item_group": "Widgets"},
		{"sales_person": None, "item_group": None},
	]
	assert keep(facts) == facts
	assert keep(facts, sales_persons={"Wang"}) == facts[:1]
	assert keep(facts, item_groups={"Widgets"}) == facts[:2]
	assert keep(facts, sales_persons={"Li"}, item_groups={"Gadgets"}) == []
