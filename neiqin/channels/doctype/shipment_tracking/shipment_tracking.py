from frappe.model.document import Document


class ShipmentTracking(Document):
	pass
