from frappe.model.document import Document


class ShipmentTrackingEvent(Document):
	pass
