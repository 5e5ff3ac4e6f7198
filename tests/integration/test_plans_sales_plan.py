"""Sales Plan: the shipped approval, the targets' rules, one plan in force, revisions by
amendment with the versions showing who changed which target, and Plan Attainment."""

import json

import frappe
import pytest
from frappe.desk.query_report import run
from frappe.utils import nowdate

from neiqin.dual_review.exceptions import ReviewRequiredError
from neiqin.sales_plans import setup
from neiqin.sales_plans.exceptions import (
	DuplicateTargetError,
	PlanInForceError,
	PlanPeriodError,
	PlanTargetError,
	PlanWriterError,
)
from neiqin.sales_plans.plans import plan_in_force
from tests.integration import factories, plans_support
from tests.integration.plans_support import make_plan, month, target


@pytest.fixture
def users(base):
	return plans_support.ensure_plan_users()


@pytest.fixture
def person(users):
	return plans_support.ensure_sales_person_of(users.sales)


def test_install_created_the_manager_rule_and_migrate_keeps_it():
	rule = frappe.get_doc("Review Rule", {"document_type": "Sales Plan", "title": setup.PLAN_RULE_TITLE})
	assert rule.enabled == 1
	assert [row.role for row in rule.reviewer_roles] == ["Sales Manager"]
	assert setup.create_plan_rule() == rule.name
	assert frappe.db.count("Review Rule", {"document_type": "Sales Plan"}) == 1
	assert factories.zh(rule.title) == "销售计划：经理批准"


def test_a_plan_is_in_force_only_after_a_sales_manager_approved(users, person):
	plan = make_plan([target(0, person, order_amount=1000)], users.clerk)
	with factories.as_user(users.clerk), pytest.raises(ReviewRequiredError):
		plan.submit()
	assert frappe.db.get_value("Sales Plan", plan.name, "docstatus") == 0
	assert plan_in_force(factories.COMPANY, plans_support.fiscal_year()) != plan.name
	factories.review_as(users.manager, plan)
	with factories.as_user(users.clerk):
		plan.reload()
		plan.submit()
	assert plan_in_force(factories.COMPANY, plans_support.fiscal_year()) == plan.name


@pytest.mark.parametrize(
	"line, error, message",
	[
		({"period_start": "day2"}, PlanPeriodError, "first day of a month"),
		({"period_start": "outside"}, PlanPeriodError, "first day of a month"),
		({"territory": factories.TERRITORY}, PlanTargetError, "either a sales person or a territory"),
		({"sales_person": None}, PlanTargetError, "either a sales person or a territory"),
		({"order_amount": -1}, PlanTargetError, "cannot be negative"),
		({"collection_amount": -5}, PlanTargetError, "cannot be negative"),
	],
)
def test_bad_targets_are_refused_and_nothing_saved(users, person, line, error, message):
	row = target(0, person, order_amount=100)
	if line.get("period_start") == "day2":
		line = {"period_start": frappe.utils.add_days(month(0), 1)}
	elif line.get("period_start") == "outside":
		start = frappe.db.get_value("Fiscal Year", plans_support.fiscal_year(), "year_start_date")
		line = {"period_start": frappe.utils.add_months(start, -1)}
	row.update(line)
	before = frappe.db.count("Sales Plan")
	with pytest.raises(error, match=message):
		make_plan([row], users.clerk)
	assert frappe.db.count("Sales Plan") == before


def test_a_second_target_for_the_same_month_and_person_is_refused(users, person):
	with pytest.raises(DuplicateTargetError, match="second target"):
		make_plan([target(0, person, order_amount=1), target(0, person, order_amount=2)], users.clerk)


def test_only_sales_manager_and_sales_admin_write_plans_whatever_rights_a_role_got(users, person):
	with factories.as_user(users.sales), pytest.raises(frappe.PermissionError):
		frappe.get_doc(
			{
				"doctype": "Sales Plan",
				"title": "mine",
				"company": factories.COMPANY,
				"fiscal_year": plans_support.fiscal_year(),
				"targets": [target(0, person, order_amount=1)],
			}
		).insert()
	# a manager who configures gave Sales User the right: the plan itself still refuses
	with factories.as_user(users.sales), pytest.raises(PlanWriterError):
		frappe.get_doc(
			{
				"doctype": "Sales Plan",
				"title": "mine",
				"company": factories.COMPANY,
				"fiscal_year": plans_support.fiscal_year(),
				"targets": [target(0, person, order_amount=1)],
			}
		).insert(ignore_permissions=True)


