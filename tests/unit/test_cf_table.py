"""A whole fulfilment table from plain rows (neiqin/contract_fulfilment/table.py)."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from neiqin.contract_fulfilment.allocation import AdvanceVoucher, Invoice, InvoiceLine, LedgerEntry
from neiqin.contract_fulfilment.table import Delivery, Order, OrderLine, build_table

TODAY = date(2026, 3, 15)


def order(lines, total=None, status="To Deliver and Bill", docstatus=1, rate=1.0):
	lines = tuple(
		OrderLine(name=n, qty=q, rate=r, amount=q * r, delivery_date=d, item_code=f"ITEM-{n}")
		for n, q, r, d in lines
	)
	total = sum(line.amount for line in lines) if total is None else total
	return Order("SO-1", docstatus, status, total, total * rate, "CNY", rate, lines)


def delivery(line, qty, day, is_return=False):
	posting = date(2026, 3, day)
	return Delivery(line, qty, posting, (str(posting), f"{day:02d}"), is_return)


def ple(against, amount):
	return LedgerEntry(against, amount, amount, "CNY")


def test_the_date_is_the_callers_never_the_machines():
	with pytest.raises(TypeError, match="today"):
		build_table(order([("L1", 10, 100, date(2026, 4, 1))]))


def test_a_new_order_has_nothing_delivered_invoiced_or_paid():
	table = build_table(order([("L1", 10, 100, date(2026, 4, 1))]), today=TODAY)
	assert table["fulfilment_status"] == "Not Started"
	assert table["ordered_amount"] == 1000 and table["ordered_qty"] == 10
	assert table["items"][0]["status"] == "Pending"
	assert table["per_delivered"] == table["per_billed"] == table["per_paid"] == 0
	assert table["is_overdue"] == 0


def test_partial_delivery_return_invoice_and_payment():
	so = order([("L1", 10, 100, date(2026, 3, 10)), ("L2", 5, 200, date(2026, 4, 10))])
	deliveries = [delivery("L1", 6, 1), delivery("L1", -1, 3, is_return=True), delivery("L2", 5, 5)]
	si = Invoice(
		"SI-1",
		total=1500,
		base_total=1500,
		lines=(InvoiceLine("a", 500, 5, "L1"), InvoiceLine("b", 1000, 5, "L2")),
	)
	table = build_table(so, deliveries, [si], [ple("SI-1", 1500), ple("SI-1", -600)], today=TODAY)
	l1, l2 = table["items"]
	assert (l1["delivered_qty"], l1["returned_qty"], l1["status"], l1["days_overdue"]) == (5, 1, "Overdue", 5)
	assert l1["fully_delivered_on"] is None
	assert (l2["status"], l2["fully_delivered_on"], l2["days_overdue"]) == ("Delivered", date(2026, 3, 5), 0)
	assert (l1["invoiced_amount"], l1["paid_amount"], l1["outstanding_amount"]) == (500, 200, 300)
	assert (l2["invoiced_amount"], l2["paid_amount"], l2["outstanding_amount"]) == (1000, 400, 600)
	assert table["fulfilment_status"] == "Partly Delivered"
	assert table["is_overdue"] == 1 and table["overdue_lines"] == 1 and table["on_time_lines"] == 1
	assert table["delivered_amount"] == 500 + 1000
	assert (table["invoiced_amount"], table["paid_amount"], table["outstanding_amount"]) == (1500, 600, 900)
	assert round(table["per_delivered"], 4) == round(100 * 10 / 15, 4)
	assert table["per_billed"] == 75.0 and table["per_paid"] == 30.0


def test_completed_when_delivered_invoiced_and_paid_in_full():
	so = order([("L1", 2, 100, date(2026, 3, 20))])
	si = Invoice("SI-1", total=200, base_total=200, lines=(InvoiceLine("a", 200, 2, "L1"),))
	table = build_table(so, [delivery("L1", 2, 10)], [si], [ple("SI-1", 200), ple("SI-1", -200)], today=TODAY)
	assert table["fulfilment_status"] == "Completed"
	assert table["per_paid"] == 100 and table["outstanding_amount"] == 0
	assert table["items"][0]["fully_delivered_on"] == date(2026, 3, 10)


def test_advance_makes_outstanding_negative_before_invoicing():
	so = order([("L1", 3, 100, None), ("L2", 1, 100, None)])
	advance = AdvanceVoucher("PE-1", for_order=100, ledger=(ple("PE-1", -100),))
	table = build_table(so, advances=[advance], today=TODAY)
	assert [row["paid_amount"] for row in table["items"]] == [75, 25]
	assert table["paid_amount"] == 100 and table["outstanding_amount"] == -100


def test_closed_and_cancelled_orders():
	so = order([("L1", 10, 100, date(2026, 3, 1))], status="Closed")
	table = build_table(so, [delivery("L1", 4, 2)], today=TODAY)
	assert table["fulfilment_status"] == "Closed"
	assert table["items"][0]["status"] == "Closed" and table["is_overdue"] == 0
	cancelled = build_table(order([("L1", 1, 1, None)], status="Cancelled", docstatus=2), today=TODAY)
	assert cancelled["fulfilment_status"] == "Cancelled"


def test_taxes_included_in_order_and_base_amounts():
	so = order([("L1", 6, 100, None), ("L2", 4, 100, None)], total=1130, rate=7.0)
	table = build_table(so, today=TODAY)
	assert [row["amount"] for row in table["items"]] == [678, 452]
	assert table["ordered_amount"] == 1130 and table["base_ordered_amount"] == 7910


@settings(max_examples=60, deadline=None)
@given(
	qtys=st.lists(st.integers(min_value=1, max_value=20), min_size=1, max_size=4),
	delivered=st.lists(st.integers(min_value=0, max_value=25), min_size=4, max_size=4),
	paid_cents=st.integers(min_value=0, max_value=10**6),
	advance_cents=st.integers(min_value=0, max_value=10**5),
)
def test_header_is_the_sum_of_its_lines(qtys, delivered, paid_cents, advance_cents):
	so = order([(f"L{i}", q, 10 + i, date(2026, 3, 1)) for i, q in enumerate(qtys)])
	deliveries = [delivery(f"L{i}", d, 1) for i, d in enumerate(delivered[: len(qtys)]) if d]
	lines = tuple(InvoiceLine(f"x{i}", line.amount, line.qty, line.name) for i, line in enumerate(so.lines))
	total = sum(line.amount for line in so.lines)
	si = Invoice("SI-1", total=total, base_total=total, lines=lines)
	paid = min(paid_cents / 100, total)
	advance = AdvanceVoucher("PE-1", advance_cents / 100, ledger=(ple("PE-1", -advance_cents / 100),))
	table = build_table(
		so, deliveries, [si], [ple("SI-1", total), ple("SI-1", -paid)], [advance], today=TODAY
	)
	items = table["items"]
	for field in ("delivered_amount", "invoiced_amount", "paid_amount", "outstanding_amount", "amount"):
		header = "ordered_amount" if field == "amount" else field
		assert round(sum(row[field] for row in items), 2) == table[header]
	assert table["paid_amount"] == round(paid + advance_cents / 100, 2)
	assert table["overdue_lines"] == sum(row["status"] == "Overdue" for row in items)
	assert 0 <= table["per_delivered"] <= 100 and 0 <= table["per_paid"] <= 100
