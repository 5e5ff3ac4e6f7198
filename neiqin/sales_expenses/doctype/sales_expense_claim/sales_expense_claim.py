"""Sales Expense Claim (报销单): the employee claims what he spent on approved requests; a Sales
Manager and an Accounts User review it (the Review Rule made at set-up) before it is submitted;
on submit it posts one Journal Entry (`neiqin.sales_expenses.claims`), cancel reverses it; Pay
Employee drafts the payment of what is still owed (`neiqin.sales_expenses.payments`)."""

from frappe.model.document import Document
from frappe.utils import flt, getdate

from neiqin.sales_expenses import access, claims, fulfilment, payments, requests, rules


class SalesExpenseClaim(Document):
	def validate(self):
		for step in (access.check_own, set_defaults, check_draft, set_status):
			step(self)

	def before_submit(self):
		# the requests cited are locked: two claims of one request, or of one receipt, follow each other
		claims.validate(self, for_update=True)
		self.status = rules.claim_status(1, flt(self.payable_amount), 0)

	def on_submit(self):
		self.db_set("journal_entry", claims.post_journal_entry(self), update_modified=False)
		requests.apply_claim(self, 1)
		payments.set_claim_status(self.name)
		fulfilment.refresh_orders(self)

	def on_cancel(self):
		claims.cancel_journal_entry(self)
		self.db_set("status", rules.CANCELLED, update_modified=False)
		requests.apply_claim(self, -1)
		fulfilment.refresh_orders(self)


def check_draft(doc) -> None:
	"""A draft's lines are checked and settled on every save; at submit they are checked again
	under the lock (`before_submit`), and a submitted claim's lines no longer change."""
	if doc.docstatus == 0:
		claims.validate(doc)


def set_defaults(doc) -> None:
	if not doc.posting_date:
		doc.posting_date = getdate()


def set_status(doc) -> None:
	doc.status = rules.claim_status(doc.docstatus, flt(doc.payable_amount), flt(doc.paid_amount))
