from frappe.model.document import Document


class ReviewRuleRole(Document):
	pass
