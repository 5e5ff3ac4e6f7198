"""Samples and promotional items are issued only after a Sales Manager approved them
(经城市经理签字确认后方可发放): the rule install creates, the dual review gate, the log's status."""

import frappe
import pytest

from neiqin.dual_review import api as review_api
from neiqin.dual_review.exceptions import ReviewNotAllowedError, ReviewRequiredError
from neiqin.sales_materials import setup
from neiqin.sales_materials.report.sales_material_ledger import sales_material_ledger
from tests.integration import factories, rest

REQUESTER = "nq-mat-review-requester@example.com"
CLERK = "nq-mat-review-clerk@example.com"
MANAGER = "nq-mat-review-manager@example.com"
COLLEAGUE = "nq-mat-review-colleague@example.com"


@pytest.fixture(scope="module")
def users(base):
	return frappe._dict(
		requester=factories.ensure_user(REQUESTER, ["Sales User"]),
		clerk=factories.ensure_user(CLERK, ["Sales Admin"]),
		manager=factories.ensure_user(MANAGER, ["Sales Manager"], first_name="Manager Zhou"),
		colleague=factories.ensure_user(COLLEAGUE, ["Sales User"]),
	)


def request(kind: str, user: str, **values):
	"""A log requested (saved) by `user`, who therefore owns it."""
	frappe.set_user(user)
	log = factories.make_material_log(kind, **values)
	frappe.set_user("Administrator")
	return log


def approve(log, user: str) -> dict:
	frappe.set_user(user)
	try:
		return review_api.review("Sales Material Log", log.name, "Approved", comment="OK to send")
	finally:
		frappe.set_user("Administrator")


def dispatch(log, user: str):
	frappe.set_user(user)
	try:
		doc = frappe.get_doc("Sales Material Log", log.name)
		doc.submit()
		return doc
	finally:
		frappe.set_user("Administrator")


def test_install_creates_the_enabled_approval_rule():
	rule = frappe.get_doc("Review Rule", setup.create_approval_rule())
	assert (rule.document_type, rule.enabled, rule.min_reviewers) == ("Sales Material Log", 1, 1)
	# the ticked kinds in the order of the settings form (`rules.KINDS`)
	assert rule.condition == 'doc.kind in ["Sample", "Gift", "Promotional Item"] or doc.needs_approval'
	assert [row.role for row in rule.reviewer_roles] == ["Sales Manager"]
	setup.setup()
	setup.setup()
	assert frappe.db.count("Review Rule", {"document_type": "Sales Material Log"}) == 1


def test_the_rule_is_not_recreated_after_an_admin_disabled_it():
	name = setup.create_approval_rule()
	frappe.db.set_value("Review Rule", name, "enabled", 0)
	assert setup.create_approval_rule() == name
	assert frappe.db.get_value("Review Rule", name, "enabled") == 0


@pytest.mark.parametrize("kind", ["Sample", "Promotional Item"])
def test_samples_and_promotional_items_wait_for_a_manager(base, users, kind):
	log = request(kind, users.requester)
	assert log.status == "Requested"
	with pytest.raises(ReviewRequiredError):
		dispatch(log, users.clerk)
	assert frappe.db.get_value("Sales Material Log", log.name, "docstatus") == 0
	assert not frappe.db.exists("Stock Entry", {"sales_material_log": log.name})

	approve(log, users.manager)
	assert frappe.db.get_value("Sales Material Log", log.name, "status") == "Approved"
	doc = dispatch(log, users.clerk)
	assert (doc.docstatus, doc.status) == (1, "Dispatched")
	assert frappe.db.exists("Stock Entry", {"sales_material_log": log.name, "docstatus": 1})


def test_other_kinds_need_no_approval(base, users):
	log = request("Brochure", users.requester)
	assert dispatch(log, users.clerk).status == "Dispatched"


def test_only_a_sales_manager_approves_and_never_the_requester(base, users):
	log = request("Sample", users.requester)
	for user in (users.colleague, users.clerk):
		frappe.set_user(user)
		with pytest.raises((ReviewNotAllowedError, frappe.PermissionError)):
			review_api.review("Sales Material Log", log.name, "Approved")
	frappe.set_user("Administrator")
	assert frappe.db.get_value("Sales Material Log", log.name, "status") == "Requested"


def test_changing_an_approved_request_needs_a_new_approval(base, users):
	log = request("Sample", users.requester)
	approve(log, users.manager)
	frappe.set_user(users.requester)
	doc = frappe.get_doc("Sales Material Log", log.name)
	doc.items[0].qty = 50
	doc.save()
	frappe.set_user("Administrator")
	assert frappe.db.get_value("Sales Material Log", log.name, "status") == "Requested"
	with pytest.raises(ReviewRequiredError):
		dispatch(log, users.clerk)


def test_the_form_sees_the_approval_state(base, users):
	log = request("Sample", users.requester)
	doc = frappe.get_doc("Sales Material Log", log.name)
	doc.run_method("onload")
	assert doc.get_onload()["approval"] == {"required": True, "approved": False, "approvers": []}
	approve(log, users.manager)
	doc = frappe.get_doc("Sales Material Log", log.name)
	doc.run_method("onload")
	assert doc.get_onload()["approval"] == {"required": True, "approved": True, "approvers": [users.manager]}


def test_the_ledger_shows_who_approved_the_issue(base, users):
	log = request("Promotional Item", users.requester)
	approve(log, users.manager)
	dispatch(log, users.clerk)
	_columns, data, *_rest = sales_material_ledger.execute(
		frappe._dict(
			company=base.company, from_date=log.request_date, to_date=log.request_date, item_code=base.widget
		)
	)
	issue = next(row for row in data if row.get("sales_material_log") == log.name)
	assert (issue["requested_by"], issue["approved_by"], issue["out_qty"]) == (
		REQUESTER.split("@")[0],  # by name, as the approver
		"Manager Zhou",
		5,
	)


def test_the_gate_holds_over_rest(base, users, committed):
	body = {
		"kind": "Sample",
		"company": base.company,
		"party_type": "Customer",
		"party": base.customer,
		"courier": factories.ensure_supplier(),
		"tracking_number": "SF-REVIEW-1",
		"items": [{"description": "Fabric swatches", "qty": 3}],
	}
	response = rest.call("POST", "/api/resource/Sales Material Log", user=users.requester, json=body)
	assert response.status_code == 200, response.text
	name = committed.add("Sales Material Log", response.json["data"]["name"])
	try:
		path = f"/api/resource/Sales Material Log/{name}"
		response = rest.call("PUT", path, user=users.clerk, json={"docstatus": 1})
		assert response.status_code == 417, response.text
		assert frappe.db.get_value("Sales Material Log", name, "docstatus") == 0

		response = rest.call(
			"POST",
			"/api/method/neiqin.dual_review.api.review",
			user=users.manager,
			json={"doctype": "Sales Material Log", "name": name, "decision": "Approved"},
		)
		assert response.status_code == 200, response.text
		assert frappe.db.get_value("Sales Material Log", name, "status") == "Approved"

		response = rest.call("PUT", path, user=users.clerk, json={"docstatus": 1})
		assert response.status_code == 200, response.text
		assert response.json["data"]["status"] == "Dispatched"
	finally:
		frappe.db.delete(
			"Document Review", {"reference_doctype": "Sales Material Log", "reference_name": name}
		)
		frappe.db.commit()
