from frappe.model.document import Document


class VisitPlanLine(Document):
	pass
