"""What the desk shows, through the same server paths the browser uses.

Reports are run through `frappe.desk.query_report.run` (not `execute`): frappe refuses the
whole result there to a user who can neither read nor select a doctype one of its Link
columns points to, so a report must only link to what its roles can see.
"""

import frappe
import pytest
from frappe.desk.query_report import run

from tests.integration import factories
from tests.integration.factories import make_review_rule

CHART_SOURCE = "neiqin.neiqin.dashboard_chart_source.contract_fulfilment_status.contract_fulfilment_status"


@pytest.fixture(scope="module")
def users(base):
	return factories.ensure_review_setup()


def run_as(user, report, filters=None):
	frappe.set_user(user)
	try:
		return run(report, filters=filters or {}, ignore_prepared_report=True)
	finally:
		frappe.set_user("Administrator")


def test_review_reports_open_for_a_reviewer_with_no_other_role(users):
	"""A plain Sales Reviewer reads neither DocType nor Currency: the reports link to neither."""
	assert frappe.get_roles(users.reviewer) and "Sales User" not in frappe.get_roles(users.reviewer)
	rule = make_review_rule("Delivery Note", title="Desk check")
	so = factories.make_sales_order(items=[{"item_code": "_NQ Widget", "qty": 4}])
	frappe.set_user(users.clerk)
	dn = factories.make_delivery_note(so, submit=False)
	frappe.set_user("Administrator")

	awaiting = run_as(users.reviewer, "Awaiting My Review")
	assert ("Delivery Note", dn.name) in {
		(row["document_type"], row["document"]) for row in awaiting["result"]
	}

	factories.review_as(users.reviewer, dn, review_rule=rule.name)
	trail = run_as(users.reviewer, "Review Audit Trail", {"document": dn.name})
	assert {(row["reference_doctype"], row["reviewer"]) for row in trail["result"]} == {
		("Delivery Note", users.reviewer)
	}


def test_material_ledger_opens_for_a_sales_manager(base):
	"""The ledger's UOM column links to UOM, which set-up lets the report roles select."""
	manager = factories.ensure_user("nq-ui-manager@example.com", ["Sales Manager"])
	log = factories.make_material_log(kind="Brochure", submit=True)
	result = run_as(
		manager,
		"Sales Material Ledger",
		{"company": factories.COMPANY, "from_date": log.dispatch_date, "to_date": log.dispatch_date},
	)
	assert log.name in {row.get("sales_material_log") for row in result["result"]}


def test_fulfilment_status_chart_counts_by_status_in_the_users_language(base):
	get = frappe.get_attr(f"{CHART_SOURCE}.get")
	before = dict(zip(*_chart(get), strict=True))
	factories.make_sales_order()  # a new contract: Not Started
	after = dict(zip(*_chart(get), strict=True))
	assert after["Not Started"] == before.get("Not Started", 0) + 1
	assert sum(after.values()) == frappe.db.count("Contract Fulfilment")

	frappe.local.lang = "zh"
	labels = _chart(get)[0]
	assert "未开始" in labels and "Not Started" not in labels


def test_fulfilment_status_chart_needs_read_permission(base):
	get = frappe.get_attr(f"{CHART_SOURCE}.get")
	outsider = factories.ensure_user("nq-ui-outsider@example.com", ["Supplier"])
	frappe.set_user(outsider)
	with pytest.raises(frappe.PermissionError):
		get(chart_name="Contract Fulfilment Status")


def _chart(get):
	data = get(chart_name="Contract Fulfilment Status")
	return data["labels"], data["datasets"][0]["values"]


def test_fulfilment_status_chart_keeps_each_status_in_its_place_and_colour(base):
	"""Slices come in the doctype's status order whatever the counts, so the chart's fixed
	colours (its custom_options) always mean the same status."""
	from neiqin.neiqin.dashboard_chart_source.contract_fulfilment_status import contract_fulfilment_status

	get = frappe.get_attr(f"{CHART_SOURCE}.get")
	options = frappe.get_meta("Contract Fulfilment").get_field("fulfilment_status").options.split("\n")
	first = _chart(get)[0]
	factories.make_sales_order()
	assert _chart(get)[0] == first == [status for status in options if status]
	chart = frappe.get_doc("Dashboard Chart", "Contract Fulfilment Status")
	assert frappe.parse_json(chart.custom_options)["colors"] == contract_fulfilment_status.chart_colours()


def test_report_charts_read_at_every_range(base):
	"""Day series are labelled short and thinned by the chart (xIsSeries), counts get whole
	ticks: the report scripts re-apply `neiqin_axis` after frappe's own axis options."""
	from frappe.desk.query_report import run
	from frappe.utils import add_days, nowdate

	for days in (7, 31, 92):
		chart = run(
			"Daily Sales Statistics",
			filters={
				"company": base.company,
				"from_date": add_days(nowdate(), 1 - days),
				"to_date": nowdate(),
			},
		)["chart"]
		labels = chart["data"]["labels"]
		assert len(labels) == days and all(len(label) == 5 for label in labels)
		assert chart["neiqin_axis"] == {"xIsSeries": 1}
		assert len(chart["colors"]) == len(chart["data"]["datasets"]) == 4
	factories.make_material_log(submit=True)
	register = run(
		"Material Dispatch Register",
		filters={"company": base.company, "from_date": add_days(nowdate(), -30), "to_date": nowdate()},
	)
	assert register["chart"]["neiqin_axis"] == {"integer": 1}
