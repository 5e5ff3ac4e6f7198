"""Plan Attainment (计划完成情况): per sales person or territory and month, quarter or year, the
targets of the plan in force against what the books show — orders, deliveries, collections,
visits — with attainment %, the visit plans' completion, a ranking and a chart. Periods to come
show their target only. See `neiqin.sales_plans.actuals` for where each figure comes from."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import getdate, nowdate

from neiqin.escaping import bold
from neiqin.report_filters import ReportFilterError, answers_refusals, check_choice, require_company
from neiqin.sales_plans import actuals, rules
from neiqin.sales_plans.plans import plan_in_force
from neiqin.sales_reports.common import currency_column, hidden_currency_column, summary_card
from neiqin.user_permissions import keeps

BASES = (actuals.SALES_PERSON, actuals.TERRITORY)


@answers_refusals
def execute(filters=None):
	filters = frappe._dict(filters or {})
	company = require_company(filters)
	fiscal_year = fiscal_year_of(filters)
	periodicity = check_choice(filters, "periodicity", "Periodicity", rules.PERIODICITIES, rules.MONTHLY)
	based_on = check_choice(filters, "based_on", "Based On", BASES, actuals.SALES_PERSON)
	start, end = frappe.db.get_value("Fiscal Year", fiscal_year, ("year_start_date", "year_end_date"))
	plan = plan_in_force(company, fiscal_year)
	rows = attainment_rows(plan, company, getdate(start), getdate(end), periodicity, based_on, filters)
	currency = frappe.get_cached_value("Company", company, "default_currency")
	for row in rows:
		row["currency"] = currency
	message = (
		None
		if plan
		else _("No sales plan is in force for {0} and {1}: only actuals are shown.").format(
			bold(company), bold(fiscal_year)
		)
	)
	return (
		columns(based_on, periodicity),
		rows,
		message,
		chart(rows),
		summary(rows, currency),
	)


def fiscal_year_of(filters) -> str:
	fiscal_year = filters.get("fiscal_year")
	if not fiscal_year or not frappe.db.exists("Fiscal Year", fiscal_year):
		frappe.throw(_("Please select a Fiscal Year."), ReportFilterError, title=_("Invalid Filter"))
	return fiscal_year


def attainment_rows(plan, company, start, end, periodicity, based_on, filters) -> list[dict]:
	bounds = rules.periods(start, end, periodicity)
	today = getdate(nowdate())
	last_day = min(end, today)
	figures: dict = {}
	if start <= last_day:
		for measure, found in (
			("order", actuals.sales("Sales Order", company, start, last_day, based_on)),
			("delivery", actuals.sales("Delivery Note", company, start, last_day, based_on)),
			("collection", actuals.collections(company, start, last_day, based_on)),
			("visit", actuals.visits(start, last_day, based_on)),
		):
			for row in found:
				rules.add_actual(
					figures,
					rules.period_of(getdate(row["date"]), bounds),
					row["entity"],
					measure,
					row["amount"],
				)
	planned = {}
	for row in actuals.planned_visits(start, end, based_on):
		key = (rules.period_of(getdate(row["date"]), bounds), row["entity"])
		counts = planned.setdefault(key, [0, 0])
		counts[0] += int(row["planned"] or 0)
		counts[1] += int(row["done"] or 0)
	targets = rules.bucket_targets(plan_targets(plan, based_on), bounds)
	rows = rules.combine(targets, figures, lambda period: period > today)
	for row in rows:
		planned_count, done = planned.get((row["period_start"], row["entity"]), (0, 0))
		row["visits_planned"] = planned_count
		row["visits_done"] = None if row["future"] else done
		row["plan_completion"] = None if row["future"] else rules.completion(planned_count, done)
		row["period"] = period_label(row["period_start"], periodicity, bounds)
		row[frappe.scrub(based_on)] = row["entity"]
	rows = [row for row in rows if shown(row, based_on, filters)]
	return rules.rank(rows)


def plan_targets(plan: str | None, based_on: str) -> list[dict]:
	"""The target lines of the plan in force for sales persons or for territories."""
	if not plan:
		return []
	field = frappe.scrub(based_on)
	targets = frappe.get_all(
		"Sales Plan Target",
		filters={"parent": plan, "parenttype": "Sales Plan", field: ("is", "set")},
		fields=[
			"period_start",
			field,
			*("order_amount", "delivery_amount", "collection_amount", "visit_count"),
		],
		order_by="idx asc",
	)
	for target in targets:
		target["period_start"] = getdate(target["period_start"])
		target["entity"] = target.pop(field)
	return targets


def shown(row: dict, based_on: str, filters) -> bool:
	"""The filters and the user's User Permissions on the sales person or territory."""
	field = frappe.scrub(based_on)
	if filters.get(field) and row["entity"] != filters.get(field):
		return False
	return keeps({field: row["entity"]}, "Sales Plan", {field: based_on})


