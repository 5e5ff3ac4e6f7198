from frappe.model.document import Document


class QualificationType(Document):
	pass
