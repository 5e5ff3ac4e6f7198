"""Weekly Sales Summary (每周工作小结): a sales person's week, figures from the books and the texts."""

from frappe.model.document import Document

from neiqin.sales_plans import summaries, visit_plans


class WeeklySalesSummary(Document):
	def before_insert(self):
		visit_plans.lock_sales_person(self)

	def validate(self):
		for step in (
			visit_plans.check_sales_person,
			summaries.check_week,
			summaries.check_single_summary,
			summaries.set_figures,
		):
			step(self)
