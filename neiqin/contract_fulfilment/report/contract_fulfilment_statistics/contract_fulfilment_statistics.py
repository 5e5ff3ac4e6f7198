"""合同履行情况统计表: monthly / quarterly / yearly fulfilment statistics per customer, sales
person, territory or item group.

Reads the live fulfilment tables in two queries — the contracts, and their lines grouped by
what the rules tell apart (the database counts and sums) — and leaves every rule to
`neiqin.contract_fulfilment.statistics` (pure, unit-tested).
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.query_builder.functions import Count, Sum
from frappe.utils import getdate, nowdate
from pypika.terms import Function

from neiqin import report_filters
from neiqin.contract_fulfilment import reports
from neiqin.contract_fulfilment.live import flush
from neiqin.contract_fulfilment.statistics import (
	GROUP_FIELDS,
	PERIODICITIES,
	TIMELINESS_FACTS,
	aggregate,
	grand_total,
)
from neiqin.report_filters import answers_refusals
from neiqin.user_permissions import restrict

# the doctype each grouping links to is named like the grouping
GROUP_LINKS = {group: group for group in GROUP_FIELDS}


@answers_refusals
def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	validate_filters(filters)
	orders, lines = get_orders(filters), get_lines(filters)
	rows = aggregate(orders, lines, filters.group_by, filters.periodicity)
	for row in rows:
		row["group_value"] = row.pop("group")
		row.pop("period_start")
	return get_columns(filters), rows, None, get_chart_data(rows), get_report_summary(rows, filters)


def validate_filters(filters: frappe._dict) -> None:
	report_filters.require_company(filters)
	report_filters.check_date_range(filters)
	filters.periodicity = report_filters.check_choice(
		filters, "periodicity", "Periodicity", PERIODICITIES, "Monthly"
	)
	filters.group_by = report_filters.check_choice(
		filters, "group_by", "Group By", tuple(GROUP_FIELDS), "Customer"
	)


def get_orders(filters: frappe._dict) -> list[dict]:
	"""The contracts the filters select, one row each with its header fields (one query)."""
	flush()
	cf = frappe.qb.DocType("Contract Fulfilment")
	query = frappe.qb.from_(cf).select(
		cf.sales_order,
		cf.transaction_date,
		cf.customer,
		cf.sales_person,
		cf.territory,
		cf.conversion_rate,
		cf.fulfilment_status,
		cf.base_ordered_amount,
		cf.base_delivered_amount,
		cf.base_invoiced_amount,
		cf.base_paid_amount,
	)
	return _selected(query, cf, filters).run(as_dict=True)


def get_lines(filters: frappe._dict) -> list[dict]:
	"""The lines of those contracts, grouped by what the rules of `statistics` tell apart:
	order, status (and item group, when grouping by it) and `TIMELINESS_FACTS` — how the
	line's dates compare with each other and with today. One query; the database counts
	the lines of a group and sums their amounts."""
	cf = frappe.qb.DocType("Contract Fulfilment")
	item = frappe.qb.DocType("Contract Fulfilment Item")
	today = getdate(nowdate())
	facts = {
		"delivered_in_full": item.fully_delivered_on.notnull(),
		"delivered_vs_due": Sign(DateDiff(item.fully_delivered_on, item.delivery_date)),
		"due_vs_today": Sign(DateDiff(item.delivery_date, today)),
	}
	keys = {"sales_order": cf.sales_order, "status": item.status}
	if filters.group_by == "Item Group":
		keys["item_group"] = item.item_group
	keys.update((name, facts[name]) for name in TIMELINESS_FACTS)
	query = (
		frappe.qb.from_(cf)
		.inner_join(item)
		.on(
			(item.parent == cf.name)
			& (item.parenttype == "Contract Fulfilment")
			& (item.parentfield == "items")
		)
		.select(
			*(term.as_(name) for name, term in keys.items()),
			Count("*").as_("lines"),
			Sum(item.amount).as_("amount"),
			Sum(item.delivered_amount).as_("delivered_amount"),
			Sum(item.invoiced_amount).as_("invoiced_amount"),
			Sum(item.paid_amount).as_("paid_amount"),
			Sum(Greatest(item.amount - item.delivered_amount, 0)).as_("undelivered_amount"),
		)
		.groupby(*keys.values())
	)
	return _selected(query, cf, filters).run(as_dict=True)


def _selected(query, cf, filters: frappe._dict):
	"""The contracts the filters select (the same for both queries)."""
	query = query.where(cf.company == filters.company).where(cf.fulfilment_status != "Cancelled")
	if filters.from_date:
		query = query.where(cf.transaction_date >= getdate(filters.from_date))
	if filters.to_date:
		query = query.where(cf.transaction_date <= getdate(filters.to_date))
	if filters.customer:
		query = query.where(cf.customer == filters.customer)
	if filters.sales_person:
		query = query.where(cf.sales_person.isin(reports.sales_person_and_descendants(filters.sales_person)))
	return restrict(query, cf, "Contract Fulfilment")


class Sign(Function):
	def __init__(self, term, alias=None):
		super().__init__("SIGN", term, alias=alias)


class DateDiff(Function):
	def __init__(self, end, start, alias=None):
		super().__init__("DATEDIFF", end, start, alias=alias)


class Greatest(Function):
	def __init__(self, *terms, alias=None):
		super().__init__("GREATEST", *terms, alias=alias)


def get_columns(filters: frappe._dict) -> list[dict]:
	currency = "Company:company:default_currency"
	group_label = {
		"Customer": _("Customer"),
		"Sales Person": _("Sales Person"),
		"Territory": _("Territory"),
		"Item Group": _("Item Group"),
	}[filters.group_by]
	return [
		{"label": _("Period"), "fieldname": "period", "fieldtype": "Data", "width": 110},
		{
			"label": group_label,
			"fieldname": "group_value",
			"fieldtype": "Link",
			"options": GROUP_LINKS[filters.group_by],
			# the period rows leave it empty; the desk's table would then take it for a
			# number column and right-align the names
			"align": "left",
			"width": 180,
		},
		{"label": _("Contracts"), "fieldname": "contracts", "fieldtype": "Int", "width": 90},
		{
			"label": _("Ordered Amount"),
			"fieldname": "ordered_amount",
			"fieldtype": "Currency",
			"options": currency,
			"width": 130,
		},
		{
			"label": _("Delivered Amount", context="neiqin"),
			"fieldname": "delivered_amount",
			"fieldtype": "Currency",
			"options": currency,
			"width": 130,
		},
		{
			"label": _("Invoiced Amount", context="neiqin"),
			"fieldname": "invoiced_amount",
			"fieldtype": "Currency",
			"options": currency,
			"width": 130,
		},
		{
			"label": _("Paid Amount", context="neiqin"),
			"fieldname": "paid_amount",
			"fieldtype": "Currency",
			"options": currency,
			"width": 130,
		},
		{
			"label": _("Outstanding Amount", context="neiqin"),
			"fieldname": "outstanding_amount",
			"fieldtype": "Currency",
			"options": currency,
			"width": 130,
		},
		{
			"label": _("% Delivered", context="neiqin"),
			"fieldname": "per_delivered",
			"fieldtype": "Percent",
			"width": 100,
		},
		{"label": _("% Invoiced"), "fieldname": "per_invoiced", "fieldtype": "Percent", "width": 100},
		{"label": _("% Paid"), "fieldname": "per_paid", "fieldtype": "Percent", "width": 100},
		{"label": _("Lines"), "fieldname": "lines", "fieldtype": "Int", "width": 80},
		{"label": _("Lines Due"), "fieldname": "lines_due", "fieldtype": "Int", "width": 90},
		{"label": _("Delivered On Time"), "fieldname": "on_time_lines", "fieldtype": "Int", "width": 110},
		{
			"label": _("On-Time Delivery Rate"),
			"fieldname": "on_time_rate",
			"fieldtype": "Percent",
			"width": 130,
		},
		{"label": _("Overdue Lines"), "fieldname": "overdue_lines", "fieldtype": "Int", "width": 110},
		{
			"label": _("Overdue Amount"),
			"fieldname": "overdue_amount",
			"fieldtype": "Currency",
			"options": currency,
			"width": 130,
		},
	]


def get_chart_data(rows: list[dict]) -> dict | None:
	periods = [row for row in rows if row["indent"] == 0]
	if not periods:
		return None
	series = (
		(_("Ordered Amount"), "ordered_amount"),
		(_("Delivered Amount", context="neiqin"), "delivered_amount"),
		(_("Invoiced Amount", context="neiqin"), "invoiced_amount"),
		(_("Paid Amount", context="neiqin"), "paid_amount"),
	)
	return {
		"data": {
			"labels": [row["period"] for row in periods],
			"datasets": [{"name": name, "values": [row[key] for row in periods]} for name, key in series],
		},
		"type": "bar",
		"fieldtype": "Currency",
	}


def get_report_summary(rows: list[dict], filters: frappe._dict) -> list[dict]:
	total = grand_total(rows)
	currency = frappe.get_cached_value("Company", filters.company, "default_currency")
	return [
		{"label": _("Contracts"), "value": int(total["contracts"]), "datatype": "Int", "indicator": "Blue"},
		{
			"label": _("Ordered Amount"),
			"value": total["ordered_amount"],
			"datatype": "Currency",
			"currency": currency,
			"indicator": "Blue",
		},
		{
			"label": _("% Delivered", context="neiqin"),
			"value": total["per_delivered"],
			"datatype": "Percent",
			"indicator": "Blue",
		},
		{
			"label": _("% Invoiced"),
			"value": total["per_invoiced"],
			"datatype": "Percent",
			"indicator": "Blue",
		},
		{
			"label": _("% Paid"),
			"value": total["per_paid"],
			"datatype": "Percent",
			"indicator": "Green" if total["per_paid"] >= total["per_invoiced"] else "Orange",
		},
		{
			"label": _("On-Time Delivery Rate"),
			"value": total["on_time_rate"],
			"datatype": "Percent",
			"indicator": "Green" if total["on_time_rate"] >= 90 else "Orange",
		},
		{
			"label": _("Overdue Lines"),
			"value": int(total["overdue_lines"]),
			"datatype": "Int",
			"indicator": "Red" if total["overdue_lines"] else "Green",
		},
	]
