"""Signed delivery receipts (签收回单): made on delivery, back only with the scan, lost only by a
Sales Manager, overdue and reminded, shown on the Delivery Note, and the guard on invoicing
before the receipt is back."""

import frappe
import pytest
from frappe.utils import add_days, getdate, nowdate

from neiqin.documents_back import api, receipts
from neiqin.documents_back.exceptions import (
	DocumentsBackSwitchError,
	InvoiceBeforeReceiptError,
	ReceiptLostApprovalError,
	ReceiptScanRequiredError,
	ReceiptSourceError,
	ReceiptStatusError,
)
from tests.integration import documents_back_support as support
from tests.integration import factories


@pytest.fixture
def users(base):
	return support.ensure_users()


def shown_messages() -> str:
	return " ".join(str(message) for message in frappe.local.message_log)


def back_with_scan(receipt, user="Administrator"):
	receipt.reload()
	receipt.scan = support.attach(receipt.doctype, receipt.name, "scan")
	receipt.save()
	with factories.as_user(user):
		return api.mark_receipt_returned(receipt.name, returned_by="Driver Wang")


# ----------------------------------------------------------------------------- made on delivery


def test_a_delivery_waits_for_its_signed_receipt_only_where_the_settings_say(base):
	support.set_settings(signed_receipts_required="Off")
	_so, dn = support.delivered_order()
	assert support.receipt_of(dn) is None

	support.receipts_for_all(receipt_return_days=5)
	so, dn = support.delivered_order()
	receipt = support.receipt_of(dn)
	assert receipt.status == "Awaiting"
	assert receipt.customer == base.customer
	assert receipt.sales_order == so.name
	assert getdate(receipt.due_date) == getdate(add_days(dn.posting_date, 5))
	assert not receipt.is_overdue

	# a return brings nothing back to sign
	sales_return = factories.make_return(dn, qty={"_NQ Widget": 2})
	assert support.receipt_of(sales_return) is None


def test_a_chosen_customer_group_covers_the_groups_below_it(base):
	parent = frappe.get_doc(
		{
			"doctype": "Customer Group",
			"customer_group_name": f"_NQ Key {frappe.generate_hash(length=5)}",
			"is_group": 1,
		}
	).insert(ignore_permissions=True)
	child = frappe.get_doc(
		{
			"doctype": "Customer Group",
			"customer_group_name": f"_NQ Key Sub {frappe.generate_hash(length=5)}",
			"parent_customer_group": parent.name,
		}
	).insert(ignore_permissions=True)
	customer = factories.make_customer(customer_group=child.name).name

	support.set_settings(signed_receipts_required="Customer Groups", groups=[parent.name])
	_so, dn = support.delivered_order(customer=customer)
	assert support.receipt_of(dn).status == "Awaiting"
	_so, other = support.delivered_order()  # _NQ Customer A is in another group
	assert support.receipt_of(other) is None

	support.set_settings(groups=[base.customer_group])
	_so, dn = support.delivered_order(customer=customer)
	assert support.receipt_of(dn) is None


def test_receipts_are_not_made_by_hand(base, users):
	support.receipts_for_all()
	so = factories.make_sales_order()
	dn = factories.make_delivery_note(so, submit=False)
	with factories.as_user(users.clerk), pytest.raises(frappe.PermissionError):
		frappe.get_doc({"doctype": "Signed Delivery Receipt", "delivery_note": dn.name}).insert()
	with pytest.raises(ReceiptSourceError):  # a System Manager neither, for a draft delivery
		frappe.get_doc({"doctype": "Signed Delivery Receipt", "delivery_note": dn.name}).insert()


def test_cancelling_the_delivery_drops_the_awaited_receipt_but_keeps_one_that_is_back(base):
	support.receipts_for_all()
	_so, dn = support.delivered_order()
	receipt = support.receipt_of(dn)
	dn.cancel()
	assert not frappe.db.exists("Signed Delivery Receipt", receipt.name)

	_so, dn = support.delivered_order()
	receipt = support.receipt_of(dn)
	back_with_scan(receipt)
	dn.reload()
	dn.cancel()
	assert frappe.db.get_value("Signed Delivery Receipt", receipt.name, "status") == "Returned"


