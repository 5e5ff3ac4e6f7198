"""Issue 4, point 1: the fulfilment table follows every document that changes a contract.

Each test drives ERPNext as a clerk would, then checks the numbers a user would read on
the table and that the live table equals a from-scratch recomputation (`assert_current`).
Prices: widget 100, gadget 250 (price list), no taxes unless a test adds them.
"""

import frappe
import pytest
from frappe.utils import add_days, flt, getdate, nowdate

from neiqin.contract_fulfilment.live import flush
from tests.integration import factories
from tests.integration.cf_support import (
	assert_current,
	journal_receipt,
	lines,
	payment_on_account,
	reconcile,
	set_order_status,
	table,
	unreconcile,
	update_items,
)

pytestmark = pytest.mark.usefixtures("base")


def two_line_order(**values):
	return factories.make_sales_order(
		items=[{"item_code": "_NQ Widget", "qty": 10}, {"item_code": "_NQ Gadget", "qty": 4}], **values
	)


# ----------------------------------------------------------------------------- order


def test_submitting_an_order_creates_its_table_and_a_draft_has_none(base):
	draft = factories.make_sales_order(submit=False)
	assert not frappe.db.exists("Contract Fulfilment", draft.name)

	sales_person = frappe.get_doc(
		{"doctype": "Sales Person", "sales_person_name": f"_NQ Rep {frappe.generate_hash(length=5)}"}
	).insert(ignore_permissions=True)
	so = two_line_order(sales_team=[{"sales_person": sales_person.name, "allocated_percentage": 100}])
	doc = assert_current(so)
	assert (doc.customer, doc.customer_name, doc.company) == (base.customer, base.customer, base.company)
	assert (doc.customer_group, doc.territory) == (base.customer_group, base.territory)
	assert doc.sales_person == sales_person.name
	assert (doc.currency, doc.order_status, doc.fulfilment_status) == (
		"CNY",
		"To Deliver and Bill",
		"Not Started",
	)
	assert getdate(doc.delivery_date) == getdate(so.delivery_date)
	assert (doc.ordered_qty, doc.ordered_amount, doc.base_ordered_amount) == (14, 2000, 2000)
	assert [(r.item_code, r.qty, r.rate, r.amount, r.status) for r in doc.items] == [
		(base.widget, 10, 100, 1000, "Pending"),
		(base.gadget, 4, 250, 1000, "Pending"),
	]
	assert [r.sales_order_item for r in doc.items] == [r.name for r in so.items]


def test_update_items_changes_quantities_rates_and_lines(base):
	so = two_line_order()
	factories.make_delivery_note(so, qty={base.widget: 4})
	widget, gadget = so.items
	update_items(
		so,
		[
			{"docname": widget.name, "item_code": base.widget, "qty": 12, "rate": 90},
			{"docname": gadget.name, "item_code": base.gadget, "qty": 4, "rate": 250},
			{"item_code": base.service, "qty": 2, "rate": 80, "delivery_date": so.delivery_date},
		],
	)
	doc = assert_current(so)
	row = lines(so)
	assert (row[base.widget].qty, row[base.widget].rate, row[base.widget].amount) == (12, 90, 1080)
	assert row[base.widget].delivered_qty == 4
	assert (row[base.service].qty, row[base.service].amount) == (2, 160)
	assert doc.ordered_amount == 1080 + 1000 + 160
	assert len(doc.items) == 3


def test_close_and_reopen(base):
	so = two_line_order()
	factories.make_delivery_note(so, qty={base.widget: 10})
	set_order_status(so, "Closed")
	doc = assert_current(so)
	assert (doc.order_status, doc.fulfilment_status) == ("Closed", "Closed")
	assert [r.status for r in doc.items] == ["Delivered", "Closed"]

	set_order_status(so, "Draft")  # ERPNext's "Re-open"
	doc = assert_current(so)
	assert doc.order_status == "To Deliver and Bill"
	assert (doc.fulfilment_status, [r.status for r in doc.items]) == (
		"Partly Delivered",
		["Delivered", "Pending"],
	)


