"""Which qualification a customer needs before a selling document may be submitted."""

import frappe
from frappe import _
from frappe.model.document import Document

from neiqin.escaping import bold
from neiqin.sales_compliance.exceptions import RequirementDocumentTypeError
from neiqin.sales_compliance.qualifications import SELLING_DOCTYPES


class QualificationRequirement(Document):
	def validate(self):
		self.validate_document_type()

	def validate_document_type(self):
		if self.document_type not in SELLING_DOCTYPES:
			frappe.throw(
				_("{0} is not a selling document: choose {1}.").format(
					bold(_(self.document_type or "")),
					", ".join(_(doctype) for doctype in SELLING_DOCTYPES),
				),
				exc=RequirementDocumentTypeError,
			)
