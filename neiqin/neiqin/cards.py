"""Number cards of the Sales Back Office (销售内勤) workspace."""

import frappe

from neiqin.dual_review.awaiting import documents_awaiting


@frappe.whitelist()
def awaiting_my_review(filters: str | dict | None = None) -> dict:
	"""How many documents the current user may review now (the "Awaiting My Review" report's rows)."""
	frappe.has_permission("Document Review", "read", throw=True)
	documents = {(row["document_type"], row["document"]) for row in documents_awaiting()}
	return {"value": len(documents), "fieldtype": "Int", "route": ["query-report", "Awaiting My Review"]}


@frappe.whitelist()
def overdue_contract_deliveries(filters: str | dict | None = None) -> dict:
	"""How many contracts (that the user may read) have a line past its delivery date today."""
	from neiqin.contract_fulfilment.reports import count_overdue_contracts

	frappe.has_permission("Contract Fulfilment", "read", throw=True)
	return {
		"value": count_overdue_contracts(),
		"fieldtype": "Int",
		"route": ["List", "Contract Fulfilment", "List"],
		"route_options": {"is_overdue": 1},
	}
