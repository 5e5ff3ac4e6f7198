from frappe.model.document import Document


class SalesExpenseClaimLine(Document):
	pass
