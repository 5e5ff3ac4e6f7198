"""Plans and follow-up as the insider goes around them, over REST with the user's own token:
targets written only by Sales Manager and Sales Admin, a submitted plan changed only by
amendment; figures of a follow-up or a summary never typed; a follow-up not edited after its
promised date; a sales person sees only his own follow-ups, plans and summaries, a manager only
his territories (User Permissions)."""

import json

import frappe
import pytest
from frappe.desk.query_report import run
from frappe.utils import add_days, nowdate

from neiqin.sales_plans import followups, rules
from tests.integration import factories, plans_support, rest
from tests.integration.factories import as_user
from tests.integration.plans_support import make_invoice, make_plan, pass_days, target

PLANS = "/api/resource/Sales Plan"
FOLLOW_UPS = "/api/resource/Collection Follow-up"
SUMMARIES = "/api/resource/Weekly Sales Summary"


@pytest.fixture(scope="module")
def users(base):
	return plans_support.ensure_plan_users()


@pytest.fixture(scope="module")
def person(users):
	return plans_support.ensure_sales_person_of(users.sales)


@pytest.fixture(scope="module")
def person_b(users):
	return plans_support.ensure_sales_person_of(users.sales_b)


def plan_body(person: str, amount: float = 1000) -> dict:
	return {
		"title": "_NQ abuse plan",
		"company": factories.COMPANY,
		"fiscal_year": plans_support.fiscal_year(),
		"targets": [target(0, person, order_amount=amount) | {"period_start": str(plans_support.month(0))}],
	}


def targets_of(name: str) -> list:
	return frappe.get_all("Sales Plan Target", filters={"parent": name}, pluck="order_amount", order_by="idx")


def test_a_sales_user_cannot_write_targets_over_rest(users, person, committed):
	before = frappe.db.count("Sales Plan")
	response = rest.call("POST", PLANS, user=users.sales, json=plan_body(person, 1))
	assert response.status_code == 403, response.text
	assert frappe.db.count("Sales Plan") == before
	plan = committed.add(make_plan([target(0, person, order_amount=1000)], users.clerk))
	body = {"targets": [{"name": plan.targets[0].name, "order_amount": 5}]}
	response = rest.call("PUT", f"{PLANS}/{plan.name}", user=users.sales, json=body)
	assert response.status_code == 403, response.text
	assert targets_of(plan.name) == [1000]


def test_a_submitted_plan_changes_only_by_amendment_even_for_its_writers(users, person, committed):
	plan = committed.add(
		make_plan([target(0, person, order_amount=1000)], users.clerk, submit=True, approver=users.manager)
	)
	frappe.db.commit()
	for who in (users.clerk, users.manager):
		body = {"targets": [{"name": plan.targets[0].name, "order_amount": 1}]}
		response = rest.call("PUT", f"{PLANS}/{plan.name}", user=who, json=body)
		assert response.status_code >= 400, response.text
	assert targets_of(plan.name) == [1000]
	# a second plan beside the one in force is refused too: the revision is an amendment
	response = rest.call("POST", PLANS, user=users.clerk, json=plan_body(person, 1) | {"docstatus": 1})
	assert response.status_code >= 400
	assert (
		frappe.db.count(
			"Sales Plan",
			{"docstatus": 1, "company": factories.COMPANY, "fiscal_year": plans_support.fiscal_year()},
		)
		== 1
	)


def test_typed_figures_of_a_follow_up_are_replaced_by_the_ledgers(users, base, committed):
	customer = committed.add(factories.make_customer()).name
	committed.add(make_invoice(customer, 800, days_ago=40))
	body = {
		"customer": customer,
		"company": base.company,
		"followed_up_by": users.sales,
		"followed_up_on": nowdate(),
		"channel": "Phone",
		"outstanding_amount": 1,
		"paid_since": 999,
		"status": "Promise Kept",
		"promised_amount": 500,
		"promised_date": add_days(nowdate(), 2),
	}
	response = rest.call("POST", FOLLOW_UPS, user=users.sales, json=body)
	assert response.status_code == 200, response.text
	name = committed.add("Collection Follow-up", response.json["data"]["name"])
	stored = frappe.db.get_value(
		"Collection Follow-up", name, ("outstanding_amount", "paid_since", "status"), as_dict=True
	)
	assert (stored.outstanding_amount, stored.paid_since, stored.status) == (800, 0, "Open")
	response = rest.call(
		"PUT",
		f"{FOLLOW_UPS}/{name}",
		user=users.sales,
		json={"status": "Promise Kept", "outstanding_amount": 0},
	)
	stored = frappe.db.get_value("Collection Follow-up", name, ("outstanding_amount", "status"), as_dict=True)
	assert (stored.outstanding_amount, stored.status) == (800, "Open")


