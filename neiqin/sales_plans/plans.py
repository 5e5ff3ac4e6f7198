"""Sales plans: the rules of a plan's targets, the plan in force."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import getdate

from neiqin.escaping import bold
from neiqin.sales_plans import people
from neiqin.sales_plans.exceptions import (
	DuplicateTargetError,
	PlanInForceError,
	PlanPeriodError,
	PlanTargetError,
	PlanWriterError,
)

DOCTYPE = "Sales Plan"
TARGET_FIELDS = ("order_amount", "delivery_amount", "collection_amount", "visit_count")


def plan_in_force(company: str, fiscal_year: str, for_update: bool = False) -> str | None:
	"""The latest submitted plan of the company for the fiscal year (None: no plan);
	`for_update`: a locking read, which sees what another transaction committed meanwhile."""
	plan = frappe.qb.DocType(DOCTYPE)
	query = (
		frappe.qb.from_(plan)
		.select(plan.name)
		.where(plan.company == company)
		.where(plan.fiscal_year == fiscal_year)
		.where(plan.docstatus == 1)
		.orderby(plan.creation, order=frappe.qb.desc)
		.limit(1)
	)
	found = (query.for_update() if for_update else query).run(pluck=True)
	return found[0] if found else None


def check_writer(doc) -> None:
	"""Only a Sales Manager or a Sales Admin writes targets, whatever rights a role was given."""
	if not people.writes_plans():
		frappe.throw(
			_("Only a Sales Manager or a Sales Admin writes sales plans; {0} may not.").format(
				bold(frappe.session.user)
			),
			PlanWriterError,
		)


def keep_versions(doc) -> None:
	"""Every change of a target is kept as a Version (who changed which target), also where
	frappe would skip it (tests, `ignore_version`)."""
	doc.flags.ignore_version = False


def check_targets(doc) -> None:
	start, end = getdate(doc.from_date), getdate(doc.to_date)
	seen = set()
	for row in doc.targets:
		day = getdate(row.period_start)
		if day.day != 1 or not (start <= day <= end):
			frappe.throw(
				_("Row {0}: the month {1} must be the first day of a month of the fiscal year {2}.").format(
					row.idx, bold(frappe.format(day, "Date")), bold(doc.fiscal_year)
				),
				PlanPeriodError,
			)
		if bool(row.sales_person) == bool(row.territory):
			frappe.throw(
				_("Row {0}: name either a sales person or a territory.").format(row.idx), PlanTargetError
			)
		for field in TARGET_FIELDS:
			if (row.get(field) or 0) < 0:
				frappe.throw(
					_("Row {0}: the target {1} cannot be negative.").format(
						row.idx, _(row.meta.get_label(field))
					),
					PlanTargetError,
				)
		key = (day, row.sales_person, row.territory)
		if key in seen:
			frappe.throw(
				_("Row {0}: {1} has a second target for {2}.").format(
					row.idx, bold(row.sales_person or row.territory), bold(frappe.format(day, "Date"))
				),
				DuplicateTargetError,
			)
		seen.add(key)


def check_single_plan_in_force(doc) -> None:
	"""One plan in force per company and fiscal year: a revision amends it. Two submits at once
	wait for each other on the fiscal year's row, so the second sees the first."""
	frappe.db.get_value("Fiscal Year", doc.fiscal_year, "name", for_update=True)
	other = plan_in_force(doc.company, doc.fiscal_year, for_update=True)
	if other and other != doc.name and other != doc.amended_from:
		frappe.throw(
			_("Sales plan {0} is in force for {1} and {2}: amend it to revise the targets.").format(
				bold(other), bold(doc.company), bold(doc.fiscal_year)
			),
			PlanInForceError,
		)
