"""Weekly Sales Summaries (每周工作小结): one per sales person and week; its figures come from the
books when it is made and on every save until it is submitted (never from the form); the sales
person writes the texts. Every Friday the drafts are made for every active sales person;
Saturday 08:00 the roll-up is posted to the robot channels that listen for it."""

from __future__ import annotations

import datetime

import frappe
from frappe import _
from frappe.query_builder.functions import Sum
from frappe.utils import format_date, getdate, now_datetime, nowdate

from neiqin.escaping import bold
from neiqin.sales_plans import actuals, rules, visit_plans
from neiqin.sales_plans.exceptions import DuplicateSummaryError, SummaryWeekError

DOCTYPE = "Weekly Sales Summary"
EXPENSE_DOCTYPE = "Sales Expense Claim"  # the sales expenses module, when it is there
FIGURES = (
	"visits_planned",
	"visits_done",
	"promises_broken",
	"order_amount",
	"delivery_amount",
	"collection_amount",
	"expense_amount",
	"overdue_amount",
)


def check_week(doc) -> None:
	monday = getdate(doc.week_start)
	if not rules.is_monday(monday) or monday > getdate(nowdate()):
		frappe.throw(
			_(
				"A weekly summary is for a week that has started, beginning on a Monday; {0} is not one."
			).format(bold(format_date(monday))),
			SummaryWeekError,
		)
	doc.week_end = rules.week_end(monday)


def check_single_summary(doc) -> None:
	visit_plans.lock_sales_person(doc)
	# a locking read: it sees what a save that held the lock before committed
	other = frappe.db.get_value(
		DOCTYPE,
		{
			"sales_person": doc.sales_person,
			"week_start": doc.week_start,
			"docstatus": ("<", 2),
			"name": ("not in", [doc.name, doc.amended_from or ""]),
		},
		"name",
		for_update=True,
	)
	if other:
		frappe.throw(
			_("Sales person {0} already has weekly summary {1} for the week starting {2}.").format(
				bold(doc.sales_person), bold(other), bold(format_date(doc.week_start))
			),
			DuplicateSummaryError,
		)


def set_figures(doc) -> None:
	"""The week's figures from the books (whatever the form sent); the time only moves when a
	figure changed."""
	found = week_figures(doc.company, doc.sales_person, getdate(doc.week_start))
	before = doc.get_doc_before_save()
	changed = any(float((before or {}).get(field) or 0) != float(found[field]) for field in FIGURES)
	doc.update(found)
	if changed or not before:
		doc.figures_as_of = now_datetime()
	else:
		doc.figures_as_of = before.figures_as_of


def week_figures(company: str, sales_person: str, monday: datetime.date) -> dict:
	end = min(rules.week_end(monday), getdate(nowdate()))
	person = actuals.SALES_PERSON

	def total(rows) -> float:
		return round(sum(float(row["amount"] or 0) for row in rows if row["entity"] == sales_person), 2)

	plan = frappe.db.get_value(
		"Visit Plan", {"sales_person": sales_person, "week_start": monday}, ("planned_visits", "done_visits")
	)
	return {
		"visits_planned": (plan or (0, 0))[0] or 0,
		"visits_done": (plan or (0, 0))[1] or 0,
		"order_amount": total(actuals.sales("Sales Order", company, monday, end, person)),
		"delivery_amount": total(actuals.sales("Delivery Note", company, monday, end, person)),
		"collection_amount": total(actuals.collections(company, monday, end, person)),
		"expense_amount": expenses_claimed(company, sales_person, monday, end),
		"overdue_amount": overdue(company, sales_person, end),
		"promises_broken": frappe.db.count(
			"Collection Follow-up",
			{
				"company": company,
				"sales_person": sales_person,
				"status": rules.BROKEN,
				"promised_date": ("between", [monday, end]),
			},
		),
	}


def overdue(company: str, sales_person: str, on_date: datetime.date) -> float:
	from neiqin.sales_plans.report.collection_follow_up_board.collection_follow_up_board import (
		DEFAULT_RANGE,
		ageing_ranges,
		board_rows,
	)

	rows = board_rows(company, on_date, ageing_ranges(DEFAULT_RANGE), frappe._dict(sales_person=sales_person))
	return round(sum(row["total_due"] for row in rows), 2)


