from frappe.model.document import Document


class MaterialKindItemGroup(Document):
	pass
