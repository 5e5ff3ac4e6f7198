from frappe.model.document import Document


class VisitPlan(Document):
	pass
