from frappe.model.document import Document


class ReviewRuleChecklistItem(Document):
	pass
