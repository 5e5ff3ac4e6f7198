"""Number cards of the documents back (for the Sales Back Office workspace)."""

from __future__ import annotations

import frappe
from frappe.query_builder.functions import Count
from frappe.utils import nowdate

from neiqin.documents_back import rules
from neiqin.documents_back.fapiao import NOT_COVERING
from neiqin.user_permissions import document_rules, restrict


@frappe.whitelist()
def signed_receipts_overdue(filters: str | dict | None = None) -> dict:
	"""Signed delivery notes not back after Receipt Return Days (that the user may read)."""
	frappe.has_permission("Signed Delivery Receipt", "read", throw=True)
	receipt = frappe.qb.DocType("Signed Delivery Receipt")
	query = (
		frappe.qb.from_(receipt)
		.select(Count(receipt.name))
		.where((receipt.status == rules.AWAITING) & (receipt.due_date < nowdate()))
	)
	value = restrict(
		query, receipt, "Signed Delivery Receipt", **document_rules("Signed Delivery Receipt")
	).run()
	return {
		"value": value[0][0] if value else 0,
		"fieldtype": "Int",
		"route": ["query-report", "Signed Receipt Tracking"],
		"route_options": {"only_overdue": 1},
	}


@frappe.whitelist()
def invoices_without_fapiao(filters: str | dict | None = None) -> dict:
	"""Submitted Sales Invoices (not credit notes) that no fapiao covers yet (that the user may read)."""
	frappe.has_permission("Fapiao", "read", throw=True)
	invoice, row, fapiao = (
		frappe.qb.DocType("Sales Invoice"),
		frappe.qb.DocType("Fapiao Invoice"),
		frappe.qb.DocType("Fapiao"),
	)
	covered = (
		frappe.qb.from_(row)
		.join(fapiao)
		.on(fapiao.name == row.parent)
		.select(row.sales_invoice)
		.where((row.parenttype == "Fapiao") & fapiao.status.notin(NOT_COVERING))
	)
	query = (
		frappe.qb.from_(invoice)
		.select(Count(invoice.name))
		.where((invoice.docstatus == 1) & (invoice.is_return == 0) & (invoice.grand_total > 0))
		.where(invoice.name.notin(covered))
	)
	value = restrict(query, invoice, "Sales Invoice", **document_rules("Sales Invoice")).run()
	return {
		"value": value[0][0] if value else 0,
		"fieldtype": "Int",
		"route": ["query-report", "Fapiao Reconciliation"],
		"route_options": {"issue": "Sales Invoice without fapiao"},
	}
