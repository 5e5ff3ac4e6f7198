"""Number cards of plans and follow-up (for the Sales Back Office workspace)."""

from __future__ import annotations

import frappe
from frappe.query_builder.functions import Count
from frappe.utils import getdate, nowdate

from neiqin.sales_plans import rules, summaries
from neiqin.user_permissions import document_rules, keeps, restrict


@frappe.whitelist()
def broken_promises(filters: str | dict | None = None) -> dict:
	"""Promises to pay broken this quarter (follow-ups the user may read)."""
	frappe.has_permission("Collection Follow-up", "read", throw=True)
	cfu = frappe.qb.DocType("Collection Follow-up")
	quarter = rules.quarter_start(getdate(nowdate()))
	query = (
		frappe.qb.from_(cfu)
		.select(Count(cfu.name))
		.where(cfu.status == rules.BROKEN)
		.where(cfu.promised_date >= quarter)
	)
	value = restrict(query, cfu, "Collection Follow-up", **document_rules("Collection Follow-up")).run()
	return {
		"value": value[0][0] if value else 0,
		"fieldtype": "Int",
		"route": ["List", "Collection Follow-up"],
		"route_options": {"status": rules.BROKEN},
	}


@frappe.whitelist()
def summaries_missing(filters: str | dict | None = None) -> dict:
	"""Active sales persons (the user may see) without a submitted summary of this week."""
	frappe.has_permission("Weekly Sales Summary", "read", throw=True)
	monday = rules.week_start(getdate(nowdate()))
	submitted = set(
		frappe.get_all(
			"Weekly Sales Summary", filters={"week_start": monday, "docstatus": 1}, pluck="sales_person"
		)
	)
	missing = [
		person
		for person, (_user, company) in summaries.active_sales_persons().items()
		if person not in submitted
		and keeps(
			{"sales_person": person, "company": company},
			"Weekly Sales Summary",
			{"sales_person": "Sales Person", "company": "Company"},
		)
	]
	return {
		"value": len(missing),
		"fieldtype": "Int",
		"route": ["query-report", "Weekly Summary Roll-up"],
		"route_options": {"week_start": str(monday)},
	}
