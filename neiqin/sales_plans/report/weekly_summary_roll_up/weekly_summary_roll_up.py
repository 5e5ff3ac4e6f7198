"""Weekly Summary Roll-up (周报汇总): for the week, every active sales person of the company —
whether the summary was submitted, the figures side by side and the texts — ready for the
Saturday meeting (printed with weekly_summary_roll_up.html)."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import getdate, nowdate

from neiqin.report_filters import answers_refusals, require_company
from neiqin.sales_plans import rules, summaries
from neiqin.sales_reports.common import currency_column, hidden_currency_column
from neiqin.user_permissions import keeps, restrict

TEXTS = ("market_information", "competitor_activity", "customer_feedback", "problems", "next_week_focus")


@answers_refusals
def execute(filters=None):
	filters = frappe._dict(filters or {})
	company = require_company(filters)
	# the week that holds the date chosen (a Monday or any day of it)
	monday = rules.week_start(getdate(filters.get("week_start") or nowdate()))
	rows = roll_up_rows(company, monday)
	if filters.get("sales_person"):
		rows = [row for row in rows if row["sales_person"] == filters.sales_person]
	currency = frappe.get_cached_value("Company", company, "default_currency")
	for row in rows:
		row["currency"] = currency
	submitted = sum(1 for row in rows if row["docstatus"] == 1)
	summary = [
		{"label": _("Submitted"), "value": submitted, "datatype": "Int", "indicator": "Green"},
		{"label": _("Not Submitted"), "value": len(rows) - submitted, "datatype": "Int", "indicator": "Red"},
	]
	return columns(), rows, None, None, summary


def roll_up_rows(company: str, monday) -> list[dict]:
	"""One row per active sales person of the company (and per summary of the week): the summary's
	state, figures and texts."""
	wss = frappe.qb.DocType("Weekly Sales Summary")
	query = (
		frappe.qb.from_(wss)
		.select(
			wss.name,
			wss.sales_person,
			wss.docstatus,
			*[wss[f] for f in summaries.FIGURES],
			*[wss[f] for f in TEXTS],
		)
		.where(wss.company == company)
		.where(wss.week_start == monday)
		.where(wss.docstatus < 2)
		.orderby(wss.sales_person)
	)
	query = restrict(query, wss, "Weekly Sales Summary")
	found = {row.sales_person: row for row in query.run(as_dict=True)}
	people = [
		person
		for person, (_user, person_company) in summaries.active_sales_persons().items()
		if person_company == company
		and keeps(
			{"sales_person": person, "company": company},
			"Weekly Sales Summary",
			{"sales_person": "Sales Person", "company": "Company"},
		)
	]
	comments = manager_comments([row.name for row in found.values()])
	rows = []
	for person in sorted(set(people) | set(found)):
		row = dict(found.get(person) or {"sales_person": person, "docstatus": None})
		row["summary"] = row.pop("name", None)
		row["manager_comment"] = comments.get(row["summary"])
		row["state"] = (
			_("Submitted") if row["docstatus"] == 1 else _("Draft") if row["docstatus"] == 0 else _("Missing")
		)
		rows.append(row)
	return rows


def manager_comments(names: list[str]) -> dict[str, str]:
	"""{summary: the comment of its latest valid review} (the manager's comment, one query)."""
	if not names:
		return {}
	review = frappe.qb.DocType("Document Review")
	rows = (
		frappe.qb.from_(review)
		.select(review.reference_name, review.comment)
		.where(review.reference_doctype == "Weekly Sales Summary")
		.where(review.reference_name.isin(names))
		.where(review.status == "Valid")
		.orderby(review.creation)
		.run()
	)
	return {name: comment for name, comment in rows if comment}


def columns() -> list[dict]:
	return [
		{
			"fieldname": "sales_person",
			"label": _("Sales Person"),
			"fieldtype": "Link",
			"options": "Sales Person",
			"width": 140,
		},
		{
			"fieldname": "summary",
			"label": _("Weekly Sales Summary"),
			"fieldtype": "Link",
			"options": "Weekly Sales Summary",
			"width": 130,
		},
		{"fieldname": "state", "label": _("Status"), "fieldtype": "Data", "width": 90},
		{"fieldname": "visits_planned", "label": _("Visits Planned"), "fieldtype": "Int", "width": 80},
		{"fieldname": "visits_done", "label": _("Visits Done"), "fieldtype": "Int", "width": 80},
		currency_column("order_amount", _("Orders"), 110),
		currency_column("delivery_amount", _("Deliveries"), 110),
		currency_column("collection_amount", _("Collections"), 110),
		currency_column("expense_amount", _("Expenses Claimed"), 110),
		currency_column("overdue_amount", _("Overdue Receivables"), 120),
		{"fieldname": "promises_broken", "label": _("Promises Broken"), "fieldtype": "Int", "width": 80},
		{
			"fieldname": "market_information",
			"label": _("Market Information"),
			"fieldtype": "Data",
			"width": 200,
		},
		{
			"fieldname": "competitor_activity",
			"label": _("Competitor Activity"),
			"fieldtype": "Data",
			"width": 200,
		},
		{
			"fieldname": "customer_feedback",
			"label": _("Customer Feedback"),
			"fieldtype": "Data",
			"width": 200,
		},
		{"fieldname": "problems", "label": _("Problems"), "fieldtype": "Data", "width": 200},
		{"fieldname": "next_week_focus", "label": _("Next Week's Focus"), "fieldtype": "Data", "width": 200},
		{"fieldname": "manager_comment", "label": _("Manager's Comment"), "fieldtype": "Data", "width": 200},
		hidden_currency_column(),
	]
