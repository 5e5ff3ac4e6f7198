from frappe.model.document import Document


class SalesPlanTarget(Document):
	pass
