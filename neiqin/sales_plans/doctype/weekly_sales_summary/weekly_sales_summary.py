from frappe.model.document import Document


class WeeklySalesSummary(Document):
	pass
