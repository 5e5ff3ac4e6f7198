"""Sales Plan (销售计划): targets per month and sales person or territory for a fiscal year.

Approved by a Sales Manager through the shipped Review Rule; a revision is an amendment and
the plan in force is the latest submitted one. Changes of targets are kept in the document's
versions (who changed which target)."""

import frappe
from frappe.model.document import Document

from neiqin.sales_plans import plans


class SalesPlan(Document):
	def validate(self):
		for step in (plans.check_writer, plans.keep_versions, self.set_dates, plans.check_targets):
			step(self)

	def before_submit(self):
		plans.check_writer(self)
		plans.check_single_plan_in_force(self)

	def before_cancel(self):
		plans.check_writer(self)

	def on_trash(self):
		plans.check_writer(self)

	@staticmethod
	def set_dates(doc):
		doc.from_date, doc.to_date = frappe.db.get_value(
			"Fiscal Year", doc.fiscal_year, ("year_start_date", "year_end_date")
		)
