import frappe
from frappe import _
from frappe.query_builder.functions import Coalesce
from frappe.utils import add_to_date, get_datetime, getdate

from neiqin.report_filters import answers_refusals, check_date_range


@answers_refusals
def execute(filters: dict | None = None):
	filters = validate_filters(frappe._dict(filters or {}))
	data = get_data(filters)
	return get_columns(), data, None, None, get_report_summary(data)


def validate_filters(filters):
	check_date_range(filters)
	return filters


def get_columns() -> list[dict]:
	return [
		{
			"label": _("Document Type"),
			"fieldname": "reference_doctype",
			# Data, not Link to DocType: frappe refuses a report with a Link column to users
			# who cannot read the linked doctype (no reviewer reads DocType); the report
			# script shows the name translated
			"fieldtype": "Data",
			"width": 120,
		},
		{
			"label": _("Document"),
			"fieldname": "reference_name",
			"fieldtype": "Dynamic Link",
			"options": "reference_doctype",
			"width": 170,
		},
		{"label": _("Review Rule"), "fieldname": "rule_title", "fieldtype": "Data", "width": 200},
		{
			"label": _("Reviewer"),
			"fieldname": "reviewer",
			"fieldtype": "Link",
			"options": "User",
			"width": 160,
		},
		{"label": _("Decision"), "fieldname": "decision", "fieldtype": "Data", "width": 90},
		{"label": _("Status"), "fieldname": "status", "fieldtype": "Data", "width": 80},
		{"label": _("Reviewed On"), "fieldname": "reviewed_on", "fieldtype": "Datetime", "width": 160},
		{"label": _("Time Taken"), "fieldname": "review_duration", "fieldtype": "Duration", "width": 110},
		{"label": _("Comment"), "fieldname": "comment", "fieldtype": "Data", "width": 200},
		{
			"label": _("Override Justification"),
			"fieldname": "override_justification",
			"fieldtype": "Data",
			"width": 180,
		},
		{"label": _("Voided On"), "fieldname": "voided_on", "fieldtype": "Datetime", "width": 160},
		{
			"label": _("Voided By"),
			"fieldname": "voided_by",
			"fieldtype": "Link",
			"options": "User",
			"width": 150,
		},
		{"label": _("Void Reason"), "fieldname": "void_reason", "fieldtype": "Data", "width": 260},
		{
			"label": _("Document Review"),
			"fieldname": "name",
			"fieldtype": "Link",
			"options": "Document Review",
			"width": 110,
		},
	]


def get_data(filters) -> list[dict]:
	review = frappe.qb.DocType("Document Review")
	rule = frappe.qb.DocType("Review Rule")
	reviewed_on = Coalesce(review.reviewed_on, review.creation)
	query = (
		frappe.qb.from_(review)
		.left_join(rule)
		.on(rule.name == review.review_rule)
		.select(
			review.name,
			review.reference_doctype,
			review.reference_name,
			Coalesce(rule.title, review.review_rule).as_("rule_title"),
			review.reviewer,
			review.decision,
			review.status,
			reviewed_on.as_("reviewed_on"),
			review.review_duration,
			review.comment,
			review.override_justification,
			review.voided_on,
			review.voided_by,
			review.void_reason,
		)
		.orderby(review.reference_doctype)
		.orderby(review.reference_name)
		.orderby(reviewed_on)
	)
	if filters.document_type:
		query = query.where(review.reference_doctype == filters.document_type)
	if filters.document:
		query = query.where(review.reference_name == filters.document)
	if filters.reviewer:
		query = query.where(review.reviewer == filters.reviewer)
	if filters.from_date:
		query = query.where(reviewed_on >= get_datetime(filters.from_date))
	if filters.to_date:
		query = query.where(reviewed_on < add_to_date(get_datetime(getdate(filters.to_date)), days=1))
	rows = query.run(as_dict=True)
	for row in rows:
		row.decision_label, row.decision = row.decision, _(row.decision)
		row.status = _(row.status)
	return rows


def get_report_summary(data: list[dict]) -> list[dict]:
	approved = [row for row in data if row.decision_label == "Approved"]
	timed = [row.review_duration for row in data if row.review_duration]
	average = sum(timed) / len(timed) if timed else 0
	return [
		{
			"value": len({(r.reference_doctype, r.reference_name) for r in data}),
			"label": _("Documents"),
			"datatype": "Int",
		},
		{"value": len(approved), "label": _("Approvals"), "datatype": "Int", "indicator": "Green"},
		{"value": len(data) - len(approved), "label": _("Rejections"), "datatype": "Int", "indicator": "Red"},
		{
			"value": sum(1 for r in data if r.voided_on),
			"label": _("Voided"),
			"datatype": "Int",
			"indicator": "Grey",
		},
		{"value": average / 3600, "label": _("Average Hours to Review"), "datatype": "Float"},
	]
