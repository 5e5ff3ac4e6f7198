"""Customer Balance Confirmation (往来对账): the balance per books of a customer on a half-year
end, the statement sent, and the customer's reply. See `neiqin.registers.balances`."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate

from neiqin.registers import balances, rules
from neiqin.registers.exceptions import (
	ConfirmationStateError,
	DuplicateConfirmationError,
)

RECORDED_FIELDS = ("sent_on", "statement_request")


class CustomerBalanceConfirmation(Document):
	def validate(self):
		self.keep_recorded_fields()
		self.validate_period_end()
		self.validate_unique()
		self.set_books_balance()
		self.validate_reply()
		self.set_difference_and_status()

	def keep_recorded_fields(self):
		if self.flags.recording:
			return
		before = self.get_doc_before_save()
		for field in RECORDED_FIELDS:
			self.set(field, before.get(field) if before else None)

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
					frappe.bold(self.customer), frappe.bold(other), frappe.format(self.period_end, "Date")
				),
				DuplicateConfirmationError,
			)

	def set_books_balance(self):
		"""From the ledger while the statement is not sent; what was sent stays as sent."""
		before = self.get_doc_before_save()
		if before and before.sent_on and not self.has_value_changed("period_end"):
			return
		self.update(balances.books_balance(self.customer, self.company, self.period_end))

	def validate_reply(self):
		if self.replied_on and not self.sent_on:
			frappe.throw(
				_("Record the customer's reply after the statement has been sent."), ConfirmationStateError
			)

	def set_difference_and_status(self):
		replied = bool(self.replied_on)
		self.difference = (
			rules.balance_difference(self.balance_confirmed, self.balance_in_account_currency)
			if replied
			else 0
		)
		self.status = rules.confirmation_status(bool(self.sent_on), replied, self.difference)
