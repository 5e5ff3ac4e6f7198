"""Company Seal (印章): a seal of the company and who keeps it."""

from frappe.model.document import Document


class CompanySeal(Document):
	pass
