"""Drafts the current user made that wait for other people's approvals, with who may still
approve them (我的单据待复核)."""

import frappe
from frappe import _

from neiqin.dual_review.awaiting import my_drafts_awaiting
from neiqin.dual_review.report.awaiting_my_review.awaiting_my_review import get_columns as awaiting_columns
from neiqin.report_filters import answers_refusals


@answers_refusals
def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	data = my_drafts_awaiting(frappe.session.user, filters.get("document_type"))
	return get_columns(), data, None, None, get_report_summary(data)


def get_columns() -> list[dict]:
	columns = [column for column in awaiting_columns() if column["fieldname"] != "owner"]
	position = next(i for i, column in enumerate(columns) if column["fieldname"] == "approvals") + 1
	columns.insert(
		position,
		{
			"label": _("Pending Reviewers"),
			"fieldname": "pending_reviewers",
			"fieldtype": "Data",
			"width": 240,
		},
	)
	return columns


def get_report_summary(data: list[dict]) -> list[dict]:
	return [
		{
			"value": len({(row["document_type"], row["document"]) for row in data}),
			"label": _("My drafts awaiting review"),
			"datatype": "Int",
			"indicator": "Orange" if data else "Green",
		}
	]