def test_the_delivery_note_shows_its_receipts_state(base):
	support.receipts_for_all()
	_so, dn = support.delivered_order()
	receipt = support.receipt_of(dn)
	dn.run_method("onload")
	shown = dn.get_onload().signed_delivery_receipt
	assert shown.name == receipt.name and shown.status == "Awaiting"
	back_with_scan(receipt)
	dn = frappe.get_doc("Delivery Note", dn.name)
	dn.run_method("onload")
	assert dn.get_onload().signed_delivery_receipt.status == "Returned"
	assert receipts.add_receipts_to_dashboard({})["non_standard_fieldnames"] == {
		"Signed Delivery Receipt": "delivery_note"
	}


# ----------------------------------------------------------------------------- back, archived, lost


def test_nobody_marks_a_receipt_returned_without_the_scan(base, users):
	support.receipts_for_all()
	_so, dn = support.delivered_order()
	receipt = support.receipt_of(dn)
	with factories.as_user(users.clerk), pytest.raises(ReceiptScanRequiredError):
		api.mark_receipt_returned(receipt.name)
	# a URL of no file, and the scan of another receipt, prove nothing
	_so, other_dn = support.delivered_order()
	other = support.receipt_of(other_dn)
	back_with_scan(other)
	for url in ("/private/files/made-up-scan.png", other.reload() or other.scan):
		receipt.reload()
		receipt.scan = url
		receipt.status = "Returned"
		with pytest.raises(ReceiptScanRequiredError):
			receipt.save()
	# nor does a copy of it uploaded again
	receipt.reload()
	receipt.scan = support.attach(
		receipt.doctype,
		receipt.name,
		"scan",
		content=frappe.get_doc("File", {"file_url": other.scan}).get_content(),
	)
	receipt.status = "Returned"
	with pytest.raises(ReceiptScanRequiredError):
		receipt.save()
	assert frappe.db.get_value("Signed Delivery Receipt", receipt.name, "status") == "Awaiting"

	result = back_with_scan(receipt, users.clerk)
	assert result["status"] == "Returned"
	receipt.reload()
	assert receipt.received_by == users.clerk
	assert receipt.returned_by == "Driver Wang"
	assert getdate(receipt.returned_on) == getdate(nowdate())
	# the scan stays while it is back
	receipt.scan = None
	with pytest.raises(ReceiptScanRequiredError):
		receipt.save()


def test_an_archived_receipt_keeps_what_it_says(base, users):
	support.receipts_for_all()
	_so, dn = support.delivered_order()
	receipt = support.receipt_of(dn)
	back_with_scan(receipt)
	with factories.as_user(users.clerk), pytest.raises(ReceiptStatusError):
		api.archive_receipt(receipt.name, "  ")
	with factories.as_user(users.clerk):
		api.archive_receipt(receipt.name, "Cabinet 3, binder 2026-12")
	receipt.reload()
	assert (receipt.status, receipt.archived_by) == ("Archived", users.clerk)
	receipt.returned_by = "Somebody else"
	with pytest.raises(ReceiptStatusError):
		receipt.save()
	receipt.reload()
	receipt.status = "Awaiting"
	with pytest.raises(ReceiptStatusError):
		receipt.save()


def test_a_clerk_cannot_close_a_receipt_as_lost_without_a_sales_manager(base, users):
	support.receipts_for_all()
	_so, dn = support.delivered_order()
	receipt = support.receipt_of(dn)
	with factories.as_user(users.clerk):
		with pytest.raises(ReceiptLostApprovalError):
			api.mark_receipt_lost(receipt.name, "The driver lost it")
		doc = frappe.get_doc("Signed Delivery Receipt", receipt.name)
		doc.status, doc.lost_reason = "Lost", "Editing the status directly"
		with pytest.raises(ReceiptLostApprovalError):
			doc.save()
		api.report_receipt_lost(receipt.name, "The driver lost it in the rain")
	receipt.reload()
	assert receipt.status == "Awaiting"
	assert receipt.lost_requested_by == users.clerk
	assert frappe.db.exists("Notification Log", {"document_name": receipt.name, "for_user": users.manager})
	with factories.as_user(users.manager):
		api.mark_receipt_lost(receipt.name)
	receipt.reload()
	assert (receipt.status, receipt.lost_approved_by) == ("Lost", users.manager)
	assert receipt.lost_reason == "The driver lost it in the rain"
	# a lost receipt that turns up is returned after all (with its scan)
	back_with_scan(receipt, users.clerk)
	assert frappe.db.get_value("Signed Delivery Receipt", receipt.name, "status") == "Returned"


