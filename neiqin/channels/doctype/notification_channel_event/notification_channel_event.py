from frappe.model.document import Document


class NotificationChannelEvent(Document):
	pass
