from frappe.model.document import Document


class PromotionApprovalItem(Document):
	pass
