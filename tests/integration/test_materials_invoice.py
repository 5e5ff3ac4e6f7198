"""Invoices mailed separately from the goods (发票要单独寄出 … 不能随货同行)."""

import frappe
import pytest
from frappe.utils import flt, getdate

from neiqin.sales_materials.refusals import MaterialDispatchError, MaterialKindError, MaterialRecipientError
from tests.integration import factories


@pytest.fixture
def invoice(base):
	so = factories.make_sales_order(items=[{"item_code": base.widget, "qty": 3}])
	return factories.make_sales_invoice(so)


def test_invoice_log_records_number_amount_company_and_recipient(base, invoice):
	log = factories.make_material_log("Invoice", party=None, sales_invoice=invoice.name)
	assert (log.party_type, log.party, log.party_name) == ("Customer", base.customer, base.customer)
	assert log.invoice_number == invoice.name
	assert flt(log.invoice_amount) == flt(invoice.grand_total) == 300
	assert (log.billing_company, log.invoice_recipient, log.invoice_currency) == (
		base.company,
		invoice.customer_name,
		invoice.currency,
	)
	assert getdate(log.invoice_date) == getdate(invoice.posting_date)
	log.submit()
	assert log.status == "Dispatched" and log.stock_entry is None


def test_the_printed_invoice_number_is_kept(base, invoice):
	log = factories.make_material_log(
		"Invoice", sales_invoice=invoice.name, invoice_number="31000123 04567890"
	)
	assert log.invoice_number == "31000123 04567890"


def test_invoice_kind_needs_a_submitted_invoice_of_the_recipient(base, invoice):
	with pytest.raises(MaterialKindError, match="needs the Sales Invoice"):
		factories.make_material_log("Invoice")
	with pytest.raises(MaterialRecipientError, match="billed to"):
		factories.make_material_log("Invoice", party=base.customer_b, sales_invoice=invoice.name)
	so = factories.make_sales_order(items=[{"item_code": base.widget, "qty": 1}])
	draft = factories.make_sales_invoice(so, submit=False)
	with pytest.raises(MaterialRecipientError, match="not submitted"):
		factories.make_material_log("Invoice", sales_invoice=draft.name)


def test_invoices_are_never_handed_over_with_the_goods(base, invoice):
	log = factories.make_material_log("Invoice", sales_invoice=invoice.name, dispatch_method="Hand Delivery")
	with pytest.raises(MaterialDispatchError, match="mailed separately"):
		log.submit()


def test_other_kinds_drop_invoice_fields(base, invoice):
	log = factories.make_material_log("Brochure", sales_invoice=invoice.name, invoice_amount=999)
	assert (log.sales_invoice, flt(log.invoice_amount), log.invoice_number) == (None, 0, None)


def test_invoice_log_can_link_the_sales_order_too(base, invoice):
	so_name = invoice.items[0].sales_order
	log = factories.make_material_log(
		"Invoice", sales_invoice=invoice.name, reference_doctype="Sales Order", reference_name=so_name
	)
	assert frappe.db.get_value("Sales Material Log", log.name, ["reference_doctype", "reference_name"]) == (
		"Sales Order",
		so_name,
	)