def test_a_broken_promise_cannot_be_made_to_look_kept(users, base, committed):
	customer = committed.add(factories.make_customer()).name
	committed.add(make_invoice(customer, 800, days_ago=40))
	with as_user(users.sales):
		follow_up = plans_support.make_follow_up(
			customer, users.sales, promised_amount=500, promised_date=nowdate()
		)
	committed.add(follow_up)
	pass_days(follow_up, 3)
	followups.refresh_statuses()
	frappe.db.commit()
	assert frappe.db.get_value("Collection Follow-up", follow_up.name, "status") == rules.BROKEN
	for change in (
		{"promised_amount": 0.01},
		{"promised_date": add_days(nowdate(), 3)},
		{"followed_up_on": add_days(nowdate(), -30)},
		{"outcome": "customer paid in cash"},
	):
		response = rest.call("PUT", f"{FOLLOW_UPS}/{follow_up.name}", user=users.sales, json=change)
		assert response.status_code == 417, response.text
		assert "FollowUpLockedError" in response.exception
	# the manager cannot either
	response = rest.call(
		"PUT", f"{FOLLOW_UPS}/{follow_up.name}", user=users.manager, json={"promised_amount": 1}
	)
	assert response.status_code == 417
	stored = frappe.db.get_value(
		"Collection Follow-up", follow_up.name, ("status", "promised_amount"), as_dict=True
	)
	assert (stored.status, stored.promised_amount) == (rules.BROKEN, 500)


def test_a_back_dated_follow_up_with_a_past_promise_is_refused(users, base, committed):
	customer = committed.add(factories.make_customer()).name
	invoice = committed.add(make_invoice(customer, 800, days_ago=40))
	committed.add(factories.make_payment_entry(invoice, amount=500, posting_date=add_days(nowdate(), -20)))
	before = frappe.db.count("Collection Follow-up")
	for dates in (
		{"followed_up_on": add_days(nowdate(), -25), "promised_date": add_days(nowdate(), -15)},
		{"followed_up_on": nowdate(), "promised_date": add_days(nowdate(), -1)},
	):
		body = {
			"customer": customer,
			"company": base.company,
			"followed_up_by": users.sales,
			"promised_amount": 500,
		}
		response = rest.call("POST", FOLLOW_UPS, user=users.sales, json=body | dates)
		assert response.status_code == 417, response.text
		assert "FollowUpDateError" in response.exception
	assert frappe.db.count("Collection Follow-up") == before


def test_a_sales_user_cannot_record_a_follow_up_in_a_colleagues_name(users, base):
	body = {"customer": base.customer, "company": base.company, "followed_up_by": users.sales_b}
	response = rest.call("POST", FOLLOW_UPS, user=users.sales, json=body)
	assert response.status_code == 403, response.text
	assert "FollowUpOwnerError" in response.exception


def test_typed_figures_of_a_summary_are_replaced_by_the_books(users, base, person, committed):
	monday = rules.week_start(frappe.utils.getdate(nowdate()))
	committed.add(
		factories.make_sales_order(
			items=[{"item_code": base.widget, "qty": 2, "rate": 100}],
			sales_team=[{"sales_person": person, "allocated_percentage": 100}],
		)
	)
	body = {
		"sales_person": person,
		"company": base.company,
		"week_start": str(monday),
		"order_amount": 99999,
		"collection_amount": 99999,
		"visits_done": 40,
		"promises_broken": 0,
	}
	response = rest.call("POST", SUMMARIES, user=users.sales, json=body)
	assert response.status_code == 200, response.text
	name = committed.add("Weekly Sales Summary", response.json["data"]["name"])
	response = rest.call(
		"PUT", f"{SUMMARIES}/{name}", user=users.sales, json={"order_amount": 5, "docstatus": 1}
	)
	stored = frappe.db.get_value(
		"Weekly Sales Summary", name, ("order_amount", "collection_amount", "visits_done"), as_dict=True
	)
	assert (stored.order_amount, stored.collection_amount, stored.visits_done) == (200, 0, 0)
	# a colleague cannot write it for him
	response = rest.call(
		"POST", SUMMARIES, user=users.sales_b, json=body | {"week_start": str(add_days(monday, -7))}
	)
	assert response.status_code == 403, response.text


def restrict_to(user: str, allow: str, value: str, committed) -> None:
	committed.add(
		frappe.get_doc(
			{"doctype": "User Permission", "user": user, "allow": allow, "for_value": value}
		).insert(ignore_permissions=True)
	)
	frappe.clear_cache(user=user)


