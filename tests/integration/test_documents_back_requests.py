"""Invoice requests (开票申请单): lines from submitted orders and deliveries not yet requested,
buyer details on file or typed-then-verified, a Sales Manager's approval through the shipped
Review Rule, and the Sales Invoice finance makes from the request."""

import frappe
import pytest
from frappe.utils import add_days, nowdate

from neiqin.documents_back import api, invoice_requests, setup
from neiqin.documents_back.exceptions import (
	BuyerVerificationError,
	InvoiceRequestBuyerError,
	InvoiceRequestDateError,
	InvoiceRequestLineError,
	InvoiceRequestStateError,
)
from neiqin.dual_review.exceptions import ReviewRequiredError
from tests.integration import documents_back_support as support
from tests.integration import factories

TAX_ID = "91310000MA1FL0XX2K"


@pytest.fixture
def users(base):
	return support.ensure_users()


def invoicing_details(customer: str, **values):
	return factories.make_customer_qualification(
		customer,
		setup.INVOICING_DETAILS_TYPE,
		invoice_title=values.pop("invoice_title", "上海测试客户有限公司"),
		tax_id=values.pop("tax_id", TAX_ID),
		address_phone=values.pop("address_phone", "上海市浦东新区测试路1号 021-12345678"),
		bank_account=values.pop("bank_account", "工商银行上海分行 1001 2345 6789"),
		**values,
	)


def request(lines: list, customer: str = factories.CUSTOMERS[0], insert: bool = True, **values):
	"""A draft request of `lines` ([(source document, line, qty)])."""
	doc = frappe.get_doc(
		{
			"doctype": "Invoice Request",
			"company": factories.COMPANY,
			"customer": customer,
			"invoice_type": values.pop("invoice_type", "Digital VAT Special Invoice"),
			"needed_by": values.pop("needed_by", add_days(nowdate(), 3)),
			"items": [
				{
					"source_doctype": source.doctype,
					"source_name": source.name,
					"source_detail": line.name,
					"qty": qty,
				}
				for source, line, qty in lines
			],
			**values,
		}
	)
	if insert:
		doc.insert()
	return doc


def approved_and_submitted(doc, users):
	factories.review_as(users.manager, doc)
	doc.reload()
	doc.submit()
	return doc


def test_install_ships_an_enabled_sales_manager_rule_and_the_invoicing_details_type():
	rule = frappe.get_doc(
		"Review Rule", {"document_type": "Invoice Request", "title": setup.REQUEST_RULE_TITLE}
	)
	assert rule.enabled == 1
	assert [row.role for row in rule.reviewer_roles] == ["Sales Manager"]
	assert setup.create_request_rule() == rule.name
	assert frappe._(rule.title, lang="zh") == "开票申请：销售经理批准"
	assert (
		frappe.db.get_single_value("Neiqin Settings", "invoicing_details_type")
		== setup.INVOICING_DETAILS_TYPE
	)


def test_lines_keep_their_sources_rate_and_tax_whatever_is_sent(base, users):
	invoicing_details(base.customer)
	so = factories.make_sales_order(items=[{"item_code": "_NQ Widget", "qty": 10, "rate": 120}])
	with factories.as_user(users.clerk):
		doc = request([(so, so.items[0], 4)], insert=False)
		doc.items[0].rate = 1  # sent over REST, say
		doc.items[0].item_code = "_NQ Gadget"
		doc.insert()
	line = doc.items[0]
	assert (line.item_code, line.rate, line.amount) == ("_NQ Widget", 120, 480)
	assert (line.sales_order, line.so_detail) == (so.name, so.items[0].name)
	assert doc.grand_total == doc.net_total + doc.total_taxes
	assert doc.buyer_name == "上海测试客户有限公司" and doc.buyer_tax_id == TAX_ID
	assert doc.status == "Requested"


def test_goods_are_requested_once_from_the_order_or_its_delivery(base, users):
	invoicing_details(base.customer)
	so = factories.make_sales_order(items=[{"item_code": "_NQ Widget", "qty": 10}])
	dn = factories.make_delivery_note(so, qty={"_NQ Widget": 6})
	with factories.as_user(users.clerk):
		first = request([(dn, dn.items[0], 6)])
	approved_and_submitted(first, users)

	with factories.as_user(users.clerk):
		with pytest.raises(InvoiceRequestLineError, match="only"):
			request([(dn, dn.items[0], 1)])  # the delivery line is taken
		with pytest.raises(InvoiceRequestLineError, match="only"):
			request([(so, so.items[0], 5)])  # 4 of the order are left, not 5
		rest = request([(so, so.items[0], 4)])
	assert rest.items[0].qty == 4
	left = invoice_requests.source_lines(base.customer, base.company, "Sales Order", [so.name])
	assert [row["qty"] for row in left] == [4]  # a draft takes nothing yet


