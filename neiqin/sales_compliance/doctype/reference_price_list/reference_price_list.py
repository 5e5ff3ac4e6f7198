from frappe.model.document import Document


class ReferencePriceList(Document):
	pass
