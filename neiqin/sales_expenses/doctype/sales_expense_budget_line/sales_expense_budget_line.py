from frappe.model.document import Document


class SalesExpenseBudgetLine(Document):
	pass
