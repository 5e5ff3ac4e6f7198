from frappe.model.document import Document


class QualificationReminderLog(Document):
	pass
