from frappe.model.document import Document


class SalesExpenseTypeAccount(Document):
	pass
