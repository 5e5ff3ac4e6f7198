"""Customer Visit Summary (客户拜访汇总): per customer the last visit, days since, next due and
an overdue flag; per user the visits in the period. A Sales User sees his own visits."""

import frappe
from frappe import _
from frappe.utils import getdate, nowdate

from neiqin.registers import rules
from neiqin.report_filters import answers_refusals, check_date_range
from neiqin.user_permissions import readable

CHANNELS = ("Phone", "Visit", "Message", "Video")


@answers_refusals
def execute(filters=None):
	filters = frappe._dict(filters or {})
	check_date_range(filters)
	by_user = filters.get("group_by") == "User"
	logs = get_logs(filters)
	data = rules.visits_per_user(logs) if by_user else rules.visit_summary(logs, getdate(nowdate()))
	columns = get_user_columns() if by_user else get_customer_columns()
	return columns, data, None, get_chart_data(data, by_user), get_report_summary(data, by_user)


def get_logs(filters) -> list[dict]:
	conditions = {}
	if filters.get("customer"):
		conditions["customer"] = filters.customer
	if filters.get("visited_by"):
		conditions["visited_by"] = filters.visited_by
	if filters.get("from_date") and filters.get("to_date"):
		conditions["visit_date"] = ("between", [filters.from_date, filters.to_date])
	logs = frappe.get_list(
		"Customer Visit Log",
		filters=conditions,
		fields=["name", "customer", "visited_by", "channel", "visit_date", "next_visit_date"],
		limit_page_length=0,
	)
	allowed = readable("Customer Visit Log", (log.name for log in logs), through={"customer": "Customer"})
	logs = [log for log in logs if log.name in allowed]
	for log in logs:
		log.visit_date = getdate(log.visit_date)
		log.next_visit_date = getdate(log.next_visit_date) if log.next_visit_date else None
	return logs


def get_customer_columns() -> list[dict]:
	return [
		{
			"fieldname": "customer",
			"label": _("Customer"),
			"fieldtype": "Link",
			"options": "Customer",
			"width": 200,
		},
		{"fieldname": "last_visit", "label": _("Last Visit"), "fieldtype": "Date", "width": 110},
		{"fieldname": "days_since", "label": _("Days Since"), "fieldtype": "Int", "width": 100},
		{"fieldname": "next_visit", "label": _("Next Visit Due"), "fieldtype": "Date", "width": 120},
		{"fieldname": "overdue", "label": _("Overdue"), "fieldtype": "Check", "width": 90},
		{"fieldname": "visits", "label": _("Number of Visits"), "fieldtype": "Int", "width": 80},
	]


def get_user_columns() -> list[dict]:
	return [
		{
			"fieldname": "visited_by",
			"label": _("Visited By"),
			"fieldtype": "Link",
			"options": "User",
			"width": 200,
		},
		{"fieldname": "visits", "label": _("Number of Visits"), "fieldtype": "Int", "width": 80},
		{"fieldname": "customers", "label": _("Customers Visited"), "fieldtype": "Int", "width": 100},
	] + [
		{"fieldname": c, "label": _(c, context="Customer Visit Log"), "fieldtype": "Int", "width": 90}
		for c in CHANNELS
	]


def get_chart_data(data: list[dict], by_user: bool) -> dict | None:
	if not data or not by_user:
		return None
	return {
		"data": {
			"labels": [row["visited_by"] for row in data],
			"datasets": [{"name": _("Number of Visits"), "values": [row["visits"] for row in data]}],
		},
		"type": "bar",
	}


def get_report_summary(data: list[dict], by_user: bool) -> list[dict]:
	if by_user:
		return [
			{"label": _("Number of Visits"), "value": sum(row["visits"] for row in data), "datatype": "Int"}
		]
	return [
		{"label": _("Customer"), "value": len(data), "datatype": "Int"},
		{
			"label": _("Overdue"),
			"value": sum(1 for row in data if row["overdue"]),
			"datatype": "Int",
			"indicator": "Red",
		},
	]
