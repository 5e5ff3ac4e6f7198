from frappe.model.document import Document


class ReviewRuleCheck(Document):
	pass