def period_label(period_start, periodicity: str, bounds) -> str:
	if periodicity == rules.MONTHLY:
		return f"{period_start.year}-{period_start.month:02d}"
	if periodicity == rules.QUARTERLY:
		number = [start for start, _end in bounds].index(period_start) + 1
		return _("{0} Q{1}").format(bounds[0][0].year, number)
	return str(period_start.year)


def columns(based_on: str, periodicity: str) -> list[dict]:
	entity = frappe.scrub(based_on)
	found = [
		{"fieldname": "period", "label": _("Period"), "fieldtype": "Data", "width": 90},
		{"fieldname": entity, "label": _(based_on), "fieldtype": "Link", "options": based_on, "width": 150},
	]
	for measure, target_label, actual_label in (
		("order", _("Order Target"), _("Orders")),
		("delivery", _("Delivery Target"), _("Deliveries")),
		("collection", _("Collection Target"), _("Collections")),
	):
		found += [
			currency_column(f"{measure}_target", target_label, 120),
			currency_column(f"{measure}_actual", actual_label, 120),
			{
				"fieldname": f"{measure}_attainment",
				"label": _("{0} %").format(actual_label),
				"fieldtype": "Percent",
				"width": 90,
			},
		]
	found += [
		{"fieldname": "visit_target", "label": _("Visit Target"), "fieldtype": "Int", "width": 80},
		{"fieldname": "visit_actual", "label": _("Visits Made"), "fieldtype": "Int", "width": 80},
		{
			"fieldname": "visit_attainment",
			"label": _("{0} %").format(_("Visits Made")),
			"fieldtype": "Percent",
			"width": 90,
		},
		{"fieldname": "visits_planned", "label": _("Visits Planned"), "fieldtype": "Int", "width": 90},
		{"fieldname": "visits_done", "label": _("Planned Visits Done"), "fieldtype": "Int", "width": 90},
		{
			"fieldname": "plan_completion",
			"label": _("Visit Plan Completion %"),
			"fieldtype": "Percent",
			"width": 100,
		},
		{"fieldname": "score", "label": _("Overall Attainment %"), "fieldtype": "Percent", "width": 100},
		{"fieldname": "rank", "label": _("Rank"), "fieldtype": "Int", "width": 60},
		hidden_currency_column(),
	]
	return found


def chart(rows: list[dict]) -> dict | None:
	"""Collections and orders against their targets per sales person or territory, for the periods
	shown (periods to come count their target)."""
	totals: dict = {}
	for row in rows:
		entity = totals.setdefault(row["entity"], [0.0, 0.0, 0.0, 0.0])
		entity[0] += row["order_target"]
		entity[1] += row["order_actual"] or 0
		entity[2] += row["collection_target"]
		entity[3] += row["collection_actual"] or 0
	if not totals:
		return None
	labels = sorted(totals, key=lambda e: e or "")
	names = (_("Order Target"), _("Orders"), _("Collection Target"), _("Collections"))
	return {
		"data": {
			"labels": labels,
			"datasets": [
				{"name": name, "values": [round(totals[label][i], 2) for label in labels]}
				for i, name in enumerate(names)
			],
		},
		"type": "bar",
		"fieldtype": "Currency",
		"colors": ["#b8c2cc", "#5e64ff", "#ffd20a", "#29cd42"],
	}


def summary(rows: list[dict], currency: str) -> list[dict]:
	cards = []
	for measure, label in (("order", _("Orders")), ("collection", _("Collections"))):
		target = sum(row[f"{measure}_target"] for row in rows if not row["future"])
		actual = sum(row[f"{measure}_actual"] or 0 for row in rows)
		cards.append(summary_card(label, actual, currency))
		cards.append(
			summary_card(
				_("{0} %").format(label),
				rules.attainment(actual, target),
				datatype="Percent",
				indicator="Green" if (rules.attainment(actual, target) or 0) >= 100 else "Orange",
			)
		)
	return cards
