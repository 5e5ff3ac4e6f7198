"""Insiders against the documents back, as they would do it: REST calls with their own API token
through frappe's request handling (tests/integration/rest.py), on committed documents.

- nobody marks a receipt Returned without the scan, and a clerk does not close it as Lost;
- a fapiao against another customer's invoice, or summing beyond its invoices, is refused;
- after mailing, the number and amounts change only with a Sales Manager; Received by Customer
  only with the acknowledgement.
"""

import frappe
import pytest

from neiqin.documents_back import api
from tests.integration import documents_back_support as support
from tests.integration import factories, rest

RECEIPTS = "/api/resource/Signed Delivery Receipt"
FAPIAO = "/api/resource/Fapiao"


@pytest.fixture
def users(base):
	return support.ensure_users()


@pytest.fixture
def receipts_on(base):
	"""Signed receipts required for every customer (committed; put back afterwards)."""
	before = frappe.db.get_single_value("Neiqin Settings", "signed_receipts_required")
	support.receipts_for_all()
	frappe.db.commit()
	yield
	frappe.db.rollback()
	support.set_settings(signed_receipts_required=before or "Off")
	frappe.db.commit()


def state(doctype: str, name: str, *fields) -> dict:
	return frappe.db.get_value(doctype, name, ["modified", *fields], as_dict=True)


def test_over_rest_a_receipt_is_neither_returned_without_scan_nor_lost_by_a_clerk(
	users, receipts_on, committed
):
	so = committed.add(factories.make_sales_order())
	dn = committed.add(factories.make_delivery_note(so))
	receipt = support.receipt_of(dn)
	committed.add(receipt)
	frappe.db.commit()
	before = state(receipt.doctype, receipt.name, "status", "lost_approved_by")

	returned = rest.call("PUT", f"{RECEIPTS}/{receipt.name}", users.clerk, {"status": "Returned"})
	assert returned.status_code == 417 and "ReceiptScanRequiredError" in returned.exception
	made_up = rest.call(
		"PUT",
		f"{RECEIPTS}/{receipt.name}",
		users.clerk,
		{"status": "Returned", "scan": "/files/any-picture.png"},
	)
	assert made_up.status_code == 417 and "ReceiptScanRequiredError" in made_up.exception
	lost = rest.call(
		"PUT",
		f"{RECEIPTS}/{receipt.name}",
		users.clerk,
		{"status": "Lost", "lost_reason": "gone", "lost_approved_by": users.manager},
	)
	assert lost.status_code == 403 and "ReceiptLostApprovalError" in lost.exception
	by_method = rest.call(
		"POST",
		"/api/method/neiqin.documents_back.api.mark_receipt_lost",
		users.clerk,
		{"name": receipt.name, "reason": "gone"},
	)
	assert by_method.status_code == 403
	made_by_hand = rest.call("POST", RECEIPTS, users.clerk, {"delivery_note": dn.name})
	assert made_by_hand.status_code == 403
	assert state(receipt.doctype, receipt.name, "status", "lost_approved_by") == before

	# the manager closes it as lost: his approval is what the record says
	approved = rest.call(
		"POST",
		"/api/method/neiqin.documents_back.api.mark_receipt_lost",
		users.manager,
		{"name": receipt.name, "reason": "lost by the carrier"},
	)
	assert approved.status_code == 200, approved.text
	assert frappe.db.get_value(receipt.doctype, receipt.name, ["status", "lost_approved_by"]) == (
		"Lost",
		users.manager,
	)


def test_over_rest_a_fapiao_covers_only_what_it_may(base, users, committed):
	mine = committed.add(
		factories.make_direct_sales_invoice(
			base.customer, [{"item_code": "_NQ Service", "qty": 1, "rate": 1130}]
		)
	)
	theirs = committed.add(
		factories.make_direct_sales_invoice(
			base.customer_b, [{"item_code": "_NQ Service", "qty": 1, "rate": 1130}]
		)
	)
	fapiao = committed.add(support.make_fapiao([mine]))
	frappe.db.commit()
	count = frappe.db.count("Fapiao")

	beyond = support.make_fapiao([mine], insert=False).as_dict(no_default_fields=True)
	response = rest.call("POST", FAPIAO, users.clerk, beyond)
	assert response.status_code == 417 and "FapiaoCoverageError" in response.exception
	other = support.make_fapiao([mine], insert=False, customer=base.customer)
	other.invoices[0].sales_invoice = theirs.name
	response = rest.call("POST", FAPIAO, users.clerk, other.as_dict(no_default_fields=True))
	assert response.status_code == 417 and "billed to" in response.exception
	assert frappe.db.count("Fapiao") == count

	moved = rest.call(
		"PUT",
		f"{FAPIAO}/{fapiao.name}",
		users.clerk,
		{"invoices": [{"sales_invoice": theirs.name, "amount": 1130}]},
	)
	assert moved.status_code == 417 and "FapiaoCoverageError" in moved.exception
	assert frappe.get_all("Fapiao Invoice", filters={"parent": fapiao.name}, pluck="sales_invoice") == [
		mine.name
	]


def test_over_rest_a_mailed_fapiao_keeps_its_number_and_is_received_only_with_the_acknowledgement(
	base, users, committed
):
	invoice = committed.add(
		factories.make_direct_sales_invoice(
			base.customer, [{"item_code": "_NQ Service", "qty": 1, "rate": 1130}]
		)
	)
	fapiao = committed.add(support.make_fapiao([invoice]))
	log = frappe.get_doc("Sales Material Log", api.make_mailing_log(fapiao.name))
	log.courier = factories.ensure_supplier()
	log.tracking_number = f"SF{frappe.generate_hash(length=10).upper()}"
	log.save()
	log.submit()
	committed.add(log)
	frappe.db.commit()
	before = state("Fapiao", fapiao.name, "status", "fapiao_number", "total")
	assert before.status == "Mailed"

	for change in (
		{"fapiao_number": support.digital_number()},
		{
			"amount": 900,
			"tax_amount": 117,
			"total": 1017,
			"invoices": [{"sales_invoice": invoice.name, "amount": 1017}],
		},
	):
		response = rest.call("PUT", f"{FAPIAO}/{fapiao.name}", users.clerk, change)
		assert response.status_code == 403 and "FapiaoLockedError" in response.exception
	received = rest.call(
		"PUT",
		f"{FAPIAO}/{fapiao.name}",
		users.clerk,
		{"status": "Received by Customer", "received_on": frappe.utils.nowdate()},
	)
	assert received.status_code == 417 and "FapiaoAcknowledgementError" in received.exception
	back = rest.call("PUT", f"{FAPIAO}/{fapiao.name}", users.clerk, {"status": "Issued"})
	assert back.status_code == 417 and "FapiaoStatusError" in back.exception
	assert state("Fapiao", fapiao.name, "status", "fapiao_number", "total") == before

	# the Sales Manager's change is his approval, recorded on the fapiao
	approved = rest.call(
		"PUT", f"{FAPIAO}/{fapiao.name}", users.manager, {"fapiao_number": support.digital_number()}
	)
	assert approved.status_code == 200, approved.text
	frappe.db.delete("Comment", {"reference_doctype": "Fapiao", "reference_name": fapiao.name})
	frappe.db.commit()
