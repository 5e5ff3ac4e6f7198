"""Visit Plan (拜访计划): a sales person's customer visits planned for a week, each matched with
the visits logged."""

from frappe.model.document import Document

from neiqin.sales_plans import visit_plans


class VisitPlan(Document):
	def before_insert(self):
		visit_plans.lock_sales_person(self)

	def validate(self):
		for step in (
			visit_plans.check_sales_person,
			visit_plans.check_week,
			visit_plans.check_single_plan,
			visit_plans.match,
		):
			step(self)
