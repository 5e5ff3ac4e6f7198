"""Sales Finance Reconciliation findings (pure)."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from neiqin.sales_reports import reconciliation as rec

D0, D1, D2, D9 = date(2026, 2, 20), date(2026, 3, 1), date(2026, 3, 10), date(2026, 4, 2)
FROM, TO = date(2026, 3, 1), date(2026, 3, 31)


def so(order="SO-1", row="so-row-1", item="Widget", qty=10, rate=100.0, docstatus=1, day=D1, **values):
	return {
		"order": order,
		"order_item": row,
		"docstatus": docstatus,
		"date": day,
		"customer": "C1",
		"item_code": item,
		"qty": qty,
		"rate": rate,
		"base_rate": rate,
		"base_net_rate": rate,
		"currency": "CNY",
		"is_stock_item": 1,
		"delivered_by_supplier": 0,
		**values,
	}


def dn(document="DN-1", qty=10, row="so-row-1", order="SO-1", item="Widget", docstatus=1, day=D2, **values):
	return {
		"document": document,
		"docstatus": docstatus,
		"date": day,
		"customer": "C1",
		"is_return": qty < 0,
		"order": order,
		"order_item": row,
		"item_code": item,
		"qty": qty,
		"base_net_amount": qty * 100.0,
		**values,
	}


def si(document="SI-1", qty=10, row="so-row-1", order="SO-1", item="Widget", rate=100.0, day=D2, **values):
	return {
		"document": document,
		"date": day,
		"customer": "C1",
		"is_return": qty < 0,
		"update_stock": 0,
		"order": order,
		"order_item": row,
		"delivery_note": None,
		"item_code": item,
		"qty": qty,
		"rate": rate,
		"base_rate": rate,
		"currency": "CNY",
		"conversion_rate": 1.0,
		"base_net_amount": qty * rate,
		**values,
	}


def run(orders=(), deliveries=(), invoices=(), payments=()):
	return rec.find_mismatches(orders, deliveries, invoices, payments, FROM, TO)


def kinds(findings):
	return [(f["finding"], f["document"], f["against"]) for f in findings]


def test_a_clean_chain_has_no_findings_returns_and_credit_notes_included():
	assert (
		run(
			orders=[so()],
			deliveries=[dn(), dn("DN-2", qty=-2)],
			invoices=[si(delivery_note="DN-1"), si("SI-2", qty=-2)],
			payments=[{"document": "PE-1", "date": D2, "customer": "C1", "unallocated_amount": 0}],
		)
		== []
	)
	assert run() == []


def test_delivered_but_not_invoiced_names_the_order_line_and_the_missing_amount():
	findings = run(orders=[so()], deliveries=[dn(qty=10)], invoices=[si(qty=6)])
	assert kinds(findings) == [(rec.DELIVERED_NOT_INVOICED, "SO-1", None)]
	f = findings[0]
	assert (f["item_code"], f["qty"], f["amount"], f["values"]) == (
		"Widget",
		4,
		400,
		{"delivered": 10, "invoiced": 6},
	)


def test_a_return_not_credited_leaves_goods_invoiced_beyond_delivered():
	findings = run(orders=[so()], deliveries=[dn(), dn("DN-2", qty=-3)], invoices=[si()])
	assert kinds(findings) == [(rec.INVOICED_BEYOND_DELIVERED, "SO-1", None)]
	assert findings[0]["qty"] == 3


def test_services_may_be_invoiced_without_delivery_but_not_stock_items():
	service = so(row="so-row-2", item="Service", is_stock_item=0)
	findings = run(orders=[so(), service], invoices=[si(), si(row="so-row-2", item="Service")])
	assert kinds(findings) == [(rec.INVOICED_BEYOND_DELIVERED, "SO-1", None)]


def test_an_invoice_that_updates_stock_delivers():
	assert run(orders=[so()], invoices=[si(update_stock=1)]) == []


def test_invoice_rate_and_item_differ_from_the_order_line():
	findings = run(
		orders=[so(), so(row="so-row-2", item="Gadget", rate=250.0)],
		deliveries=[dn(), dn(row="so-row-2", item="Gadget")],
		invoices=[si(rate=95.0), si(row="so-row-2", item="Gizmo", rate=250.0)],
	)
	assert kinds(findings) == [
		(rec.INVOICE_RATE_DIFFERS, "SI-1", "SO-1"),
		(rec.INVOICE_ITEM_DIFFERS, "SI-1", "SO-1"),
	]
	rate, item = findings
	assert rate["values"] == {"invoice_rate": 95.0, "order_rate": 100.0, "currency": "CNY"}
	assert rate["amount"] == -50.0
	assert item["values"] == {"ordered_item": "Gadget"} and item["item_code"] == "Gizmo"


def test_a_foreign_currency_invoice_is_compared_in_its_currency_and_valued_in_company_currency():
	usd = {"currency": "USD", "base_rate": 140.0, "rate": 20.0}
	findings = run(
		orders=[so(**usd, base_net_rate=140.0)],
		deliveries=[dn()],
		invoices=[si(rate=21.0, base_rate=147.0, currency="USD", conversion_rate=7.0)],
	)
	assert kinds(findings) == [(rec.INVOICE_RATE_DIFFERS, "SI-1", "SO-1")]
	assert findings[0]["amount"] == pytest.approx(70.0)  # 1 USD × 10 × 7


def test_deliveries_and_invoices_without_order_are_one_finding_per_document():
	findings = run(
		deliveries=[dn(row=None, order=None), dn(row=None, order=None, item="Gadget", qty=2)],
		invoices=[si("SI-7", row=None, order=None, qty=3), si("SI-8", qty=-1, row=None, order=None)],
	)
	assert kinds(findings) == [
		(rec.DELIVERY_WITHOUT_ORDER, "DN-1", None),
		(rec.INVOICE_WITHOUT_ORDER, "SI-7", None),
	]  # a credit note without order is not reported: its original is
	assert (
		findings[0]["values"] == {"lines": 2} and findings[0]["qty"] == 12 and findings[0]["amount"] == 1200
	)


def test_unallocated_payments():
	findings = run(
		payments=[
			{
				"document": "PE-1",
				"date": D2,
				"customer": "C1",
				"unallocated_amount": 50,
				"source_exchange_rate": 7,
			},
			{
				"document": "PE-2",
				"date": D2,
				"customer": "C1",
				"unallocated_amount": 0,
				"source_exchange_rate": 1,
			},
		]
	)
	assert kinds(findings) == [(rec.UNALLOCATED_PAYMENT, "PE-1", None)]
	assert findings[0]["amount"] == 350


def test_a_cancelled_order_with_a_submitted_delivery_and_invoice():
	findings = run(orders=[so(docstatus=2)], deliveries=[dn()], invoices=[si()])
	assert kinds(findings) == [
		(rec.CANCELLED_ORDER_LIVE_DOCUMENT, "SO-1", "DN-1"),
		(rec.CANCELLED_ORDER_LIVE_DOCUMENT, "SO-1", "SI-1"),
	]
	assert findings[0]["amount"] == 1000


def test_a_cancelled_delivery_with_a_submitted_invoice():
	findings = run(
		orders=[so()],
		deliveries=[dn(docstatus=2)],
		invoices=[si(delivery_note="DN-1")],
	)
	assert kinds(findings) == [
		(rec.INVOICED_BEYOND_DELIVERED, "SO-1", None),
		(rec.CANCELLED_DELIVERY_LIVE_INVOICE, "DN-1", "SI-1"),
	]


def test_findings_belong_to_the_period_of_their_document():
	findings = run(
		orders=[so(day=D0)],  # ordered before the period, invoiced in it: checked
		deliveries=[dn(day=D9, row=None, order=None)],  # after the period: not reported
		invoices=[si(rate=90.0)],  # in the period, against the earlier order: compared
	)
	assert kinds(findings) == [
		(rec.INVOICED_BEYOND_DELIVERED, "SO-1", None),
		(rec.INVOICE_RATE_DIFFERS, "SI-1", "SO-1"),
	]


def test_an_invoice_of_the_period_against_an_earlier_order_checks_that_order():
	"""A December invoice against a November order, run for December: the order is checked
	with every delivery and invoice against it, whatever their date."""
	order = so(qty=10, day=D0)
	earlier_delivery = dn(qty=10, day=D0)
	(finding,) = run(orders=[order], deliveries=[earlier_delivery], invoices=[si(qty=6)])
	assert (finding["finding"], finding["document"], finding["qty"]) == (
		rec.DELIVERED_NOT_INVOICED,
		"SO-1",
		4,
	)
	assert rec.orders_checked([order], [earlier_delivery], [si(qty=6)], FROM, TO) == {"SO-1"}
	# nothing of the order in the period: not checked, not reported
	assert rec.orders_checked([order], [earlier_delivery], [], FROM, TO) == set()
	assert run(orders=[order], deliveries=[earlier_delivery]) == []


def header(order="SO-1", docstatus=1, day=D1):
	"""An order's own row (no line): what the report reads for every order it checks."""
	return {"order": order, "order_item": None, "docstatus": docstatus, "date": day, "customer": "C1"}


