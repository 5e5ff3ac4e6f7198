"""Fapiao (发票登记): one fapiao issued in the national tax platform, as the register keeps it.

Its number fits its type and is unique per company (after normalising); it covers submitted
Sales Invoices of its own company and customer, never beyond what is left of them, and its
rows add up to its total; a red-letter fapiao names the fapiao it reverses. Its status moves
only as `rules.FAPIAO_TRANSITIONS` allows and as its records say: Mailed while a Sales Material
Log (kind Invoice) mails it, Received by Customer only with the acknowledgement attached,
Reversed when red-letter fapiao cover it whole, Void (only a non-digital fapiao not mailed)
with a reason. Once mailed, its number and amounts change only by a Sales Manager.
"""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt, get_fullname, getdate, nowdate

from neiqin.documents_back import fapiao as service
from neiqin.documents_back import rules
from neiqin.documents_back.exceptions import (
	DuplicateFapiaoError,
	FapiaoAcknowledgementError,
	FapiaoLockedError,
	FapiaoRedLetterError,
	FapiaoStatusError,
)
from neiqin.documents_back.proof import proof_problem
from neiqin.documents_back.refusals import throw_problems
from neiqin.escaping import bold

CHANGE_APPROVER_ROLE = "Sales Manager"
# written by the server (mailing log, red-letter fapiao, import), never typed
RECORDED = ("material_log", "mailed_on", "imported_from")


