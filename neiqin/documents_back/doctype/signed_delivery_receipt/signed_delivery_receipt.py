"""Signed Delivery Receipt (签收回单): the delivery note as the customer signed it, awaited until
it is back in the office (with its scan) and filed, or closed as lost by a Sales Manager.

Made by the Delivery Note's submit (`neiqin.documents_back.receipts.make_receipt`); its status
moves only as `rules.RECEIPT_TRANSITIONS` allows, whatever path saves it (desk, REST, server
code): Returned and Archived need the scan attached to the receipt, Lost needs a Sales Manager.
Who received, archived, reported or approved is recorded by the server, never typed.
"""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, nowdate

from neiqin.documents_back import rules
from neiqin.documents_back.exceptions import (
	ReceiptDateError,
	ReceiptDifferenceError,
	ReceiptLostApprovalError,
	ReceiptScanRequiredError,
	ReceiptSourceError,
	ReceiptStatusError,
)
from neiqin.documents_back.proof import proof_problem
from neiqin.documents_back.refusals import throw_problems
from neiqin.escaping import bold

LOST_APPROVER_ROLE = "Sales Manager"
# taken from the Delivery Note when the receipt is made, never changed afterwards
FROM_DELIVERY = (
	"delivery_note",
	"customer",
	"customer_name",
	"company",
	"sales_order",
	"delivered_on",
	"sales_person",
)
# written by the server on a status change (or by the daily job), never typed
RECORDED = (
	"due_date",
	"is_overdue",
	"received_by",
	"archived_on",
	"archived_by",
	"lost_requested_by",
	"lost_requested_on",
	"lost_approved_by",
	"lost_on",
)
# what the archived paper says: fixed once it is filed
ARCHIVED_FIELDS = ("returned_on", "returned_by", "scan", "archive_location")


class SignedDeliveryReceipt(Document):
	def validate(self):
		self.check_source()
		self.keep_recorded_fields()
		self.check_transition()
		self.record_transition()
		self.check_scan()
		self.check_dates()
		self.check_difference()
		self.check_archived_unchanged()

	# ------------------------------------------------------------------ source

	def check_source(self):
		if not self.is_new():
			return
		if not (self.flags.made_by_delivery or "System Manager" in frappe.get_roles()):
			frappe.throw(
				_("Signed delivery receipts are made by submitting the Delivery Note, not by hand."),
				ReceiptSourceError,
			)
		delivery = frappe.db.get_value(
			"Delivery Note",
			self.delivery_note,
			["docstatus", "is_return", "customer", "customer_name", "company", "posting_date"],
			as_dict=True,
		)
		if not delivery or delivery.docstatus != 1 or delivery.is_return:
			frappe.throw(
				_("Delivery Note {0} is not a submitted delivery; it needs no signed receipt.").format(
					bold(self.delivery_note or "")
				),
				ReceiptSourceError,
			)
		self.customer, self.customer_name, self.company = (
			delivery.customer,
			delivery.customer_name,
			delivery.company,
		)
		self.delivered_on = delivery.posting_date
		if not self.due_date:
			from neiqin.documents_back.receipts import settings

			self.due_date = rules.receipt_due_date(getdate(delivery.posting_date), settings().return_days)
		self.status = rules.AWAITING
		for fieldname in RECORDED[1:]:
			self.set(fieldname, None)
		self.is_overdue = 0

	def keep_recorded_fields(self):
		before = self.get_doc_before_save()
		if not before:
			return
		for fieldname in (*FROM_DELIVERY, *RECORDED):
			self.set(fieldname, before.get(fieldname))

	# ------------------------------------------------------------------ status

	@property
	def old_status(self) -> str | None:
		before = self.get_doc_before_save()
		return before.status if before else None

	def check_transition(self):
		old = self.old_status
		problem = rules.receipt_transition_problem(old, self.status)
		throw_problems([problem] if problem else [], title=_("Signed Delivery Receipt"))
		if self.status == rules.LOST and old != rules.LOST:
			if LOST_APPROVER_ROLE not in frappe.get_roles():
				frappe.throw(
					_(
						"Only a {0} closes a signed delivery receipt as lost; use Report Lost to ask for it."
					).format(bold(_(LOST_APPROVER_ROLE))),
					ReceiptLostApprovalError,
				)
			if not (self.lost_reason or "").strip():
				frappe.throw(
					_("Say why the signed delivery note is considered lost."), ReceiptLostApprovalError
				)

	def record_transition(self):
		old, new, user, today = self.old_status, self.status, frappe.session.user, getdate(nowdate())
		if self.flags.report_lost:
			self.lost_requested_by, self.lost_requested_on = user, today
		if old == new:
			return
		if new == rules.RETURNED:
			self.received_by = user
			self.returned_on = self.returned_on or today
			self.is_overdue = 0
		elif new == rules.ARCHIVED:
			if not (self.archive_location or "").strip():
				frappe.throw(_("Say where the signed delivery note is filed."), ReceiptStatusError)
			self.archived_by, self.archived_on = user, today
		elif new == rules.LOST:
			self.lost_approved_by, self.lost_on = user, today
			self.is_overdue = 0

	# ------------------------------------------------------------------ checks

	def check_scan(self):
		if self.status not in rules.BACK_STATUSES:
			return
		if not self.scan:
			frappe.throw(
				_("Attach the scan of the signed delivery note before marking it {0}.").format(
					bold(_(self.status, context=self.doctype))
				),
				ReceiptScanRequiredError,
			)
		if proof_problem(self, "scan"):
			frappe.throw(
				_(
					"The scan must be a file uploaded for this signed delivery receipt, not the scan of another one."
				),
				ReceiptScanRequiredError,
			)

	def check_dates(self):
		if not self.returned_on:
			return
		returned, today = getdate(self.returned_on), getdate(nowdate())
		if returned > today:
			frappe.throw(
				_("The return date {0} is in the future.").format(bold(frappe.format(returned, "Date"))),
				ReceiptDateError,
			)
		if self.delivered_on and returned < getdate(self.delivered_on):
			frappe.throw(
				_("The return date {0} is before the delivery on {1}.").format(
					bold(frappe.format(returned, "Date")),
					bold(frappe.format(self.delivered_on, "Date")),
				),
				ReceiptDateError,
			)

	def check_difference(self):
		if self.signed_quantities_differ and not (self.difference_note or "").strip():
			frappe.throw(
				_("Say which quantities the customer signed for differ, and what is to be done."),
				ReceiptDifferenceError,
			)
		if self.sales_return:
			values = frappe.db.get_value(
				"Delivery Note", self.sales_return, ["is_return", "return_against"], as_dict=True
			)
			if not values or not values.is_return or values.return_against != self.delivery_note:
				frappe.throw(
					_("{0} is not a return of Delivery Note {1}.").format(
						bold(self.sales_return),
						bold(self.delivery_note),
					),
					ReceiptDifferenceError,
				)

	def check_archived_unchanged(self):
		before = self.get_doc_before_save()
		if not before or before.status != rules.ARCHIVED:
			return
		changed = [f for f in ARCHIVED_FIELDS if str(self.get(f) or "") != str(before.get(f) or "")]
		if changed:
			frappe.throw(
				_("The signed delivery receipt is archived; {0} can no longer change.").format(
					", ".join(bold(_(self.meta.get_label(f))) for f in changed)
				),
				ReceiptStatusError,
			)