def test_lines_of_another_customer_unsubmitted_or_returns_are_refused(base, users):
	invoicing_details(base.customer)
	other = factories.make_sales_order(customer=base.customer_b)
	draft = factories.make_sales_order(submit=False)
	so = factories.make_sales_order()
	dn = factories.make_delivery_note(so)
	sales_return = factories.make_return(dn, qty={"_NQ Widget": 1})
	with factories.as_user(users.clerk):
		with pytest.raises(InvoiceRequestLineError, match="another customer"):
			request([(other, other.items[0], 1)])
		with pytest.raises(InvoiceRequestLineError, match="submitted"):
			request([(draft, draft.items[0], 1)])
		with pytest.raises(InvoiceRequestLineError, match="submitted"):
			request([(sales_return, sales_return.items[0], 1)])
		with pytest.raises(InvoiceRequestDateError):
			request([(so, so.items[0], 1)], needed_by=add_days(nowdate(), -1))


def test_buyer_details_come_from_the_customers_own_invoicing_details(base, users):
	so = factories.make_sales_order()
	with (
		factories.as_user(users.clerk),
		pytest.raises(InvoiceRequestBuyerError, match="no invoicing details"),
	):
		request([(so, so.items[0], 1)])
	theirs = invoicing_details(base.customer_b)
	with factories.as_user(users.clerk), pytest.raises(InvoiceRequestBuyerError):
		request([(so, so.items[0], 1)], customer_qualification=theirs.name)
	invoicing_details(base.customer, tax_id="12345")
	with factories.as_user(users.clerk), pytest.raises(InvoiceRequestBuyerError, match="12345"):
		request([(so, so.items[0], 1)])


def test_typed_buyer_details_are_verified_by_someone_else_before_submit(base, users):
	so = factories.make_sales_order()
	with factories.as_user(users.clerk):
		doc = request(
			[(so, so.items[0], 2)],
			buyer_details_from="Typed",
			buyer_name="北京某某有限公司",
			buyer_tax_id="9111 0000 MA01 ABCD 1X",
			buyer_address_phone="北京市朝阳区 010-88888888",
			buyer_bank_account="建设银行北京分行 1100 2233",
			buyer_details_verified_by=users.clerk,  # sent, never taken
		)
	assert doc.buyer_tax_id == "91110000MA01ABCD1X"
	assert doc.buyer_details_entered_by == users.clerk and not doc.buyer_details_verified_by
	factories.review_as(users.manager, doc)
	doc.reload()
	with factories.as_user(users.clerk), pytest.raises(InvoiceRequestBuyerError, match="verif"):
		doc.submit()
	with factories.as_user(users.clerk), pytest.raises(BuyerVerificationError):
		api.verify_buyer_details(doc.name)
	with factories.as_user(users.sales), pytest.raises(BuyerVerificationError):
		api.verify_buyer_details(doc.name)
	with factories.as_user(users.clerk2):
		api.verify_buyer_details(doc.name)
	doc.reload()
	assert doc.buyer_details_verified_by == users.clerk2

	# a change of what was verified takes the verification away
	with factories.as_user(users.clerk):
		doc.buyer_bank_account = "另一个账户 9999"
		doc.save()
	assert not doc.buyer_details_verified_by


def test_a_request_is_submitted_only_after_a_sales_manager_approved_it(base, users):
	invoicing_details(base.customer)
	so = factories.make_sales_order()
	with factories.as_user(users.clerk):
		doc = request([(so, so.items[0], 3)])
		with pytest.raises(ReviewRequiredError):
			doc.submit()
	with pytest.raises(frappe.PermissionError):
		factories.review_as(users.clerk2, doc)  # a fellow clerk is no Sales Manager
	approved_and_submitted(doc, users)
	assert doc.status == "To Invoice"


def test_finance_makes_the_sales_invoice_from_the_request(base, users):
	invoicing_details(base.customer)
	so = factories.make_sales_order(items=[{"item_code": "_NQ Widget", "qty": 10}])
	dn = factories.make_delivery_note(so)
	with factories.as_user(users.clerk):
		doc = request([(dn, dn.items[0], 7)], remarks="合同 HT-2026-001")
	approved_and_submitted(doc, users)

	with factories.as_user(users.clerk), pytest.raises(frappe.PermissionError):
		invoice_requests.make_sales_invoice(doc.name)  # the clerk does not invoice
	frappe.set_user(users.finance)
	mapped = invoice_requests.make_sales_invoice(doc.name)
	frappe.set_user("Administrator")
	invoice = frappe.get_doc(mapped)
	assert invoice.invoice_request == doc.name
	assert [(row.delivery_note, row.dn_detail, row.qty) for row in invoice.items] == [
		(dn.name, dn.items[0].name, 7)
	]
	invoice.insert()
	invoice.submit()
	doc.reload()
	assert (doc.status, doc.sales_invoice) == ("Invoiced", invoice.name)
	with pytest.raises(InvoiceRequestStateError):
		invoice_requests.make_sales_invoice(doc.name)  # invoiced once

	invoice.cancel()
	doc.reload()
	assert (doc.status, doc.sales_invoice) == ("To Invoice", None)


def test_an_invoice_cannot_claim_another_customers_request(base, users):
	invoicing_details(base.customer)
	so = factories.make_sales_order()
	with factories.as_user(users.clerk):
		doc = request([(so, so.items[0], 1)])
	other = factories.make_sales_order(customer=base.customer_b)
	with pytest.raises(InvoiceRequestStateError):
		factories.make_sales_invoice(other, invoice_request=doc.name)  # a draft request
	approved_and_submitted(doc, users)
	with pytest.raises(InvoiceRequestStateError):
		factories.make_sales_invoice(other, invoice_request=doc.name)
