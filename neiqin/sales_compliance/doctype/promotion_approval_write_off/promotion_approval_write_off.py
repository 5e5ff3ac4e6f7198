from frappe.model.document import Document


class PromotionApprovalWriteOff(Document):
	pass