class Fapiao(Document):
	def validate(self):
		self.keep_recorded_fields()
		self.normalise_numbers()
		self.check_number()
		self.check_unique()
		self.set_amounts()
		self.set_party()
		self.check_red_letter()
		self.check_coverage()
		self.check_status()
		self.check_changes_after_mailing()

	def on_update(self):
		service.refresh_reversal(self.red_letter_of)
		before = self.get_doc_before_save()
		if before and before.red_letter_of and before.red_letter_of != self.red_letter_of:
			service.refresh_reversal(before.red_letter_of)

	def on_trash(self):
		if self.status != rules.ISSUED or self.material_log:
			frappe.throw(
				_("Fapiao {0} is {1}; only an issued fapiao that was never mailed can be deleted.").format(
					bold(self.fapiao_number),
					bold(_(self.status, context=self.doctype)),
				),
				FapiaoStatusError,
			)

	def after_delete(self):
		service.refresh_reversal(self.red_letter_of)

	# ------------------------------------------------------------------ recorded fields

	def keep_recorded_fields(self):
		before = self.get_doc_before_save()
		if self.flags.mailing_update or self.flags.fapiao_import:
			return
		for fieldname in RECORDED:
			self.set(fieldname, before.get(fieldname) if before else None)

	# ------------------------------------------------------------------ number

	def normalise_numbers(self):
		self.fapiao_number = rules.normalise_number(self.fapiao_number)
		self.fapiao_code = rules.normalise_number(self.fapiao_code) or None
		self.buyer_tax_id = rules.normalise_tax_id(self.buyer_tax_id) or None

	def check_number(self):
		throw_problems(
			rules.number_problems(self.fapiao_type, self.fapiao_code, self.fapiao_number), _("Fapiao")
		)
		self.number_key = f"{self.company}|{rules.number_key(self.fapiao_code, self.fapiao_number)}"

	def check_unique(self):
		other = frappe.db.get_value(self.doctype, {"number_key": self.number_key, "name": ("!=", self.name)})
		if other:
			frappe.throw(
				_("Fapiao {0} of {1} is already registered as {2}.").format(
					bold(rules.number_key(self.fapiao_code, self.fapiao_number)),
					bold(self.company),
					frappe.get_desk_link(self.doctype, other),
				),
				DuplicateFapiaoError,
			)

	# ------------------------------------------------------------------ amounts and parties

	def set_amounts(self):
		self.amount, self.tax_amount = flt(self.amount, 2), flt(self.tax_amount, 2)
		if not flt(self.total):
			self.total = flt(self.amount + self.tax_amount, 2)
		self.total = flt(self.total, 2)
		self.is_red_letter = 1 if self.red_letter_of else 0
		throw_problems(
			rules.amount_problems(self.amount, self.tax_amount, self.total, bool(self.is_red_letter)),
			_("Fapiao"),
		)

	def set_party(self):
		self._invoices = service.invoices_of([row.sales_invoice for row in self.invoices], for_update=True)
		if not self.customer:
			first = next((self._invoices.get(row.sales_invoice) for row in self.invoices), None)
			if first:
				self.customer = first.customer
			elif self.red_letter_of:
				self.customer = frappe.db.get_value(self.doctype, self.red_letter_of, "customer")
		self.customer_name = (
			frappe.db.get_value("Customer", self.customer, "customer_name") if self.customer else None
		)
		self.buyer_name = self.buyer_name or self.customer_name
		for row in self.invoices:
			invoice = self._invoices.get(row.sales_invoice)
			if invoice:
				row.posting_date, row.grand_total, row.currency = (
					invoice.posting_date,
					invoice.grand_total,
					invoice.currency,
				)
			row.amount = flt(row.amount, 2)

	def check_red_letter(self):
		if not self.red_letter_of:
			return
		original = frappe.db.get_value(
			self.doctype,
			self.red_letter_of,
			["company", "customer", "total", "status", "red_letter_of"],
			as_dict=True,
		)
		problem = None
		if not original or original.red_letter_of or self.red_letter_of == self.name:
			problem = _("{0} is not a fapiao a red-letter fapiao can reverse.")
		elif original.company != self.company or (self.customer and original.customer != self.customer):
			problem = _("Fapiao {0} belongs to another company or customer.")
		elif original.status == rules.VOID:
			problem = _("Fapiao {0} is void; there is nothing to reverse.")
		elif (
			flt(original.total)
			+ service.reversed_total(self.red_letter_of, exclude=self.name)
			+ flt(self.total)
			< -rules.TOLERANCE
			and self.status != rules.VOID
		):
			problem = _("The red-letter fapiao of {0} would reverse more than its total.")
		if problem:
			frappe.throw(problem.format(bold(self.red_letter_of)), FapiaoRedLetterError)

	def check_coverage(self):
		if self.status == rules.VOID:
			return
		names = [row.sales_invoice for row in self.invoices]
		throw_problems(
			rules.coverage_problems(
				self.company,
				self.customer,
				bool(self.is_red_letter),
				flt(self.total),
				[(row.idx, row.sales_invoice, flt(row.amount)) for row in self.invoices],
				service.as_covered(self._invoices),
				service.covered_elsewhere(
					names, exclude=self.name if not self.is_new() else None, for_update=True
				),
			),
			_("Fapiao"),
		)

	# ------------------------------------------------------------------ status

	def check_status(self):
		before = self.get_doc_before_save()
		old = before.status if before else None
		if old is None and self.status not in (rules.ISSUED, rules.VOID, rules.REVERSED):
			self.status = rules.ISSUED
		problem = rules.fapiao_transition_problem(old, self.status)
		throw_problems([problem] if problem else [], _("Fapiao"))
		self.check_records_of(self.status, old)

	def check_records_of(self, status: str, old: str | None):
		changed = old != status
		if status in rules.MAILED_STATUSES and not self.mailed_by_its_log():
			frappe.throw(
				_("A fapiao is mailed through its Sales Material Log (kind Invoice): use Mail Fapiao."),
				FapiaoStatusError,
			)
		if status == rules.ISSUED and old is not None and changed and not self.flags.mailing_update:
			frappe.throw(
				_("A fapiao goes back to Issued only when its mailing is cancelled."), FapiaoStatusError
			)
		if status == rules.RECEIVED:
			self.check_acknowledgement()
		if status == rules.REVERSED and changed and not self.flags.fapiao_import:
			frappe.throw(
				_("A fapiao is Reversed by registering its red-letter fapiao, not by setting the status."),
				FapiaoStatusError,
			)
		if status == rules.VOID and changed:
			self.check_void()

	def mailed_by_its_log(self) -> bool:
		if not self.material_log:
			return False
		log = frappe.db.get_value(
			"Sales Material Log",
			self.material_log,
			["docstatus", "reference_doctype", "reference_name"],
			as_dict=True,
		)
		return bool(
			log
			and log.docstatus == 1
			and log.reference_doctype == self.doctype
			and log.reference_name == self.name
		)

	def check_acknowledgement(self):
		if not self.acknowledgement or not self.received_on:
			frappe.throw(
				_(
					"Attach the customer's acknowledgement and the date it was received before marking the fapiao {0}."
				).format(bold(_(rules.RECEIVED, context=self.doctype))),
				FapiaoAcknowledgementError,
			)
		if proof_problem(self, "acknowledgement"):
			frappe.throw(
				_("The acknowledgement must be a file uploaded for this fapiao, not that of another one."),
				FapiaoAcknowledgementError,
			)
		received = getdate(self.received_on)
		if received > getdate(nowdate()) or (self.mailed_on and received < getdate(self.mailed_on)):
			frappe.throw(
				_("The fapiao cannot have been received on {0}.").format(
					bold(frappe.format(received, "Date"))
				),
				FapiaoAcknowledgementError,
			)

	def check_void(self):
		if self.fapiao_type in rules.DIGITAL_TYPES and not self.flags.fapiao_import:
			frappe.throw(
				_("A digital fapiao cannot be voided; register a red-letter fapiao instead."),
				FapiaoStatusError,
			)
		if not (self.void_reason or "").strip() and not self.flags.fapiao_import:
			frappe.throw(_("Say why the fapiao was voided."), FapiaoStatusError)

	# ------------------------------------------------------------------ after mailing

	def check_changes_after_mailing(self):
		before = self.get_doc_before_save()
		if not before or before.status not in rules.MAILED_STATUSES:
			return
		changed = rules.changed_after_mailing(
			before.as_dict(),
			self.as_dict(),
			[(row.sales_invoice, flt(row.amount, 2)) for row in before.invoices],
			[(row.sales_invoice, flt(row.amount, 2)) for row in self.invoices],
		)
		if not changed:
			return
		labels = ", ".join(bold(_(self.meta.get_label(field))) for field in changed)
		if CHANGE_APPROVER_ROLE not in frappe.get_roles():
			frappe.throw(
				_("Fapiao {0} has been mailed: {1} change only with a {2}'s approval.").format(
					bold(before.fapiao_number),
					labels,
					bold(_(CHANGE_APPROVER_ROLE)),
				),
				FapiaoLockedError,
			)
		self.add_comment(
			"Edit",
			_("Changed after mailing, approved by {0}: {1}").format(
				bold(get_fullname(frappe.session.user)), labels
			),
		)
