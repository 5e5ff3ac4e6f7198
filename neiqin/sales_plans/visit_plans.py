"""Visit plans (拜访计划): a sales person's customer visits planned for a week (Monday to
Sunday), each line matched with the Customer Visit Logs of that customer in that week by the
sales person's user (done / not done). A logged, changed or deleted visit updates the plans of
its week."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import format_date, getdate

from neiqin.escaping import bold
from neiqin.sales_plans import people, rules
from neiqin.sales_plans.exceptions import DuplicateVisitPlanError, NotYourSalesPersonError, VisitPlanWeekError

DOCTYPE = "Visit Plan"


def check_sales_person(doc) -> None:
	"""A Sales User plans, and reports, only for himself."""
	if not people.is_own_sales_person(doc.sales_person):
		frappe.throw(
			_("You may plan and report only for yourself, not for sales person {0}.").format(
				bold(doc.sales_person)
			),
			NotYourSalesPersonError,
		)


def check_week(doc) -> None:
	monday = getdate(doc.week_start)
	if not rules.is_monday(monday):
		frappe.throw(
			_("The week must start on a Monday; {0} is not one.").format(bold(format_date(monday))),
			VisitPlanWeekError,
		)
	doc.week_end = rules.week_end(monday)
	for row in doc.lines:
		if not (monday <= getdate(row.planned_date) <= doc.week_end):
			frappe.throw(
				_("Row {0}: the planned date {1} is outside the week {2} to {3}.").format(
					row.idx,
					bold(format_date(row.planned_date)),
					format_date(monday),
					format_date(doc.week_end),
				),
				VisitPlanWeekError,
			)


def lock_sales_person(doc) -> None:
	"""Two saves of one sales person's week wait for each other here (the sales person's row), so
	one of them sees the other. Also run before the name is taken from its naming series: two
	first documents of a series at once otherwise deadlock on the series row MariaDB does not
	have yet (a 500 instead of the refusal)."""
	if doc.sales_person:
		frappe.db.get_value("Sales Person", doc.sales_person, "name", for_update=True)


def check_single_plan(doc) -> None:
	lock_sales_person(doc)
	# a locking read: it sees what a save that held the lock before committed
	other = frappe.db.get_value(
		DOCTYPE,
		{"sales_person": doc.sales_person, "week_start": doc.week_start, "name": ("!=", doc.name)},
		"name",
		for_update=True,
	)
	if other:
		frappe.throw(
			_("Sales person {0} already has visit plan {1} for the week starting {2}.").format(
				bold(doc.sales_person), bold(other), bold(format_date(doc.week_start))
			),
			DuplicateVisitPlanError,
		)


def match(doc) -> None:
	"""Mark each line done with the visit log that does it (from the logs, never the form)."""
	monday = getdate(doc.week_start)
	user = people.users_of([doc.sales_person]).get(doc.sales_person)
	customers = sorted({row.customer for row in doc.lines})
	logs = []
	if user and customers:
		logs = frappe.get_all(
			"Customer Visit Log",
			filters={
				"visited_by": user,
				"customer": ("in", customers),
				"visit_date": ("between", [monday, rules.week_end(monday)]),
			},
			fields=["name", "customer", "visit_date"],
			order_by="visit_date asc, name asc",
		)
		for log in logs:
			log.visit_date = getdate(log.visit_date)
	lines = [{"customer": row.customer, "planned_date": getdate(row.planned_date)} for row in doc.lines]
	for row, log in zip(doc.lines, rules.match_visits(lines, logs, monday), strict=True):
		row.done = 1 if log else 0
		row.visit_log = log
	doc.planned_visits = len(doc.lines)
	doc.done_visits = sum(row.done for row in doc.lines)


def on_visit_log_change(log, method=None) -> None:
	"""doc_events of Customer Visit Log: the visit plans of the visitor's week are matched again
	(before and after a change of date, customer or visitor)."""
	before = log.get_doc_before_save() if method != "after_delete" else None
	weeks = {(log.visited_by, rules.week_start(getdate(log.visit_date)))}
	if before:
		weeks.add((before.visited_by, rules.week_start(getdate(before.visit_date))))
	by_user = {user: person for person, user in people.users_of().items()}
	for user, monday in weeks:
		person = by_user.get(user)
		if not person:
			continue
		for name in frappe.get_all(
			DOCTYPE, filters={"sales_person": person, "week_start": monday}, pluck="name"
		):
			plan = frappe.get_doc(DOCTYPE, name)
			match(plan)
			for row in plan.lines:
				row.db_update()
			plan.db_set(
				{"planned_visits": plan.planned_visits, "done_visits": plan.done_visits},
				update_modified=False,
			)
