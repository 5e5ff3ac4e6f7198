"""Visit Plan (lines matched with the visits logged) and Weekly Sales Summary (figures from the
books until submitted, drafts on Friday, the roll-up on Saturday)."""

import frappe
import pytest
from frappe.desk.query_report import run
from frappe.utils import add_days, getdate, nowdate

from neiqin.sales_plans import rules, summaries
from neiqin.sales_plans.exceptions import (
	DuplicateSummaryError,
	DuplicateVisitPlanError,
	NotYourSalesPersonError,
	SummaryWeekError,
	VisitPlanWeekError,
)
from tests.integration import factories, plans_support


@pytest.fixture
def users(base):
	return plans_support.ensure_plan_users()


@pytest.fixture
def person(users):
	return plans_support.ensure_sales_person_of(users.sales)


def monday():
	return rules.week_start(getdate(nowdate()))


def make_visit_plan(person: str, as_user: str, lines: list[dict], week_start=None):
	with factories.as_user(as_user):
		return frappe.get_doc(
			{
				"doctype": "Visit Plan",
				"sales_person": person,
				"week_start": week_start or monday(),
				"lines": lines,
			}
		).insert()


def make_summary(person: str, as_user: str, week_start=None, **values):
	with factories.as_user(as_user):
		return frappe.get_doc(
			{
				"doctype": "Weekly Sales Summary",
				"sales_person": person,
				"company": factories.COMPANY,
				"week_start": week_start or monday(),
				**values,
			}
		).insert()


def test_visit_plan_lines_are_done_by_the_visits_logged_that_week(base, users, person):
	today = getdate(nowdate())
	plan = make_visit_plan(
		person,
		users.sales,
		[
			{"customer": base.customer, "planned_date": today, "purpose": "order"},
			{"customer": base.customer_b, "planned_date": monday()},
		],
	)
	assert (plan.planned_visits, plan.done_visits) == (2, 0)
	with factories.as_user(users.sales):
		log = factories.make_visit_log(base.customer, visited_by=users.sales)
	plan.reload()
	assert [row.done for row in plan.lines] == [1, 0]
	assert plan.lines[0].visit_log == log.name and plan.done_visits == 1
	result = run(
		"Plan Attainment",
		filters={"company": base.company, "fiscal_year": plans_support.fiscal_year()},
		ignore_prepared_report=True,
	)
	row = next(
		r
		for r in result["result"]
		if r["sales_person"] == person and r["period"] == f"{today.year}-{today.month:02d}"
	)
	if monday().month == today.month:
		assert (row["visits_planned"], row["visits_done"], row["plan_completion"]) == (2, 1, 50)
	log.delete()
	plan.reload()
	assert [row.done for row in plan.lines] == [0, 0] and plan.done_visits == 0


@pytest.mark.parametrize(
	"week, planned, error, message",
	[
		(1, 0, VisitPlanWeekError, "start on a Monday"),
		(0, 7, VisitPlanWeekError, "outside the week"),
		(0, -1, VisitPlanWeekError, "outside the week"),
	],
)
def test_a_visit_plan_is_for_one_week_from_a_monday(base, users, person, week, planned, error, message):
	start = add_days(monday(), week)
	with pytest.raises(error, match=message):
		make_visit_plan(
			person,
			users.sales,
			[{"customer": base.customer, "planned_date": add_days(monday(), planned)}],
			start,
		)


def test_one_visit_plan_per_sales_person_and_week_and_only_his_own(base, users, person):
	line = [{"customer": base.customer, "planned_date": monday()}]
	make_visit_plan(person, users.sales, line)
	with pytest.raises(DuplicateVisitPlanError):
		make_visit_plan(person, users.clerk, line)
	with pytest.raises(NotYourSalesPersonError):
		make_visit_plan(person, users.sales_b, line, add_days(monday(), -7))