def test_an_order_row_without_lines_is_checked_and_finds_nothing_of_its_own():
	"""The report reads each order's own row and only the lines documents refer to: an order
	whose lines no document names is checked (it counts) and has no finding."""
	assert run(orders=[header()]) == []
	assert rec.orders_checked([header()], [], [], FROM, TO) == {"SO-1"}
	# with the referenced line besides it, the findings are those of the line alone
	assert kinds(run(orders=[header(), so()], deliveries=[dn(qty=4)])) == [
		(rec.DELIVERED_NOT_INVOICED, "SO-1", None)
	]
	# a cancelled order is known by its own row: documents still live against it are found
	assert kinds(run(orders=[header(docstatus=2)], deliveries=[dn()])) == [
		(rec.CANCELLED_ORDER_LIVE_DOCUMENT, "SO-1", "DN-1")
	]


quantities = st.lists(st.integers(min_value=1, max_value=50), min_size=1, max_size=4)


@given(deliveries=quantities, invoices=quantities)
def test_an_order_line_is_reported_exactly_when_delivered_and_invoiced_quantities_differ(
	deliveries, invoices
):
	found = run(
		orders=[so(qty=100)],
		deliveries=[dn(f"DN-{i}", qty=q) for i, q in enumerate(deliveries)],
		invoices=[si(f"SI-{i}", qty=q) for i, q in enumerate(invoices)],
	)
	difference = sum(deliveries) - sum(invoices)
	if difference == 0:
		assert found == []
	else:
		(finding,) = found
		expected = rec.DELIVERED_NOT_INVOICED if difference > 0 else rec.INVOICED_BEYOND_DELIVERED
		assert (finding["finding"], finding["qty"], finding["amount"]) == (
			expected,
			abs(difference),
			abs(difference) * 100,
		)
