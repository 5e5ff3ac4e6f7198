"""Customer Qualification Status (客户资质台帐): per customer and required qualification type
its state today (Missing / Not Yet Valid / Valid / Expiring / Expired), expiry and the record
behind it; "Expiring Within Days" keeps the rows whose qualification ends within N days
(or has already ended)."""

from __future__ import annotations

from datetime import date, timedelta

import frappe
from frappe import _
from frappe.utils import cint, getdate, nowdate
from frappe.utils.nestedset import get_ancestors_of

from neiqin.report_filters import ReportFilterError, answers_refusals
from neiqin.sales_compliance import qualification_rules as rules
from neiqin.user_permissions import document_rules, readable

STATES = (rules.MISSING, rules.NOT_YET_VALID, rules.VALID, rules.EXPIRING, rules.EXPIRED)
COLOURS = {
	rules.MISSING: "red",
	rules.EXPIRED: "red",
	rules.EXPIRING: "orange",
	rules.VALID: "green",
	rules.NOT_YET_VALID: "grey",
}


@answers_refusals
def execute(filters=None):
	filters = frappe._dict(filters or {})
	validate_filters(filters)
	data = get_data(filters, getdate(nowdate()))
	return get_columns(), data, None, get_chart_data(data), get_report_summary(data)


def validate_filters(filters) -> None:
	if filters.get("expiring_within_days") not in (None, "") and cint(filters.expiring_within_days) < 0:
		frappe.throw(
			_("Expiring Within Days cannot be negative."), ReportFilterError, title=_("Invalid Filter")
		)


def get_columns() -> list[dict]:
	return [
		{
			"label": _("Customer"),
			"fieldname": "customer",
			"fieldtype": "Link",
			"options": "Customer",
			"width": 150,
		},
		{"label": _("Customer Name"), "fieldname": "customer_name", "fieldtype": "Data", "width": 160},
		{
			"label": _("Customer Group"),
			"fieldname": "customer_group",
			"fieldtype": "Link",
			"options": "Customer Group",
			"width": 130,
		},
		{
			"label": _("Qualification Type"),
			"fieldname": "qualification_type",
			"fieldtype": "Link",
			"options": "Qualification Type",
			"width": 140,
		},
		{"label": _("Required For"), "fieldname": "required_for", "fieldtype": "Data", "width": 180},
		{"label": _("Status"), "fieldname": "status", "fieldtype": "Data", "width": 100},
		{"label": _("Valid To"), "fieldname": "valid_to", "fieldtype": "Date", "width": 100},
		{"label": _("Days Left"), "fieldname": "days_left", "fieldtype": "Int", "width": 80},
		{
			"label": _("Customer Qualification"),
			"fieldname": "customer_qualification",
			"fieldtype": "Link",
			"options": "Customer Qualification",
			"width": 140,
		},
		{"label": _("Certificate Number"), "fieldname": "number", "fieldtype": "Data", "width": 140},
		{"label": _("Verified On"), "fieldname": "verified_on", "fieldtype": "Date", "width": 100},
	]


def get_data(filters, today: date) -> list[dict]:
	requirements = frappe.get_all(
		"Qualification Requirement",
		filters={
			"enabled": 1,
			**(
				{"qualification_type": filters.qualification_type}
				if filters.get("qualification_type")
				else {}
			),
		},
		fields=["qualification_type", "customer_group", "document_type", "enforcement"],
	)
	if not requirements:
		return []
	customers = get_customers(filters)
	if not customers:
		return []
	lineage: dict[str, set[str]] = {}
	for group in {c.customer_group for c in customers if c.customer_group}:
		lineage[group] = {group, *get_ancestors_of("Customer Group", group)}
	on_file = get_qualifications(
		[c.name for c in customers], sorted({r.qualification_type for r in requirements})
	)
	warn = dict(frappe.get_all("Qualification Type", fields=["name", "warn_days"], as_list=True))
	within = (
		cint(filters.expiring_within_days) if filters.get("expiring_within_days") not in (None, "") else None
	)
	data = []
	for customer in customers:
		required: dict[str, list[str]] = {}
		for req in requirements:
			if rules.requirement_applies(req.customer_group, lineage.get(customer.customer_group, ())):
				required.setdefault(req.qualification_type, []).append(
					f"{_(req.document_type)} ({_(req.enforcement)})"
				)
		for qtype, documents in sorted(required.items()):
			row = state_row(customer, qtype, on_file.get((customer.name, qtype), []), today, warn.get(qtype))
			row["required_for"] = ", ".join(sorted(set(documents)))
			if within is None or (
				row["valid_to"] and getdate(row["valid_to"]) <= today + timedelta(days=within)
			):
				data.append(row)
	return data


