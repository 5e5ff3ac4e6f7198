"""Receipt Instrument (收款票据): a cheque, bank draft or acceptance bill received from a
customer, entered the same day, handed over to finance who signs for it (签收), and turned
into a Payment Entry. Actions: `neiqin.registers.api`; rules: `neiqin.registers.rules`."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import escape_html, flt, getdate, nowdate

from neiqin.escaping import bold
from neiqin.registers import instruments, rules
from neiqin.registers.exceptions import (
	DuplicateInstrumentError,
	HandoverDateError,
	HandoverRecipientError,
	InstrumentAmountError,
	InstrumentDateError,
	InstrumentLockedError,
	InstrumentStatusError,
)


class ReceiptInstrument(Document):
	def onload(self):
		self.set_onload("can_sign", self.handed_over_to == frappe.session.user and not self.signed_on)
		self.set_onload(
			"can_change_status",
			self.status != "Deposited"
			and bool(self.has_permission("write"))
			and (not self.signed_on or instruments.is_finance()),
		)
		self.set_onload(
			"can_draft_payment",
			self.status in ("Received", "Handed Over") and not instruments.open_payments(self.name),
		)
		self.set_onload(
			"status_from_records",
			rules.instrument_status(
				None, bool(self.handed_over_on), instruments.payment_submitted(self.payment_entry)
			),
		)

	def validate(self):
		self.keep_recorded_fields()
		self.keep_signed_fields()
		self.set_currency()
		self.validate_amount()
		self.validate_dates()
		self.validate_unique()
		self.validate_handover()
		self.set_handover_flag()
		self.set_status()

	def keep_recorded_fields(self):
		if self.flags.recording:
			return
		before = self.get_doc_before_save()
		for field in instruments.RECORDED_FIELDS:
			self.set(field, before.get(field) if before else None)

	def keep_signed_fields(self):
		before = self.get_doc_before_save()
		if not before or not before.signed_on:
			return
		changed = [f for f in instruments.SIGNED_FIELDS if str(before.get(f) or "") != str(self.get(f) or "")]
		if changed:
			frappe.throw(
				_("{0} is signed for by finance: {1} can no longer be changed.").format(
					bold(self.name), ", ".join(_(self.meta.get_label(f)) for f in changed)
				),
				InstrumentLockedError,
			)

	def set_currency(self):
		if not self.currency and self.company:
			self.currency = frappe.get_cached_value("Company", self.company, "default_currency")

	def validate_amount(self):
		if flt(self.amount) <= 0:
			frappe.throw(
				_("The amount of an instrument must be greater than zero, not {0}.").format(
					bold(frappe.format(self.amount or 0, {"fieldtype": "Currency", "options": self.currency}))
				),
				InstrumentAmountError,
			)

	def validate_dates(self):
		received = getdate(self.received_on)
		if received > getdate(nowdate()):
			frappe.throw(
				_("The receipt date {0} is in the future.").format(bold(frappe.format(received, "Date"))),
				InstrumentDateError,
			)
		if self.instrument_type in rules.BILL_TYPES and not self.due_date:
			frappe.throw(
				_("A {0} needs its due date.").format(bold(_(self.instrument_type))),
				InstrumentDateError,
			)
		if self.due_date and getdate(self.due_date) < received:
			frappe.throw(
				_("The due date {0} is before the receipt date {1}.").format(
					bold(frappe.format(self.due_date, "Date")),
					bold(frappe.format(received, "Date")),
				),
				InstrumentDateError,
			)

	def validate_unique(self):
		"""One instrument per number and drawer bank, compared normalised (case, spaces, hyphens,
		full-width characters). A locking read of the key: two clerks registering the same cheque
		at once follow each other, and the second is refused."""
		self.instrument_number = (self.instrument_number or "").strip()
		self.instrument_key = rules.instrument_key(self.instrument_number, self.drawer_bank)
		ri = frappe.qb.DocType("Receipt Instrument")
		others = (
			frappe.qb.from_(ri)
			.select(ri.name, ri.instrument_number, ri.drawer_bank)
			.where((ri.instrument_key == self.instrument_key) & (ri.name != (self.name or "")))
			.limit(1)
			.for_update()
			.run(as_dict=True)
		)
		for other in others:
			frappe.throw(
				_("Instrument number {0} of {1} is already registered as {2} ({3} of {4}).").format(
					bold(self.instrument_number),
					bold(self.drawer_bank),
					bold(other.name),
					escape_html(other.instrument_number),
					escape_html(other.drawer_bank),
				),
				DuplicateInstrumentError,
			)

	def validate_handover(self):
		if not self.handed_over_to and not self.handed_over_on:
			return
		if not self.handed_over_to:
			frappe.throw(_("Say to whom in finance the instrument was handed over."), HandoverDateError)
		if not self.handed_over_on:
			self.handed_over_on = nowdate()
		handed = getdate(self.handed_over_on)
		if handed < getdate(self.received_on):
			frappe.throw(
				_("The hand-over date {0} is before the receipt date {1}.").format(
					bold(frappe.format(handed, "Date")),
					bold(frappe.format(self.received_on, "Date")),
				),
				HandoverDateError,
			)
		if handed > getdate(nowdate()):
			frappe.throw(
				_("The hand-over date {0} is in the future.").format(bold(frappe.format(handed, "Date"))),
				HandoverDateError,
			)
		self.validate_recipient()

	def validate_recipient(self):
		"""Finance signs for what it received: the recipient is a finance user, never the clerk
		who entered the instrument (who could otherwise sign for himself)."""
		if self.handed_over_to == (self.owner or frappe.session.user):
			frappe.throw(
				_("{0} entered this instrument and cannot also receive it for finance.").format(
					bold(self.handed_over_to)
				),
				HandoverRecipientError,
			)
		if not set(instruments.FINANCE_ROLES) & set(frappe.get_roles(self.handed_over_to)):
			frappe.throw(
				_("{0} is not a finance user ({1}): hand the instrument over to finance.").format(
					bold(self.handed_over_to),
					", ".join(_(role) for role in instruments.FINANCE_ROLES),
				),
				HandoverRecipientError,
			)

	def on_update(self):
		instruments.announce_handover(self)

	def set_handover_flag(self):
		self.handover_deadline = instruments.handover_deadline(self.company, self.received_on)
		handed = getdate(self.handed_over_on) if self.handed_over_on else None
		self.handover_late = int(
			rules.handover_late(getdate(self.handover_deadline), handed, getdate(nowdate()))
		)

	def set_status(self):
		"""Endorsed, Bounced and Cancelled are chosen with their reason through
		`instruments.change_status`; the other statuses follow the records. A save never
		changes the status by itself."""
		before = self.get_doc_before_save()
		kept = before.status if before else "Received"
		if self.flags.status_change:
			kept = self.status
		manual = kept if kept in rules.MANUAL_STATUSES else None
		status = rules.instrument_status(
			manual, bool(self.handed_over_on), instruments.payment_submitted(self.payment_entry)
		)
		requested = self.status or status
		if requested not in (status, kept):
			frappe.throw(
				_(
					"Status {0} is not set by saving: endorse, bounce or cancel an instrument with Change Status, giving a reason; the other statuses follow the records (hand-over, Payment Entry). It is {1} now."
				).format(
					bold(_(str(requested), context="Receipt Instrument")),
					bold(_(status, context="Receipt Instrument")),
				),
				InstrumentStatusError,
			)
		self.status = status