def test_cancelling_an_order_keeps_its_table_and_deleting_it_removes_it():
	so = two_line_order()
	flush()  # the submit is committed before the order is cancelled
	so.reload()
	so.cancel()
	doc = assert_current(so)
	assert (doc.order_status, doc.fulfilment_status) == ("Cancelled", "Cancelled")
	assert {r.status for r in doc.items} == {"Closed"}

	frappe.delete_doc("Sales Order", so.name)
	assert not frappe.db.exists("Contract Fulfilment", so.name)


# ----------------------------------------------------------------------------- deliveries


def test_partial_delivery_and_its_cancellation(base):
	so = two_line_order()
	dn = factories.make_delivery_note(so, qty={base.widget: 6})
	doc = assert_current(so)
	row = lines(so)
	assert (row[base.widget].delivered_qty, row[base.widget].delivered_amount) == (6, 600)
	assert (row[base.widget].status, row[base.gadget].status) == ("Partly Delivered", "Pending")
	assert (doc.fulfilment_status, doc.delivered_qty, doc.delivered_amount) == ("Partly Delivered", 6, 600)
	assert doc.per_delivered == pytest.approx(100 * 6 / 14)

	dn.reload()
	dn.cancel()
	doc = assert_current(so)
	assert (doc.delivered_qty, doc.fulfilment_status) == (0, "Not Started")


def test_overdue_lines_and_delivery_on_time_or_late(base):
	so = factories.make_sales_order(
		items=[
			{"item_code": base.widget, "qty": 2, "rate": 100, "delivery_date": add_days(nowdate(), 5)},
			{"item_code": base.gadget, "qty": 1, "rate": 250, "delivery_date": add_days(nowdate(), -3)},
		],
		transaction_date=add_days(nowdate(), -10),
		delivery_date=add_days(nowdate(), -3),
	)
	doc = assert_current(so)
	assert (doc.is_overdue, doc.overdue_lines) == (1, 1)
	assert [(r.status, r.days_overdue) for r in doc.items] == [("Pending", 0), ("Overdue", 3)]

	factories.make_delivery_note(so, qty={base.widget: 1})
	assert [r.status for r in table(so).items] == ["Partly Delivered", "Overdue"]
	factories.make_delivery_note(so, qty={base.widget: 1, base.gadget: 1})
	doc = assert_current(so)
	row = lines(so)
	assert (row[base.widget].status, getdate(row[base.widget].fully_delivered_on)) == ("Delivered", getdate())
	assert row[base.widget].days_overdue == 0
	assert (getdate(row[base.gadget].fully_delivered_on), row[base.gadget].days_overdue) == (getdate(), 3)
	assert (doc.is_overdue, doc.overdue_lines, doc.on_time_lines, doc.fulfilment_status) == (
		0,
		0,
		1,
		"Delivered",
	)


def test_return_delivery_note_and_its_cancellation(base):
	so = two_line_order()
	dn = factories.make_delivery_note(so, qty={base.widget: 10, base.gadget: 4})
	assert [r.fully_delivered_on for r in table(so).items] == [getdate(), getdate()]
	ret = factories.make_return(dn, qty={base.widget: 3})
	doc = assert_current(so)
	row = lines(so)
	assert (row[base.widget].delivered_qty, row[base.widget].returned_qty) == (7, 3)
	assert (row[base.widget].status, row[base.widget].fully_delivered_on) == ("Partly Delivered", None)
	assert doc.fulfilment_status == "Partly Delivered"

	ret.reload()
	ret.cancel()
	doc = assert_current(so)
	assert (lines(so)[base.widget].delivered_qty, lines(so)[base.widget].returned_qty) == (10, 0)
	assert doc.fulfilment_status == "Delivered"


def test_stock_updating_invoice_delivers(base):
	so = two_line_order()
	si = factories.make_sales_invoice(so, qty={base.widget: 5}, submit=False)
	si.update_stock = 1
	for row in si.items:
		row.warehouse = base.warehouse
	si.save()
	si.submit()
	row = lines(so)[base.widget]
	assert (row.delivered_qty, row.invoiced_qty, row.invoiced_amount) == (5, 5, 500)
	assert_current(so)


# ----------------------------------------------------------------------------- invoices


