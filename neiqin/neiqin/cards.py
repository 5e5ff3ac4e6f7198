"""Number cards of neiqin's workspaces (`neiqin.workspaces`); each opens the list or report it counts."""

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


@frappe.whitelist()
def my_drafts_awaiting_review(filters: str | dict | None = None) -> dict:
	"""How many drafts the current user made wait for other people's approvals (我的单据待复核);
	opens the report that says who may still approve each."""
	from neiqin.dual_review.awaiting import my_drafts_awaiting

	frappe.has_permission("Document Review", "read", throw=True)
	documents = {(row["document_type"], row["document"]) for row in my_drafts_awaiting()}
	return {
		"value": len(documents),
		"fieldtype": "Int",
		"route": ["query-report", "My Drafts Awaiting Review"],
	}


@frappe.whitelist()
def instruments_handed_to_me(filters: str | dict | None = None) -> dict:
	"""Receipt instruments handed over to the current user that they have not signed for yet
	(finance's 签收); opens the list filtered so."""
	frappe.has_permission("Receipt Instrument", "read", throw=True)
	filters = {"handed_over_to": frappe.session.user, "signed_on": ("is", "not set")}
	return {
		"value": len(
			frappe.get_list("Receipt Instrument", filters=filters, pluck="name", limit_page_length=0)
		),
		"fieldtype": "Int",
		"route": ["List", "Receipt Instrument", "List"],
		"route_options": {"handed_over_to": frappe.session.user, "signed_on": ["is", "not set"]},
	}
