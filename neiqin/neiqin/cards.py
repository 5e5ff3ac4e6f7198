"""Number cards of the Sales Back Office (销售内勤) workspace."""

import frappe

from neiqin.dual_review.awaiting import documents_awaiting


@frappe.whitelist()
def awaiting_my_review(filters: str | dict | None = None) -> dict:
	"""How many documents the current user may review now (the "Awaiting My Review" report's rows)."""
	frappe.has_permission("Document Review", "read", throw=True)
	documents = {(row["document_type"], row["document"]) for row in documents_awaiting()}
	return {"value": len(documents), "fieldtype": "Int", "route": ["query-report", "Awaiting My Review"]}