def test_invoice_from_order_and_its_cancellation(base):
	so = two_line_order()
	si = factories.make_sales_invoice(so, qty={base.widget: 4, base.gadget: 4})
	doc = assert_current(so)
	row = lines(so)
	assert (row[base.widget].invoiced_qty, row[base.widget].invoiced_amount) == (4, 400)
	assert (row[base.gadget].invoiced_qty, row[base.gadget].invoiced_amount) == (4, 1000)
	assert (doc.invoiced_amount, doc.paid_amount, doc.outstanding_amount) == (1400, 0, 1400)
	assert doc.per_billed == pytest.approx(70)
	assert [flt(r.billed_amt) for r in frappe.get_doc("Sales Order", so.name).items] == [400, 1000]

	si.reload()
	si.cancel()
	doc = assert_current(so)
	assert (doc.invoiced_amount, doc.outstanding_amount, doc.per_billed) == (0, 0, 0)


def test_invoice_from_delivery_note_including_lines_mapped_only_through_it(base):
	so = two_line_order()
	dn = factories.make_delivery_note(so, qty={base.widget: 5, base.gadget: 2})
	factories.make_sales_invoice(dn, qty={base.widget: 5})
	assert lines(so)[base.widget].invoiced_amount == 500

	# an invoice line that names only the delivery note line still belongs to the order line
	si = factories.make_sales_invoice(dn, qty={base.gadget: 2}, submit=False)
	for row in si.items:
		row.so_detail = None
		row.sales_order = None
	si.save()
	si.submit()
	assert not si.items[0].so_detail and si.items[0].dn_detail
	doc = assert_current(so)
	assert lines(so)[base.gadget].invoiced_amount == 500
	assert doc.invoiced_amount == 1000


def test_credit_note_reduces_invoiced_not_paid(base):
	so = two_line_order()
	si = factories.make_sales_invoice(so)
	factories.make_payment_entry(si, amount=500)
	cn = factories.make_return(si, qty={base.widget: 2})
	doc = assert_current(so)
	row = lines(so)
	assert (row[base.widget].invoiced_qty, row[base.widget].invoiced_amount) == (8, 800)
	assert (doc.invoiced_amount, doc.paid_amount, doc.outstanding_amount) == (1800, 500, 1300)
	si.reload()
	cn.reload()
	assert flt(si.outstanding_amount) + flt(cn.outstanding_amount) == 1300  # ERPNext agrees

	cn.reload()
	cn.cancel()
	doc = assert_current(so)
	assert (doc.invoiced_amount, doc.paid_amount) == (2000, 500)


# ----------------------------------------------------------------------------- money


def test_payment_entry_against_invoice_spread_over_its_lines_and_cancelled(base):
	so = two_line_order()
	si = factories.make_sales_invoice(so)
	pe = factories.make_payment_entry(si, amount=1000)
	doc = assert_current(so)
	row = lines(so)
	assert (row[base.widget].paid_amount, row[base.gadget].paid_amount) == (500, 500)
	assert (doc.paid_amount, doc.outstanding_amount, doc.per_paid) == (1000, 1000, 50)

	pe.reload()
	pe.cancel()
	doc = assert_current(so)
	assert (doc.paid_amount, doc.outstanding_amount) == (0, 2000)


def test_advance_against_order_then_allocated_to_its_invoice(base):
	so = two_line_order()
	advance = factories.make_payment_entry(so, amount=600)
	doc = assert_current(so)
	assert (doc.paid_amount, doc.invoiced_amount, doc.outstanding_amount) == (600, 0, -600)
	assert [r.paid_amount for r in doc.items] == [300, 300]  # pro rata to ordered amounts

	si = factories.make_sales_invoice(so, qty={base.widget: 10})
	reconcile(advance, si)
	doc = assert_current(so)
	row = lines(so)
	assert (doc.paid_amount, doc.invoiced_amount, doc.outstanding_amount) == (600, 1000, 400)
	assert (row[base.widget].paid_amount, row[base.gadget].paid_amount) == (600, 0)
	si.reload()
	assert flt(si.outstanding_amount) == 400


def test_advance_cancelled(base):
	so = two_line_order()
	advance = factories.make_payment_entry(so, amount=600)
	assert table(so).paid_amount == 600
	advance.reload()
	advance.cancel()
	assert assert_current(so).paid_amount == 0