def expenses_claimed(company: str, sales_person: str, monday: datetime.date, end: datetime.date) -> float:
	"""Submitted Sales Expense Claims of the sales person in the week, when the expenses module is
	installed (0 otherwise)."""
	if not frappe.db.exists("DocType", EXPENSE_DOCTYPE):
		return 0.0
	meta = frappe.get_meta(EXPENSE_DOCTYPE)
	amount = next(
		(f for f in ("total_claimed_amount", "total_amount", "grand_total", "amount") if meta.has_field(f)),
		None,
	)
	day = next((f for f in ("posting_date", "claim_date", "expense_date", "date") if meta.has_field(f)), None)
	if not (amount and day and meta.has_field("sales_person")):
		return 0.0
	claim = frappe.qb.DocType(EXPENSE_DOCTYPE)
	query = (
		frappe.qb.from_(claim)
		.select(Sum(claim[amount]))
		.where(claim.sales_person == sales_person)
		.where(claim.docstatus == 1)
		.where(claim[day][monday:end])
	)
	if meta.has_field("company"):
		query = query.where(claim.company == company)
	return round(float(query.run()[0][0] or 0), 2)


# ----------------------------------------------------------------------------- jobs


def active_sales_persons() -> dict[str, tuple[str, str]]:
	"""{sales person: (user, company)} of the enabled sales persons whose employee is active and a user."""
	sp = frappe.qb.DocType("Sales Person")
	employee = frappe.qb.DocType("Employee")
	rows = (
		frappe.qb.from_(sp)
		.join(employee)
		.on(employee.name == sp.employee)
		.select(sp.name, employee.user_id, employee.company)
		.where(sp.enabled == 1)
		.where(sp.is_group == 0)
		.where(employee.status == "Active")
		.where(employee.user_id.isnotnull())
		.where(employee.user_id != "")
		.orderby(sp.name)
		.run()
	)
	return {name: (user, company) for name, user, company in rows}


def make_drafts(on_date: str | datetime.date | None = None) -> list[str]:
	"""Friday: a draft summary of this week for every active sales person who has none."""
	monday = rules.week_start(getdate(on_date or nowdate()))
	made = []
	for person, (_user, company) in active_sales_persons().items():
		if frappe.db.exists(DOCTYPE, {"sales_person": person, "week_start": monday, "docstatus": ("<", 2)}):
			continue
		doc = frappe.get_doc(
			{"doctype": DOCTYPE, "sales_person": person, "company": company, "week_start": monday}
		)
		doc.insert(ignore_permissions=True)
		made.append(doc.name)
	return made


def post_roll_up(on_date: str | datetime.date | None = None) -> list[str]:
	"""Saturday 08:00: the week's roll-up to the robot channels listening for it (per company)."""
	from neiqin.channels import events, publish
	from neiqin.sales_plans.report.weekly_summary_roll_up.weekly_summary_roll_up import roll_up_rows

	monday = rules.week_start(getdate(on_date or nowdate()))
	sent = []
	for company in sorted({company for _user, company in active_sales_persons().values()}):
		rows = roll_up_rows(company, monday)
		if not rows:
			continue
		submitted = [row for row in rows if row["docstatus"] == 1]
		missing = [row["sales_person"] for row in rows if row["docstatus"] != 1]
		report = frappe.get_doc("Report", "Weekly Summary Roll-up")
		report.company = company
		lines = [
			_("{0}: orders {1}, collections {2}, visits {3}/{4}").format(
				row["sales_person"],
				frappe.format(row["order_amount"], "Currency"),
				frappe.format(row["collection_amount"], "Currency"),
				row["visits_done"],
				row["visits_planned"],
			)
			for row in submitted
		]
		if missing:
			lines.append(_("Not submitted: {0}").format(", ".join(missing)))
		sent += publish.publish(
			events.WEEKLY_SUMMARY_ROLL_UP,
			report,
			week_start=monday,
			amount=sum(row["collection_amount"] or 0 for row in rows),
			text="\n".join(lines),
		)
	return sent
