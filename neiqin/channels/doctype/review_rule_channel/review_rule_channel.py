from frappe.model.document import Document


class ReviewRuleChannel(Document):
	pass
