from frappe.model.document import Document


class InvoiceRequestItem(Document):
	pass
