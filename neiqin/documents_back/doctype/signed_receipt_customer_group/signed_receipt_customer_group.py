from frappe.model.document import Document


class SignedReceiptCustomerGroup(Document):
	pass
