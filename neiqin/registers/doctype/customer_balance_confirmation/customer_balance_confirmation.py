"""Customer Balance Confirmation (往来对账): the balance per books of a customer on a half-year
end, the statement sent, and the customer's reply. See `neiqin.registers.balances`."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import escape_html, getdate, now_datetime, nowdate

from neiqin.escaping import bold
from neiqin.registers import balances, rules
from neiqin.registers.exceptions import (
	ConfirmationLockedError,
	ConfirmationReplyError,
	ConfirmationStateError,
	DuplicateConfirmationError,
)

RECORDED_FIELDS = ("sent_on", "statement_request", "replied_by", "reply_recorded_on")
# What the statement was sent for: fixed once sent.
SENT_FIELDS = ("customer", "company", "period_end")
BOOKS_FIELDS = ("company_currency", "balance_per_books", "account_currency", "balance_in_account_currency")
# The customer's reply: recorded together, changed only by a new reply (a new attachment).
REPLY_FIELDS = ("replied_on", "balance_confirmed", "customer_reply")


class CustomerBalanceConfirmation(Document):
	def validate(self):
		self.keep_recorded_fields()
		self.keep_what_was_sent()
		self.validate_period_end()
		self.validate_unique()
		self.set_books_balance()
		self.validate_reply()
		self.record_reply()
		self.set_difference_and_status()

	def on_update(self):
		self.note_reply()

	def keep_recorded_fields(self):
		if self.flags.recording:
			return
		before = self.get_doc_before_save()
		for field in RECORDED_FIELDS:
			self.set(field, before.get(field) if before else None)

	def keep_what_was_sent(self):
		"""Once the statement is sent, its customer, company and period stay, and so does the
		balance per books it showed (whatever a save sends for these read-only fields)."""
		before = self.get_doc_before_save()
		if not before or not before.sent_on:
			return
		changed = [f for f in SENT_FIELDS if str(before.get(f) or "") != str(self.get(f) or "")]
		if changed:
			frappe.throw(
				_("The statement of {0} has been sent: {1} can no longer be changed.").format(
					bold(self.name), ", ".join(_(self.meta.get_label(f)) for f in changed)
				),
				ConfirmationLockedError,
			)
		for field in BOOKS_FIELDS:
			self.set(field, before.get(field))

	def validate_period_end(self):
		balances.check_period_ended(self.period_end)
		self.period_start = rules.half_year_start(getdate(self.period_end))

	def validate_unique(self):
		other = frappe.db.exists(
			"Customer Balance Confirmation",
			{
				"customer": self.customer,
				"company": self.company,
				"period_end": self.period_end,
				"name": ("!=", self.name or ""),
			},
		)
		if other:
			frappe.throw(
				_("Customer {0} already has the balance confirmation {1} for {2}.").format(
					bold(self.customer),
					bold(other),
					frappe.format(self.period_end, "Date"),
				),
				DuplicateConfirmationError,
			)

	def set_books_balance(self):
		"""From the ledger while the statement is not sent; what was sent stays as sent."""
		before = self.get_doc_before_save()
		if before and before.sent_on:
			return
		self.update(balances.books_balance(self.customer, self.company, self.period_end))

	def reply_changed(self) -> bool:
		before = self.get_doc_before_save()
		return any(str((before and before.get(f)) or "") != str(self.get(f) or "") for f in REPLY_FIELDS)

	def validate_reply(self):
		before = self.get_doc_before_save()
		if not self.reply_changed():
			return
		if (
			before
			and before.replied_on
			and (
				not self.replied_on or not self.customer_reply or self.customer_reply == before.customer_reply
			)
		):
			frappe.throw(
				_(
					"The customer's reply to {0} is recorded: it changes only with a new reply — attach the new reply and give its date."
				).format(bold(self.name)),
				ConfirmationLockedError,
			)
		if not self.replied_on:
			return
		if not self.sent_on:
			frappe.throw(
				_("Record the customer's reply after the statement has been sent."), ConfirmationStateError
			)
		if getdate(self.replied_on) > getdate(nowdate()):
			frappe.throw(
				_("The reply date {0} is in the future.").format(
					bold(frappe.format(getdate(self.replied_on), "Date"))
				),
				ConfirmationStateError,
			)
		if not self.reply_attached():
			frappe.throw(
				_(
					"Attach the customer's reply to {0} (Customer's Reply) before recording its answer."
				).format(bold(self.name)),
				ConfirmationReplyError,
			)

	def reply_attached(self) -> bool:
		"""The reply is a file attached to this confirmation (not a link to some other file)."""
		return bool(
			self.customer_reply
			and frappe.db.exists(
				"File",
				{
					"file_url": self.customer_reply,
					"attached_to_doctype": self.doctype,
					"attached_to_name": self.name,
				},
			)
		)

	def record_reply(self):
		if self.replied_on and self.reply_changed():
			self.replied_by = frappe.session.user
			self.reply_recorded_on = now_datetime()
			self.flags.reply_recorded = True

	def note_reply(self):
		if not self.flags.reply_recorded:
			return
		self.flags.reply_recorded = False
		self.add_comment(
			"Info",
			_("Customer's reply of {0} recorded: {1}, balance confirmed {2}, difference {3}.").format(
				bold(frappe.format(getdate(self.replied_on), "Date")),
				bold(_(self.status, context="Customer Balance Confirmation")),
				escape_html(
					frappe.format(
						self.balance_confirmed, {"fieldtype": "Currency", "options": self.account_currency}
					)
				),
				escape_html(
					frappe.format(
						self.difference, {"fieldtype": "Currency", "options": self.account_currency}
					)
				),
			),
		)

	def set_difference_and_status(self):
		replied = bool(self.replied_on)
		self.difference = (
			rules.balance_difference(self.balance_confirmed, self.balance_in_account_currency)
			if replied
			else 0
		)
		self.status = rules.confirmation_status(bool(self.sent_on), replied, self.difference)
