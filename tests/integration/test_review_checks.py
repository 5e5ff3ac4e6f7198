"""The shipped automatic checks on real ERPNext documents."""

import frappe
import pytest

from neiqin.dual_review.checks import run_check
from tests.integration import factories


@pytest.fixture(scope="module")
def users(base):
	return factories.ensure_review_setup()


def order(qty=10, **values):
	return factories.make_sales_order(items=[{"item_code": "_NQ Widget", "qty": qty}], **values)


# ----------------------------------------------------------------------------- items_match_order


def test_an_invoice_made_from_its_order_matches(base):
	so = order()
	si = factories.make_sales_invoice(so, submit=False)
	result = run_check("items_match_order", si)
	assert result.passed, result.message
	assert "match their Sales Order lines" in result.message


def test_a_changed_rate_or_uom_on_the_invoice_is_reported(base):
	so = order()
	si = factories.make_sales_invoice(so, submit=False)
	si.items[0].rate = 95
	result = run_check("items_match_order", si)
	# amounts in the document's currency and precision, not "95.0"
	assert not result.passed
	assert "Row 1: rate <strong>CNY 95.00</strong> differs from the order's <strong>CNY 100.00</strong>" in (
		result.message
	)


def test_invoicing_more_than_remains_on_the_order_is_reported(base):
	so = order(qty=10)
	factories.make_sales_invoice(so, qty={"_NQ Widget": 8})  # submitted: 2 remain
	si = factories.make_sales_invoice(so, submit=False)
	si.items[0].qty = 5
	result = run_check("items_match_order", si)
	assert (
		not result.passed
		and "quantity <strong>5.0</strong> exceeds the <strong>2.0</strong> remaining" in (result.message)
	)
	si.items[0].qty = 2
	assert run_check("items_match_order", si).passed


def test_a_delivery_beyond_the_order_or_of_another_item_is_reported(base):
	so = order(qty=10)
	dn = factories.make_delivery_note(so, submit=False)
	dn.items[0].qty = 12
	dn.append(
		"items",
		{**dn.items[0].as_dict(), "name": None, "idx": 2, "item_code": base.gadget, "so_detail": None},
	)
	result = run_check("items_match_order", dn)
	assert not result.passed
	assert (
		"Row 1: quantity" in result.message
		and "Row 2: <strong>_NQ Gadget</strong> is not on the Sales Order" in (result.message)
	)


def test_documents_without_an_order_fail_and_orders_themselves_are_out_of_scope(base):
	so = order()
	assert run_check("items_match_order", so).passed  # not applicable to a Sales Order
	si = frappe.new_doc("Sales Invoice")
	si.update(
		{
			"customer": base.customer,
			"company": base.company,
			"items": [{"item_code": base.widget, "qty": 1, "rate": 100}],
		}
	)
	result = run_check("items_match_order", si)
	assert not result.passed and "No line of this document comes from a Sales Order" in result.message


# ----------------------------------------------------------------------------- price_not_below_list


def test_lines_below_the_price_list_are_reported(base):
	so = order(submit=False)
	assert run_check("price_not_below_list", so).passed
	so.items[0].rate = 90
	result = run_check("price_not_below_list", so)
	assert (
		not result.passed
		and "Row 1: _NQ Widget at" in result.message
		and "below its reference price" in (result.message)
	)


def test_lowering_the_fetched_list_rate_does_not_hide_a_low_price(base):
	so = order(submit=False)
	so.items[0].price_list_rate = 80
	so.items[0].rate = 85
	assert not run_check("price_not_below_list", so).passed  # the price list says 100


# ----------------------------------------------------------------------------- credit_available


def test_credit_available_uses_erpnext_credit_limit_and_outstanding(base):
	customer = factories.make_customer(credit_limits=[{"company": base.company, "credit_limit": 1500}])
	first = factories.make_sales_order(customer=customer.name, items=[{"item_code": base.widget, "qty": 10}])
	assert first.docstatus == 1  # 1000 outstanding on open orders

	small = factories.make_sales_order(
		customer=customer.name, items=[{"item_code": base.widget, "qty": 5}], submit=False
	)
	result = run_check("credit_available", small)
	assert result.passed, result.message
	assert "within the credit limit" in result.message
	# amounts are shown in the company's currency
	currency = frappe.get_cached_value("Company", base.company, "default_currency")
	assert frappe.utils.fmt_money(1500, currency=currency) in result.message
	assert frappe.utils.fmt_money(1500, currency=currency) != frappe.utils.fmt_money(1500)

	large = factories.make_sales_order(
		customer=customer.name, items=[{"item_code": base.widget, "qty": 6}], submit=False
	)
	result = run_check("credit_available", large)
	assert not result.passed and "exceeds the credit limit" in result.message

	# a delivery of the submitted order is already counted in the outstanding
	dn = factories.make_delivery_note(first, submit=False)
	assert run_check("credit_available", dn).passed


def test_no_credit_limit_passes(base):
	so = order(submit=False)
	result = run_check("credit_available", so)
	assert result.passed and "No credit limit is set" in result.message
