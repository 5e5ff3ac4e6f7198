"""Number cards of the sales expenses (for the Sales Back Office workspace)."""

from __future__ import annotations

import frappe
from pypika import Criterion

from neiqin.dual_review.awaiting import documents_awaiting
from neiqin.sales_expenses import access, advances
from neiqin.user_permissions import restrict

REQUEST = "Sales Expense Request"


@frappe.whitelist()
def requests_awaiting_me(filters: str | dict | None = None) -> dict:
	"""Sales expense requests and claims the current user may approve now."""
	frappe.has_permission(REQUEST, "read", throw=True)
	documents = {
		(row["document_type"], row["document"])
		for doctype in (REQUEST, "Sales Expense Claim")
		for row in documents_awaiting(document_type=doctype)
	}
	return {
		"value": len(documents),
		"fieldtype": "Int",
		"route": ["query-report", "Awaiting My Review"],
	}


def readable(query, request):
	"""Only requests the user may read: his User Permissions, and a Sales User's own ones."""
	query = restrict(query, request, REQUEST)
	user = frappe.session.user
	if access.sees_all(user):
		return query
	return query.where(Criterion.any([request[field] == user for field in access.OWN_FIELDS]))


@frappe.whitelist()
def advances_overdue(filters: str | dict | None = None) -> dict:
	"""Advances not settled after Advance Settle Days (of requests the user may read)."""
	frappe.has_permission(REQUEST, "read", throw=True)
	rows = advances.open_advances(query_hook=readable)
	return {
		"value": sum(1 for row in rows if row.overdue),
		"fieldtype": "Int",
		"route": ["query-report", "Employee Advance Balance"],
		"route_options": {"only_overdue": 1},
	}