def test_a_sales_person_sees_only_his_own_follow_ups_and_summaries(users, base, person, person_b, committed):
	customer = committed.add(factories.make_customer()).name
	committed.add(make_invoice(customer, 800, days_ago=40))
	mine = committed.add(plans_support.make_follow_up(customer, users.sales, sales_person=person))
	theirs = committed.add(plans_support.make_follow_up(customer, users.sales_b, sales_person=person_b))
	restrict_to(users.sales, "Sales Person", person, committed)
	frappe.db.commit()
	try:
		response = rest.call("GET", f"{FOLLOW_UPS}/{theirs.name}", user=users.sales)
		assert response.status_code == 403, response.text
		response = rest.call("GET", f"{FOLLOW_UPS}/{mine.name}", user=users.sales)
		assert response.status_code == 200, response.text
		listed = rest.call(
			"GET", f"{FOLLOW_UPS}?filters={json.dumps([['customer', '=', customer]])}", user=users.sales
		)
		assert [row["name"] for row in listed.json["data"]] == [mine.name]
		frappe.set_user(users.sales)
		board = run(
			"Collection Follow-up Board",
			filters={"company": base.company, "report_date": nowdate()},
			ignore_prepared_report=True,
		)
		# rows of no sales person pass as frappe passes an empty link (unless strict permissions)
		assert {row["sales_person"] for row in board["result"]} - {None} <= {person}
	finally:
		frappe.set_user("Administrator")
		frappe.clear_cache(user=users.sales)


def test_a_manager_sees_only_his_territories_in_plan_attainment(users, base, person, committed):
	mine = committed.add(factories.make_territory())
	other = committed.add(factories.make_territory())
	plan = make_plan(
		[target(0, territory=mine.name, order_amount=100), target(0, territory=other.name, order_amount=200)],
		users.clerk,
		submit=True,
		approver=users.manager,
	)
	committed.add(plan)
	restrict_to(users.manager, "Territory", mine.name, committed)
	try:
		frappe.set_user(users.manager)
		result = run(
			"Plan Attainment",
			filters={
				"company": base.company,
				"fiscal_year": plans_support.fiscal_year(),
				"based_on": "Territory",
			},
			ignore_prepared_report=True,
		)
		shown = {row["territory"] for row in result["result"]}
		assert mine.name in shown and other.name not in shown
	finally:
		frappe.set_user("Administrator")
		frappe.clear_cache(user=users.manager)


def test_two_summaries_or_visit_plans_sent_at_once_make_one(users, base, person, committed):
	"""Six requests at once, each with its own connection: one summary and one visit plan of the
	sales person for the week, the others refused."""
	from tests.integration.test_review_concurrency import send_concurrently

	week = str(add_days(rules.week_start(frappe.utils.getdate(nowdate())), -21))
	summary = {"sales_person": person, "company": base.company, "week_start": week}
	plan = {
		"sales_person": person,
		"week_start": week,
		"lines": [{"customer": base.customer, "planned_date": week}],
	}
	calls = [(users.sales, "POST", SUMMARIES, summary)] * 3 + [
		(users.sales, "POST", "/api/resource/Visit Plan", plan)
	] * 3
	responses = send_concurrently(calls, workers=6)
	for doctype in ("Weekly Sales Summary", "Visit Plan"):
		for name in frappe.get_all(
			doctype, filters={"sales_person": person, "week_start": week}, pluck="name"
		):
			committed.add(doctype, name)
	assert sorted(r.status_code for r in responses[:3]) == [200, 417, 417], [
		r.text[:200] for r in responses[:3]
	]
	assert sorted(r.status_code for r in responses[3:]) == [200, 417, 417], [
		r.text[:200] for r in responses[3:]
	]
	assert frappe.db.count("Weekly Sales Summary", {"sales_person": person, "week_start": week}) == 1
	assert frappe.db.count("Visit Plan", {"sales_person": person, "week_start": week}) == 1


def test_a_sales_person_sees_his_own_targets_and_not_the_company_plan(
	users, base, person, person_b, committed
):
	plan = committed.add(
		make_plan(
			[target(0, person, order_amount=100), target(0, person_b, order_amount=900)],
			users.clerk,
			submit=True,
			approver=users.manager,
		)
	)
	restrict_to(users.sales, "Sales Person", person, committed)
	frappe.db.commit()
	try:
		response = rest.call("GET", f"{PLANS}/{plan.name}", user=users.sales)
		assert response.status_code == 403, response.text  # it names a colleague's targets
		frappe.set_user(users.sales)
		result = run(
			"Plan Attainment",
			filters={"company": base.company, "fiscal_year": plans_support.fiscal_year()},
			ignore_prepared_report=True,
		)
		assert {row["sales_person"] for row in result["result"]} == {person}
	finally:
		frappe.set_user("Administrator")
		frappe.clear_cache(user=users.sales)
