from frappe.model.document import Document


class SalesExpenseCompanyAccount(Document):
	pass
