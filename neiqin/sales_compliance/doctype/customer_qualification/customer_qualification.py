"""客户资质: one customer document on file (license, certificate, invoicing details)."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import format_date, get_fullname, getdate, nowdate

from neiqin.escaping import bold
from neiqin.sales_compliance import qualification_rules as rules
from neiqin.sales_compliance.exceptions import QualificationDateError, QualificationVerificationError

# Changing any of these after verification voids the verification (核实).
VERIFIED_FIELDS = (
	"customer",
	"qualification_type",
	"number",
	"issued_by",
	"valid_from",
	"valid_to",
	"attachment",
)


class CustomerQualification(Document):
	def validate(self):
		self.validate_dates()
		self.void_stale_verification()
		self.set_status()

	def validate_dates(self):
		if self.valid_from and self.valid_to and getdate(self.valid_to) < getdate(self.valid_from):
			frappe.throw(
				_("Valid To {0} is before Valid From {1}.").format(
					bold(format_date(self.valid_to)), bold(format_date(self.valid_from))
				),
				exc=QualificationDateError,
			)

	def void_stale_verification(self):
		"""Verification is recorded only by `verify`; an edit of what was verified clears it and
		makes the editor its last changer (who may not verify it)."""
		if self.flags.verifying:
			return
		before = self.get_doc_before_save()
		if before is None:
			self.verified_by = self.verified_on = None
			self.last_changed_by = frappe.session.user
			return
		self.last_changed_by = before.last_changed_by or before.owner
		if any(self.get(f) != before.get(f) for f in VERIFIED_FIELDS):
			self.last_changed_by = frappe.session.user
			self.verified_by = self.verified_on = None
		elif (self.verified_by, self.verified_on) != (before.verified_by, before.verified_on):
			self.verified_by = self.verified_on = None

	def set_status(self, day=None):
		self.status = status_of(self, day)

	@frappe.whitelist()
	def verify(self) -> None:
		"""核实: a second person confirms the document on file matches the original — never its
		creator nor whoever last changed what is verified, and only with its scan attached where
		its type requires one."""
		frappe.has_permission(self.doctype, "write", self, throw=True)
		self.refuse_verification(frappe.session.user)
		self.verified_by = frappe.session.user
		self.verified_on = nowdate()
		self.flags.verifying = True
		try:
			self.save()
		finally:
			self.flags.verifying = False

	def refuse_verification(self, user: str) -> None:
		changed_by = self.last_changed_by or self.owner
		if not rules.may_verify(user, self.owner, changed_by):
			frappe.throw(
				_("{0} cannot be verified by {1}: it was created or last changed by them.").format(
					bold(self.name), bold(get_fullname(user))
				),
				QualificationVerificationError,
				title=_("Verification"),
			)
		if not self.attachment and frappe.get_cached_value(
			"Qualification Type", self.qualification_type, "requires_scan"
		):
			frappe.throw(
				_("{0} cannot be verified without its scan: a {1} needs one attached.").format(
					bold(self.name), bold(_(self.qualification_type))
				),
				QualificationVerificationError,
				title=_("Verification"),
			)


def warn_days(qualification_type: str) -> int:
	value = frappe.get_cached_value("Qualification Type", qualification_type, "warn_days")
	return rules.DEFAULT_WARN_DAYS if value is None else int(value)


def status_of(row, day=None) -> str:
	return rules.status_on(
		getdate(row.valid_from) if row.valid_from else None,
		getdate(row.valid_to) if row.valid_to else None,
		getdate(day or nowdate()),
		warn_days(row.qualification_type),
	)


def refresh_statuses(today=None) -> None:
	"""Daily: the stored status follows the calendar."""
	for row in frappe.get_all(
		"Customer Qualification", fields=["name", "qualification_type", "valid_from", "valid_to", "status"]
	):
		current = status_of(row, today)
		if current != row.status:
			frappe.db.set_value("Customer Qualification", row.name, "status", current, update_modified=False)
