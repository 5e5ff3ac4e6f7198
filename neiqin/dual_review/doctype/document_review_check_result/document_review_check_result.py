from frappe.model.document import Document


class DocumentReviewCheckResult(Document):
	pass
