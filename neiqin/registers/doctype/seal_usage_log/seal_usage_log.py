"""Seal Usage Log (用印登记): one use of a company seal. A saved draft is the request; the
dual review (the enabled Review Rule created at set-up, `neiqin.registers.setup`) approves
it; submit records the use, and is refused by the review gate until approved."""

import frappe
from frappe import _
from frappe.model.document import Document

from neiqin.escaping import bold
from neiqin.registers.exceptions import SealCopiesError, SealDisabledError, SealDocumentError


class SealUsageLog(Document):
	def validate(self):
		self.validate_seal()
		self.validate_copies()
		self.validate_document()
		self.set_status()

	def on_submit(self):
		self.db_set("status", "Used")

	def on_cancel(self):
		self.db_set("status", "Cancelled")

	def validate_seal(self):
		if frappe.db.get_value("Company Seal", self.seal, "disabled"):
			frappe.throw(_("Seal {0} is disabled.").format(bold(self.seal)), SealDisabledError)

	def validate_copies(self):
		if (self.copies or 0) <= 0:
			frappe.throw(
				_("The number of copies to stamp must be at least 1, not {0}.").format(
					bold(self.copies or 0)
				),
				SealCopiesError,
			)

	def validate_document(self):
		if self.reference_doctype and self.reference_name:
			if not frappe.db.exists(self.reference_doctype, self.reference_name):
				frappe.throw(
					_("{0} {1} does not exist.").format(_(self.reference_doctype), bold(self.reference_name)),
					SealDocumentError,
				)
			return
		if self.reference_doctype or self.reference_name:
			frappe.throw(_("Give both the document type and the document to be stamped."), SealDocumentError)
		if not (self.document_description or "").strip():
			frappe.throw(
				_("Name the document to be stamped: a document of the system or a description."),
				SealDocumentError,
			)

	def set_status(self):
		self.status = {0: "Requested", 1: "Used", 2: "Cancelled"}[self.docstatus]
