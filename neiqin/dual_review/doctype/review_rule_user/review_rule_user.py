from frappe.model.document import Document


class ReviewRuleUser(Document):
	pass