def get_customers(filters) -> list[dict]:
	conditions = {"disabled": 0}
	if filters.get("customer"):
		conditions["name"] = filters.customer
	if filters.get("customer_group"):
		group = filters.customer_group
		conditions["customer_group"] = ("in", [group, *frappe.db.get_descendants("Customer Group", group)])
	# the customers the user may read (User Permissions on Customer, its territory, group …,
	# and its sales team, as frappe judges the customer when it opens it)
	customers = frappe.get_list(
		"Customer",
		filters=conditions,
		fields=["name", "customer_name", "customer_group"],
		order_by="name",
		limit_page_length=0,
	)
	allowed = readable("Customer", (c.name for c in customers), **document_rules("Customer"))
	return [customer for customer in customers if customer.name in allowed]


def get_qualifications(customers: list[str], types: list[str]) -> dict[tuple[str, str], list[dict]]:
	rows = frappe.get_all(
		"Customer Qualification",
		filters={"customer": ("in", customers), "qualification_type": ("in", types)},
		fields=["name", "customer", "qualification_type", "number", "valid_from", "valid_to", "verified_on"],
	)
	found: dict[tuple[str, str], list[dict]] = {}
	for row in rows:
		found.setdefault((row.customer, row.qualification_type), []).append(row)
	return found


def best(rows: list[dict], today: date) -> dict | None:
	"""The qualification that speaks for the type: a valid one lasting longest, else a future
	one, else the one that expired last."""

	def held(row):
		return rules.Held(
			row.name,
			getdate(row.valid_from) if row.valid_from else None,
			getdate(row.valid_to) if row.valid_to else None,
		)

	valid = [r for r in rows if rules.is_valid_on(held(r), today)]
	if valid:
		return max(valid, key=lambda r: getdate(r.valid_to) if r.valid_to else date.max)
	future = [r for r in rows if r.valid_from and getdate(r.valid_from) > today]
	if future:
		return min(future, key=lambda r: getdate(r.valid_from))
	return max(rows, key=lambda r: getdate(r.valid_to) if r.valid_to else date.min) if rows else None


def state_row(customer, qtype: str, rows: list[dict], today: date, warn_days) -> dict:
	chosen = best(rows, today)
	row = {
		"customer": customer.name,
		"customer_name": customer.customer_name,
		"customer_group": customer.customer_group,
		"qualification_type": qtype,
		"status": _(rules.MISSING),
		"state": rules.MISSING,
		"valid_to": None,
		"days_left": None,
	}
	if chosen:
		state = rules.status_on(
			getdate(chosen.valid_from) if chosen.valid_from else None,
			getdate(chosen.valid_to) if chosen.valid_to else None,
			today,
			warn_days,
		)
		row.update(
			state=state,
			status=_(state),
			valid_to=chosen.valid_to,
			days_left=(getdate(chosen.valid_to) - today).days if chosen.valid_to else None,
			customer_qualification=chosen.name,
			number=chosen.number,
			verified_on=chosen.verified_on,
		)
	return row


def get_chart_data(data: list[dict]) -> dict | None:
	if not data:
		return None
	counts = [sum(1 for row in data if row["state"] == state) for state in STATES]
	return {
		"data": {
			"labels": [_(state) for state in STATES],
			"datasets": [{"name": _("Qualifications"), "values": counts}],
		},
		"type": "bar",
		"colors": ["#e24c4c"],
	}


def get_report_summary(data: list[dict]) -> list[dict]:
	return [
		{
			"label": _(state),
			"value": sum(1 for row in data if row["state"] == state),
			"datatype": "Int",
			"indicator": COLOURS[state].capitalize(),
		}
		for state in STATES
	]
