from frappe.model.document import Document


class DocumentReviewChecklistAnswer(Document):
	pass