def test_journal_entries_against_invoice_and_as_advance(base):
	so = two_line_order()
	si = factories.make_sales_invoice(so, qty={base.widget: 10})
	receipt = journal_receipt(base.customer, 250, against=si)
	advance = journal_receipt(base.customer, 100, against=so)
	doc = assert_current(so)
	assert (doc.invoiced_amount, doc.paid_amount, doc.outstanding_amount) == (1000, 350, 650)

	receipt.reload()
	receipt.cancel()
	advance.reload()
	advance.cancel()
	doc = assert_current(so)
	assert (doc.paid_amount, doc.outstanding_amount) == (0, 1000)


def test_payment_reconciliation_and_unreconciliation(base):
	so = two_line_order()
	si = factories.make_sales_invoice(so)
	payment = payment_on_account(base.customer, 700)
	assert table(so).paid_amount == 0

	reconcile(payment, si)
	doc = assert_current(so)
	assert (doc.paid_amount, doc.outstanding_amount) == (700, 1300)

	unreconcile(payment, si)
	doc = assert_current(so)
	assert (doc.paid_amount, doc.outstanding_amount) == (0, 2000)


def test_taxes_are_included_and_a_paid_delivered_order_is_completed(base):
	so = factories.make_sales_order(
		items=[{"item_code": base.widget, "qty": 2}],
		taxes=[
			{
				"charge_type": "On Net Total",
				"account_head": f"VAT - {base.abbr}",
				"description": "VAT 13%",
				"rate": 13,
				"cost_center": base.cost_center,
			}
		],
	)
	assert flt(so.grand_total) == 226
	doc = assert_current(so)
	assert (doc.ordered_amount, doc.items[0].amount) == (226, 226)

	dn = factories.make_delivery_note(so)
	si = factories.make_sales_invoice(dn)
	assert flt(si.grand_total) == 226
	factories.make_payment_entry(si)
	doc = assert_current(so)
	assert (doc.invoiced_amount, doc.paid_amount, doc.outstanding_amount) == (226, 226, 0)
	assert (doc.per_delivered, doc.per_billed, doc.per_paid) == (100, 100, 100)
	assert doc.fulfilment_status == "Completed"


# ----------------------------------------------------------------------------- contract


def test_contract_pointing_at_the_order_is_shown(base):
	so = two_line_order()
	contract = frappe.get_doc(
		{
			"doctype": "Contract",
			"party_type": "Customer",
			"party_name": base.customer,
			"contract_terms": "Deliver ten widgets and four gadgets.",
			"start_date": nowdate(),
			"document_type": "Sales Order",
			"document_name": so.name,
			"is_signed": 1,
			"signee": "Customer buyer",
			"signed_on": f"{add_days(nowdate(), -2)} 10:00:00",
		}
	).insert(ignore_permissions=True)
	doc = assert_current(so)
	assert doc.contract == contract.name
	assert getdate(doc.contract_signed_date) == getdate(add_days(nowdate(), -2))

	frappe.delete_doc("Contract", contract.name)
	assert assert_current(so).contract is None


# ----------------------------------------------------------------------------- currency


def test_foreign_currency_order_in_order_and_company_currency(base):
	factories.ensure_receivable_account()  # commits once: the USD debtors account
	factories.make_currency_exchange(nowdate())
	customer = factories.make_foreign_customer()
	so = factories.make_sales_order(
		customer=customer.name,
		currency=factories.FOREIGN_CURRENCY,
		conversion_rate=factories.FOREIGN_RATE,
		items=[{"item_code": base.widget, "qty": 10, "rate": 20}],
	)
	assert (so.currency, flt(so.conversion_rate)) == ("USD", 7)
	doc = assert_current(so)
	assert (doc.currency, doc.conversion_rate) == ("USD", 7)
	assert (doc.ordered_amount, doc.base_ordered_amount) == (flt(so.grand_total), flt(so.base_grand_total))

	si = factories.make_sales_invoice(so, qty={base.widget: 5})
	pe = factories.make_payment_entry(si, amount=flt(si.grand_total) / 2)
	doc = assert_current(so)
	assert doc.invoiced_amount == flt(si.grand_total)
	assert doc.base_invoiced_amount == flt(si.base_grand_total)
	assert doc.paid_amount == flt(pe.paid_amount)  # USD, the receivable account's currency
	assert doc.base_paid_amount == flt(pe.base_paid_amount)  # CNY, as the Payment Ledger booked it
	assert doc.outstanding_amount == flt(si.grand_total) - flt(pe.paid_amount)