def test_summary_figures_come_from_the_books_until_it_is_submitted(base, users, person):
	so = factories.make_sales_order(
		items=[{"item_code": base.widget, "qty": 2, "rate": 100}],
		sales_team=[{"sales_person": person, "allocated_percentage": 100}],
	)
	summary = make_summary(
		person, users.sales, order_amount=99999, collection_amount=5, market_information="prices up"
	)
	assert summary.order_amount == 200 and summary.collection_amount == 0
	assert summary.expense_amount == 0 or frappe.db.exists("DocType", summaries.EXPENSE_DOCTYPE)
	factories.make_sales_order(
		items=[{"item_code": base.widget, "qty": 1, "rate": 100}],
		sales_team=[{"sales_person": person, "allocated_percentage": 100}],
	)
	with factories.as_user(users.sales):
		summary.reload()
		summary.problems = "late deliveries"
		summary.order_amount = 1
		summary.save()
		assert summary.order_amount == 300
	factories.review_as(users.manager, summary, comment="follow the late deliveries up")
	with factories.as_user(users.sales):
		summary.reload()
		summary.submit()
	assert so.name
	factories.make_sales_order(
		items=[{"item_code": base.widget, "qty": 1, "rate": 100}],
		sales_team=[{"sales_person": person, "allocated_percentage": 100}],
	)
	with factories.as_user(users.sales), pytest.raises(frappe.UpdateAfterSubmitError):
		summary.reload()
		summary.order_amount = 400
		summary.save()
	assert frappe.db.get_value("Weekly Sales Summary", summary.name, "order_amount") == 300


def test_one_summary_per_sales_person_and_week_and_only_his_own(users, person):
	make_summary(person, users.sales)
	with pytest.raises(DuplicateSummaryError):
		make_summary(person, users.clerk)
	with pytest.raises(NotYourSalesPersonError):
		make_summary(person, users.sales_b, add_days(monday(), -7))
	with pytest.raises(SummaryWeekError):
		make_summary(person, users.sales, add_days(monday(), 1))
	with pytest.raises(SummaryWeekError):
		make_summary(person, users.sales, add_days(monday(), 7))


def test_friday_drafts_and_saturday_roll_up(base, users, person):
	other = plans_support.ensure_sales_person_of(users.sales_b)
	from neiqin.sales_plans.cards import summaries_missing

	missing_before = summaries_missing()["value"]
	made = summaries.make_drafts()
	mine = frappe.db.get_value("Weekly Sales Summary", {"sales_person": person, "week_start": monday()})
	assert mine in made
	assert (
		frappe.db.get_value("Weekly Sales Summary", {"sales_person": other, "week_start": monday()}) in made
	)
	assert not set(summaries.make_drafts()) & set(made)  # once a week
	from neiqin.dual_review.exceptions import ReviewRequiredError

	with factories.as_user(users.sales):
		doc = frappe.get_doc("Weekly Sales Summary", mine)
		doc.market_information = "<b>new competitor</b>"
		doc.save()
		with pytest.raises(ReviewRequiredError):
			doc.submit()
	# the manager's comment is his review with comment
	factories.review_as(users.manager, doc, comment="visit the new competitor's dealers")
	with factories.as_user(users.sales):
		doc.reload()
		doc.submit()
	assert summaries_missing()["value"] == missing_before - 1
	frappe.set_user(users.clerk)
	result = run(
		"Weekly Summary Roll-up",
		filters={"company": base.company, "week_start": monday()},
		ignore_prepared_report=True,
	)
	frappe.set_user("Administrator")
	rows = {row["sales_person"]: row for row in result["result"]}
	assert (
		rows[person]["state"] == "Submitted" and rows[person]["market_information"] == "<b>new competitor</b>"
	)
	assert rows[other]["state"] == "Draft"
	channel = factories.make_notification_channel(
		"WeCom Robot", "http://127.0.0.1:18399/plans", events=["Weekly Summary Roll-up"]
	)
	sent = summaries.post_roll_up()
	messages = [frappe.get_doc("Channel Message", name) for name in sent]
	assert {message.notification_channel for message in messages} == {channel.name}
	# one message per company: the test company's names who has not submitted yet
	assert any(other in m.message and "Not submitted" in m.message for m in messages)
	assert any(f"{person}: " in m.message for m in messages if other in m.message)  # his figures
