from frappe.model.document import Document


class FapiaoInvoice(Document):
	pass
