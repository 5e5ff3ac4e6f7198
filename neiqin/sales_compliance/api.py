"""Read-only API of the Sales Compliance capability (typed, permission-checked)."""

from __future__ import annotations

import frappe
from frappe.utils import getdate, nowdate

from neiqin.sales_compliance import qualification_rules as rules
from neiqin.sales_compliance.doctype.customer_qualification.customer_qualification import status_of

QUALIFICATION = "Customer Qualification"


@frappe.whitelist(methods=["GET"])
def get_customer_qualifications(customer: str) -> list[dict]:
	"""The customer's qualifications on file with their state today, and every type a requirement
	asks of the customer that is missing (for the Customer form)."""
	frappe.has_permission("Customer", "read", customer, throw=True)
	frappe.has_permission(QUALIFICATION, "read", throw=True)
	from neiqin.sales_compliance.report.customer_qualification_status.customer_qualification_status import (
		get_data,
	)

	today = getdate(nowdate())
	rows = frappe.get_list(
		QUALIFICATION,
		filters={"customer": customer},
		fields=["name", "qualification_type", "number", "valid_from", "valid_to"],
		order_by="qualification_type, valid_to desc",
	)
	result = [
		{
			"name": row.name,
			"qualification_type": row.qualification_type,
			"number": row.number,
			"valid_to": row.valid_to,
			"status": status_of(row, today),
		}
		for row in rows
	]
	missing = [
		row for row in get_data(frappe._dict(customer=customer), today) if row["state"] == rules.MISSING
	]
	result += [
		{"name": None, "qualification_type": row["qualification_type"], "status": rules.MISSING}
		for row in missing
	]
	return result