def test_what_the_server_records_is_never_typed(base, users):
	support.receipts_for_all()
	_so, dn = support.delivered_order()
	receipt = support.receipt_of(dn)
	with factories.as_user(users.clerk):
		doc = frappe.get_doc("Signed Delivery Receipt", receipt.name)
		doc.lost_approved_by = users.manager
		doc.received_by = users.manager
		doc.due_date = add_days(nowdate(), 100)
		doc.customer = base.customer_b
		doc.save()
	receipt.reload()
	assert not receipt.lost_approved_by and not receipt.received_by
	assert receipt.customer == base.customer
	assert getdate(receipt.due_date) == getdate(add_days(dn.posting_date, 7))


# ----------------------------------------------------------------------------- overdue


def test_overdue_receipts_are_flagged_and_reminded_daily(base, users):
	support.receipts_for_all(receipt_return_days=7)
	# (a service line: the stock of the suite's warehouse starts later than ten days ago)
	so = factories.make_sales_order(
		items=[{"item_code": "_NQ Service", "qty": 4, "rate": factories.ITEMS["_NQ Service"][1]}],
		transaction_date=add_days(nowdate(), -20),
	)
	old = factories.make_delivery_note(so, posting_date=add_days(nowdate(), -10))
	_so, recent = support.delivered_order()
	frappe.db.delete("Notification Log", {"document_type": "Signed Delivery Receipt"})

	assert receipts.send_overdue_reminders() >= 1
	assert frappe.db.get_value("Signed Delivery Receipt", {"delivery_note": old.name}, "is_overdue") == 1
	assert frappe.db.get_value("Signed Delivery Receipt", {"delivery_note": recent.name}, "is_overdue") == 0
	subject = frappe.db.get_value(
		"Notification Log", {"for_user": users.clerk, "document_type": "Signed Delivery Receipt"}, "subject"
	)
	assert subject and old.name in subject

	# the return days are longer now: due dates follow, nothing is overdue any more
	support.set_settings(receipt_return_days=30)
	receipts.send_overdue_reminders()
	assert frappe.db.get_value("Signed Delivery Receipt", {"delivery_note": old.name}, "is_overdue") == 0


# ----------------------------------------------------------------------------- invoicing guard


def test_block_refuses_invoicing_goods_whose_receipt_is_not_back(base):
	support.receipts_for_all(invoice_only_after_signed_receipt="Block")
	so, dn = support.delivered_order()
	with pytest.raises(InvoiceBeforeReceiptError, match=dn.name):
		factories.make_sales_invoice(dn)
	# the same goods billed from the order instead of the delivery
	with pytest.raises(InvoiceBeforeReceiptError, match=dn.name):
		factories.make_sales_invoice(so)
	# a draft may be saved; the submit is what is refused
	draft = factories.make_sales_invoice(dn, submit=False)
	assert draft.docstatus == 0

	back_with_scan(support.receipt_of(dn))
	draft.reload()
	draft.submit()
	assert draft.docstatus == 1


def test_warn_shows_the_receipts_not_back_and_off_says_nothing(base):
	support.receipts_for_all(invoice_only_after_signed_receipt="Warn")
	_so, dn = support.delivered_order()
	frappe.clear_messages()
	invoice = factories.make_sales_invoice(dn)
	assert invoice.docstatus == 1
	assert dn.name in shown_messages()

	support.set_settings(invoice_only_after_signed_receipt="Off")
	_so, dn = support.delivered_order()
	frappe.clear_messages()
	factories.make_sales_invoice(dn)
	assert dn.name not in shown_messages()


def test_only_a_system_manager_changes_the_switches(base, users):
	frappe.set_user(users.manager)
	settings = frappe.get_doc("Neiqin Settings")
	settings.invoice_only_after_signed_receipt = (
		"Off" if settings.invoice_only_after_signed_receipt == "Block" else "Block"
	)
	settings.flags.ignore_permissions = True  # server code too
	with pytest.raises(DocumentsBackSwitchError):
		settings.save()
	settings.reload()
	settings.receipt_return_days = 9  # not a switch: a Sales Manager sets it
	settings.save()
	assert frappe.db.get_single_value("Neiqin Settings", "receipt_return_days") == 9
