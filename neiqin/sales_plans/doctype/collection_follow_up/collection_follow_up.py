from frappe.model.document import Document


class CollectionFollowup(Document):
	pass
