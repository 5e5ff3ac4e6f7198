import frappe
from frappe import _

from neiqin.dual_review.awaiting import documents_awaiting
from neiqin.people import person_column, show_full_names
from neiqin.report_filters import answers_refusals


@answers_refusals
def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	data = show_full_names(documents_awaiting(frappe.session.user, filters.get("document_type")), ["owner"])
	return get_columns(), data, None, None, get_report_summary(data)


def get_columns() -> list[dict]:
	return [
		{
			"label": _("Document Type", context="neiqin"),
			"fieldname": "document_type",
			# Data, not Link to DocType: frappe refuses a report with a Link column to users
			# who cannot read the linked doctype (no reviewer reads DocType); the report
			# script shows the name translated
			"fieldtype": "Data",
			"width": 130,
		},
		{
			"label": _("Document", context="neiqin"),
			"fieldname": "document",
			"fieldtype": "Dynamic Link",
			"options": "document_type",
			"width": 180,
		},
		{"label": _("Party"), "fieldname": "party", "fieldtype": "Data", "width": 180},
		{
			"label": _("Grand Total"),
			"fieldname": "grand_total",
			"fieldtype": "Currency",
			"options": "currency",
			"width": 120,
		},
		{"label": _("Review Rule"), "fieldname": "rule_title", "fieldtype": "Data", "width": 220},
		{"label": _("Approvals"), "fieldname": "approvals", "fieldtype": "Data", "width": 90},
		# the document's creator by full name (a login is no name to a reader)
		person_column(_("Prepared By"), "owner", width=160),
		{"label": _("Awaiting Since"), "fieldname": "awaiting_since", "fieldtype": "Datetime", "width": 160},
		{
			"label": _("Currency"),
			"fieldname": "currency",
			# Data: a reviewer with no other role cannot read Currency (see Document Type)
			"fieldtype": "Data",
			"hidden": 1,
		},
		{
			"label": _("Review Rule ID"),
			"fieldname": "review_rule",
			"fieldtype": "Link",
			"options": "Review Rule",
			"hidden": 1,
		},
	]


def get_report_summary(data: list[dict]) -> list[dict]:
	return [
		{
			"value": len({(row["document_type"], row["document"]) for row in data}),
			"label": _("Documents awaiting my review"),
			"datatype": "Int",
			"indicator": "Orange" if data else "Green",
		}
	]
