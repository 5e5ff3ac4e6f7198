"""Collection Follow-up (催款记录): a call or visit to collect money, the customer's outstanding
at that moment and the promise to pay, whose status follows the Payment Ledger."""

from frappe.model.document import Document

from neiqin.sales_plans import followups


class CollectionFollowup(Document):
	def validate(self):
		for step in (
			followups.check_follower,
			followups.check_locked,
			followups.check_dates,
			followups.check_promise,
			followups.check_references,
			followups.set_sales_person,
			followups.set_figures,
		):
			step(self)