def test_a_revision_is_an_amendment_and_the_latest_submitted_plan_is_in_force(users, person):
	first = make_plan(
		[target(0, person, order_amount=1000)], users.clerk, submit=True, approver=users.manager
	)
	with pytest.raises(PlanInForceError, match="amend it"):
		make_plan([target(0, person, order_amount=5)], users.clerk, submit=True, approver=users.manager)
	with factories.as_user(users.clerk):
		first.reload()
		first.cancel()
		revision = frappe.copy_doc(first)
		revision.docstatus = 0
		revision.amended_from = first.name
		revision.targets[0].order_amount = 1500
		revision.insert()
	factories.review_as(users.manager, revision)
	with factories.as_user(users.clerk):
		revision.reload()
		revision.submit()
	assert plan_in_force(factories.COMPANY, plans_support.fiscal_year()) == revision.name
	from neiqin.dual_review.exceptions import ChangeAfterSubmitError

	with (
		factories.as_user(users.clerk),
		pytest.raises((frappe.UpdateAfterSubmitError, ChangeAfterSubmitError)),
	):
		revision.reload()
		revision.targets[0].order_amount = 99
		revision.save()
	assert frappe.db.get_value("Sales Plan Target", {"parent": revision.name}, "order_amount") == 1500


def test_the_versions_show_who_changed_which_target(users, person):
	plan = make_plan([target(0, person, order_amount=1000, collection_amount=800)], users.clerk)
	with factories.as_user(users.manager):
		plan.reload()
		plan.targets[0].collection_amount = 900
		plan.save()
	versions = frappe.get_all(
		"Version", filters={"ref_doctype": "Sales Plan", "docname": plan.name}, fields=["owner", "data"]
	)
	changed = [
		(version.owner, change)
		for version in versions
		for change in json.loads(version.data).get("row_changed", [])
	]
	assert changed, versions
	owner, (table, _idx, _name, fields) = changed[0]
	assert owner == users.manager
	assert table == "targets"
	assert [field[0] for field in fields] == ["collection_amount"]
	assert "800" in str(fields[0][1]) and "900" in str(fields[0][2])


def test_plan_attainment_against_the_books(base, users, person):
	"""Orders by the sales person's share, deliveries, collections by posting date, visits; the
	months to come show their target only."""
	other = factories.make_sales_person()
	targets = [
		target(0, person, order_amount=1000, delivery_amount=400, collection_amount=500, visit_count=4)
	]
	if plans_support.in_fiscal_year(1):
		targets.append(target(1, person, order_amount=2000, collection_amount=700))
	make_plan(targets, users.clerk, submit=True, approver=users.manager)
	so = factories.make_sales_order(
		items=[{"item_code": base.widget, "qty": 10, "rate": 100}],
		sales_team=[
			{"sales_person": person, "allocated_percentage": 60},
			{"sales_person": other.name, "allocated_percentage": 40},
		],
	)
	dn = factories.make_delivery_note(so, qty={base.widget: 5})
	si = factories.make_sales_invoice(dn)
	factories.make_payment_entry(si, amount=250)
	factories.make_visit_log(base.customer, visited_by=users.sales)
	factories.make_visit_log(base.customer_b, visited_by=users.sales)
	frappe.set_user(users.manager)
	result = run(
		"Plan Attainment",
		filters={
			"company": base.company,
			"fiscal_year": plans_support.fiscal_year(),
			"periodicity": "Monthly",
		},
		ignore_prepared_report=True,
	)
	rows = {(row["period"], row["sales_person"]): row for row in result["result"]}
	this = rows[(f"{month(0).year}-{month(0).month:02d}", person)]
	assert this["order_target"] == 1000
	assert this["order_actual"] == pytest.approx(600)  # 60 % of 1,000
	assert this["order_attainment"] == pytest.approx(60)
	assert this["delivery_actual"] == pytest.approx(300)  # 60 % of 500
	assert this["collection_actual"] == pytest.approx(150)  # 60 % of the 250 received
	assert this["collection_attainment"] == pytest.approx(30)
	assert this["visit_actual"] == 2
	assert this["visit_attainment"] == pytest.approx(50)
	assert this["rank"] == 1
	other_row = rows[(f"{month(0).year}-{month(0).month:02d}", other.name)]
	assert other_row["order_actual"] == pytest.approx(400)
	assert other_row["order_target"] == 0 and other_row["rank"] is None
	if plans_support.in_fiscal_year(1):
		coming = rows[(f"{month(1).year}-{month(1).month:02d}", person)]
		assert coming["order_target"] == 2000
		assert coming["order_actual"] is None and coming["collection_actual"] is None
	assert result["chart"]["data"]["labels"]
	assert today_is_in(result)


def today_is_in(result) -> bool:
	return bool(nowdate()) and bool(result["columns"])
