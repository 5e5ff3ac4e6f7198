"""Actions of the documents back (单据回收): typed, permission-checked, and going through each
document's controller, which checks its rules again whatever path saved it.

Receipts: `mark_receipt_returned`, `archive_receipt`, `report_receipt_lost` (a clerk asks),
`mark_receipt_lost` (a Sales Manager closes it). Invoice requests: `verify_buyer_details`
(`invoice_requests.source_lines` and `invoice_requests.make_sales_invoice` are whitelisted
where they live). Fapiao: `make_mailing_log`, `mark_fapiao_received`, `void_fapiao`,
`preview_fapiao_import`, `import_fapiao`.
"""

from __future__ import annotations

import datetime

import frappe
from frappe import _
from frappe.desk.doctype.notification_log.notification_log import enqueue_create_notification
from frappe.utils import escape_html, get_fullname, getdate, nowdate

from neiqin.documents_back import fapiao as fapiao_service
from neiqin.documents_back import fapiao_import, rules
from neiqin.documents_back.exceptions import ReceiptStatusError
from neiqin.escaping import bold, existing_doc

RECEIPT = "Signed Delivery Receipt"
FAPIAO = "Fapiao"


# ----------------------------------------------------------------------------- receipts


def get_for_write(doctype: str, name: str):
	doc = existing_doc(doctype, name)
	doc.check_permission("write")
	return doc


@frappe.whitelist(methods=["POST"])
def mark_receipt_returned(
	name: str, returned_on: str | datetime.date | None = None, returned_by: str | None = None
) -> dict:
	"""The signed delivery note is back (its scan attached to the receipt first)."""
	doc = get_for_write(RECEIPT, name)
	doc.status = rules.RETURNED
	doc.returned_on = getdate(returned_on or nowdate())
	if returned_by is not None:
		doc.returned_by = returned_by.strip() or None
	doc.save()
	return {"name": doc.name, "status": doc.status}


@frappe.whitelist(methods=["POST"])
def archive_receipt(name: str, archive_location: str) -> dict:
	doc = get_for_write(RECEIPT, name)
	doc.status = rules.ARCHIVED
	doc.archive_location = (archive_location or "").strip()
	doc.save()
	return {"name": doc.name, "status": doc.status}


@frappe.whitelist(methods=["POST"])
def report_receipt_lost(name: str, reason: str) -> dict:
	"""A clerk reports the signed delivery note lost; a Sales Manager decides (the managers are told)."""
	doc = get_for_write(RECEIPT, name)
	if doc.status != rules.AWAITING:
		frappe.throw(
			_("Only an awaited signed delivery receipt is reported lost; this one is {0}.").format(
				bold(_(doc.status, context=RECEIPT))
			),
			ReceiptStatusError,
		)
	if not (reason or "").strip():
		frappe.throw(_("Say why the signed delivery note is considered lost."), ReceiptStatusError)
	doc.lost_reason = reason.strip()
	doc.flags.report_lost = True
	doc.save()
	notify_lost_reported(doc)
	return {"name": doc.name, "status": doc.status}


def notify_lost_reported(doc) -> None:
	from neiqin.contract_fulfilment.reminders import users_with_roles

	managers = [user for user in users_with_roles(["Sales Manager"]) if user != frappe.session.user]
	if managers:
		enqueue_create_notification(
			managers,
			{
				"type": "Alert",
				"document_type": RECEIPT,
				"document_name": doc.name,
				"subject": _("{0} reports the signed delivery note of {1} lost: {2}").format(
					bold(get_fullname(frappe.session.user)),
					bold(doc.delivery_note),
					escape_html(doc.lost_reason),
				),
			},
		)


@frappe.whitelist(methods=["POST"])
def mark_receipt_lost(name: str, reason: str | None = None) -> dict:
	"""A Sales Manager closes the receipt as lost (the controller refuses anybody else)."""
	doc = get_for_write(RECEIPT, name)
	doc.status = rules.LOST
	if (reason or "").strip():
		doc.lost_reason = reason.strip()
	doc.save()
	return {"name": doc.name, "status": doc.status}


# ----------------------------------------------------------------------------- invoice requests


@frappe.whitelist(methods=["POST"])
def verify_buyer_details(name: str) -> dict:
	"""Someone other than who typed them confirms the typed buyer details of a draft request."""
	doc = existing_doc("Invoice Request", name)
	doc.check_permission("read")
	doc.verify_buyer_details()
	return {"name": doc.name, "verified_by": doc.buyer_details_verified_by}


# ----------------------------------------------------------------------------- fapiao


@frappe.whitelist(methods=["POST"])
def make_mailing_log(name: str) -> str:
	"""A draft Sales Material Log (kind Invoice) mailing the fapiao; returns its name."""
	doc = get_for_write(FAPIAO, name)
	frappe.has_permission("Sales Material Log", "create", throw=True)
	return fapiao_service.make_mailing_log(doc)


@frappe.whitelist(methods=["POST"])
def mark_fapiao_received(name: str, received_on: str | datetime.date | None = None) -> dict:
	"""The customer signed for the fapiao (its acknowledgement attached to the fapiao first)."""
	doc = get_for_write(FAPIAO, name)
	doc.status = rules.RECEIVED
	doc.received_on = getdate(received_on or nowdate())
	doc.save()
	return {"name": doc.name, "status": doc.status}


@frappe.whitelist(methods=["POST"])
def void_fapiao(name: str, reason: str) -> dict:
	"""The fapiao was voided (作废) in the tax platform."""
	doc = get_for_write(FAPIAO, name)
	doc.status = rules.VOID
	doc.void_reason = (reason or "").strip()
	doc.save()
	return {"name": doc.name, "status": doc.status}


@frappe.whitelist(methods=["POST"])
def preview_fapiao_import(company: str, file_url: str) -> dict:
	"""What importing the platform's export would register: every row with its mapping to Sales
	Invoices and, for a refused row, why. Nothing is saved."""
	return fapiao_import.run(company, file_url, commit=False)


@frappe.whitelist(methods=["POST"])
def import_fapiao(company: str, file_url: str) -> dict:
	"""Register every row of the export, or none: any refused row refuses the file (with the rows
	and why)."""
	return fapiao_import.run(company, file_url, commit=True)
