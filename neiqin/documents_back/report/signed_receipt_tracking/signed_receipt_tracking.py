"""Signed Receipt Tracking (回单跟踪): signed delivery notes outstanding by customer, sales person
and days, and those returned or lost. One query (User Permissions applied), shaped in Python."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import cint, getdate, nowdate

from neiqin import charts, people, report_filters
from neiqin.documents_back import rules
from neiqin.report_filters import answers_refusals
from neiqin.user_permissions import document_rules, restrict

DOCTYPE = "Signed Delivery Receipt"
VIEWS = ("Not Back", "Returned", "Lost", "All")
STATUSES_OF_VIEW = {
	"Not Back": (rules.AWAITING,),
	"Returned": (rules.RETURNED, rules.ARCHIVED),
	"Lost": (rules.LOST,),
	"All": rules.RECEIPT_STATUSES,
}


@answers_refusals
def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	validate_filters(filters)
	today = getdate(nowdate())
	data = get_data(filters, today)
	return get_columns(), data, None, get_chart_data(data), get_report_summary(data)


def validate_filters(filters: frappe._dict) -> None:
	frappe.has_permission(DOCTYPE, "report", throw=True)
	report_filters.require_company(filters)
	report_filters.check_date_range(filters)
	filters.view = report_filters.check_choice(filters, "view", "View", VIEWS, "Not Back")


def get_data(filters: frappe._dict, today) -> list[dict]:
	receipt = frappe.qb.DocType(DOCTYPE)
	query = (
		frappe.qb.from_(receipt)
		.select(
			receipt.name,
			receipt.delivery_note,
			receipt.delivered_on,
			receipt.customer,
			receipt.customer_name,
			receipt.sales_person,
			receipt.due_date,
			receipt.status,
			receipt.returned_on,
			receipt.received_by,
			receipt.signed_quantities_differ,
			receipt.sales_return,
			receipt.archive_location,
			receipt.lost_reason,
		)
		.where(receipt.company == filters.company)
		.where(receipt.status.isin(STATUSES_OF_VIEW[filters.view]))
		.orderby(receipt.delivered_on)
		.orderby(receipt.name)
	)
	if filters.from_date:
		query = query.where(receipt.delivered_on >= filters.from_date)
	if filters.to_date:
		query = query.where(receipt.delivered_on <= filters.to_date)
	for key in ("customer", "sales_person"):
		if filters.get(key):
			query = query.where(receipt[key] == filters[key])
	query = restrict(query, receipt, DOCTYPE, **document_rules(DOCTYPE))
	rows = query.run(as_dict=True)
	only_overdue = cint(filters.get("only_overdue"))
	shown = []
	for row in rows:
		delivered = getdate(row.delivered_on)
		row.is_overdue = int(
			rules.is_receipt_overdue(row.status, getdate(row.due_date) if row.due_date else None, today)
		)
		if only_overdue and not row.is_overdue:
			continue
		end = getdate(row.returned_on) if row.returned_on else today
		row.days_outstanding = rules.days_outstanding(delivered, end)
		row.age = rules.age_bucket(row.days_outstanding) if row.status == rules.AWAITING else ""
		row.status_label = _(row.status, context=DOCTYPE)
		row.difference_open = int(bool(row.signed_quantities_differ) and not row.sales_return)
		shown.append(row)
	return people.show_full_names(shown, ("received_by",))


def get_columns() -> list[dict]:
	return [
		{
			"label": _("Signed Delivery Receipt"),
			"fieldname": "name",
			"fieldtype": "Link",
			"options": DOCTYPE,
			"width": 150,
		},
		{
			"label": _("Delivery Note"),
			"fieldname": "delivery_note",
			"fieldtype": "Link",
			"options": "Delivery Note",
			"width": 150,
		},
		{"label": _("Delivered On"), "fieldname": "delivered_on", "fieldtype": "Date", "width": 100},
		{
			"label": _("Customer"),
			"fieldname": "customer",
			"fieldtype": "Link",
			"options": "Customer",
			"width": 130,
		},
		{"label": _("Customer Name"), "fieldname": "customer_name", "fieldtype": "Data", "width": 160},
		{
			"label": _("Sales Person"),
			"fieldname": "sales_person",
			"fieldtype": "Link",
			"options": "Sales Person",
			"width": 120,
		},
		{"label": _("Due Back On"), "fieldname": "due_date", "fieldtype": "Date", "width": 100},
		{"label": _("Days Out"), "fieldname": "days_outstanding", "fieldtype": "Int", "width": 90},
		{"label": _("Age (Days)"), "fieldname": "age", "fieldtype": "Data", "width": 80},
		{"label": _("Overdue"), "fieldname": "is_overdue", "fieldtype": "Check", "width": 70},
		{"label": _("Status"), "fieldname": "status_label", "fieldtype": "Data", "width": 90},
		{"label": _("Returned On"), "fieldname": "returned_on", "fieldtype": "Date", "width": 100},
		people.person_column(_("Received By"), "received_by", 120),
		{
			"label": _("Difference Not Returned"),
			"fieldname": "difference_open",
			"fieldtype": "Check",
			"width": 90,
		},
		{"label": _("Archive Location"), "fieldname": "archive_location", "fieldtype": "Data", "width": 140},
		{"label": _("Lost Reason"), "fieldname": "lost_reason", "fieldtype": "Data", "width": 160},
	]


def get_chart_data(data: list[dict]) -> dict | None:
	"""Receipts not back, by age: how long the paper has been out."""
	buckets = [label for _limit, label in rules.AGE_BUCKETS] + [rules.OLDEST_BUCKET]
	counts = dict.fromkeys(buckets, 0)
	for row in data:
		if row.status == rules.AWAITING:
			counts[row.age] += 1
	if not any(counts.values()):
		return None
	return {
		"data": {
			"labels": [_("{0} days").format(label) for label in buckets],
			"datasets": [{"name": _("Not Back"), "values": list(counts.values())}],
		},
		"type": "bar",
		"colors": charts.colours(["outstanding"], {"outstanding": "orange"}),
		"neiqin_axis": charts.COUNT_AXIS,
	}


def get_report_summary(data: list[dict]) -> list[dict]:
	def count(predicate) -> int:
		return sum(1 for row in data if predicate(row))

	return [
		{
			"label": _("Not Back"),
			"value": count(lambda r: r.status == rules.AWAITING),
			"indicator": "Orange",
			"datatype": "Int",
		},
		{
			"label": _("Overdue"),
			"value": count(lambda r: r.is_overdue),
			"indicator": "Red",
			"datatype": "Int",
		},
		{
			"label": _("Returned"),
			"value": count(lambda r: r.status in rules.BACK_STATUSES),
			"indicator": "Green",
			"datatype": "Int",
		},
		{
			"label": _("Lost"),
			"value": count(lambda r: r.status == rules.LOST),
			"indicator": "Grey",
			"datatype": "Int",
		},
	]
