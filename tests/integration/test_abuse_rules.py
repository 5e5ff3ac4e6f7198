"""Abuse cases against Review Rules (controls, not settings) and their conditions (which
cannot act): who may create, loosen, disable or delete a rule, which reviewer roles are
refused, what read right a rule gives and takes back, and what a condition can reach."""

import os

import frappe
import pytest

from neiqin.dual_review.api import get_review_status
from neiqin.dual_review.exceptions import ForbiddenReviewerRoleError, ReviewRuleProtectedError
from tests.integration import factories, rest
from tests.integration.factories import as_user, make_review_rule, review_footprint

RULES = "/api/resource/Review Rule"


@pytest.fixture(scope="module")
def users(base):
	return factories.ensure_abuse_users()


@pytest.fixture
def rule(users, committed):
	"""A committed, enabled Delivery Note rule needing two reviewers."""
	made = committed.add(make_review_rule("Delivery Note", min_reviewers=2))
	frappe.db.commit()
	return made


@pytest.fixture
def fresh_permissions():
	"""Permission caches filled inside a rolled-back test are cleared afterwards."""
	yield
	frappe.db.rollback()
	for doctype in ("Journal Entry", "Delivery Note"):
		frappe.clear_cache(doctype=doctype)


def rule_state(name: str) -> dict:
	values = frappe.db.get_value(
		"Review Rule", name, ["enabled", "min_reviewers", "condition", "modified"], as_dict=True
	)
	roles = frappe.get_all("Review Rule Role", filters={"parent": name}, pluck="role", order_by="idx")
	versions = frappe.db.count("Version", {"ref_doctype": "Review Rule", "docname": name})
	return {**values, "modified": str(values.modified), "roles": roles, "versions": versions}


def journal_readers() -> set[str]:
	return set(frappe.get_all("Custom DocPerm", filters={"parent": "Journal Entry", "read": 1}, pluck="role"))


# ----------------------------------------------------------------------------- who writes rules


def test_sales_manager_cannot_create_a_rule_on_journal_entry_to_read_them(users, fresh_permissions):
	count, readers = frappe.db.count("Review Rule"), journal_readers()
	body = {
		"title": "_NQ Let me read journals",
		"document_type": "Journal Entry",
		"enabled": 1,
		"min_reviewers": 1,
		"reviewer_roles": [{"role": "Sales Manager"}],
	}
	response = rest.call("POST", RULES, user=users.manager, json=body)
	assert response.status_code == 403, response.text
	assert frappe.db.count("Review Rule") == count
	assert journal_readers() == readers
	assert not frappe.has_permission("Journal Entry", "read", user=users.manager)


def test_sales_manager_cannot_disable_the_rule_that_governs_their_deliveries(users, rule):
	before = rule_state(rule.name)
	response = rest.call("PUT", f"{RULES}/{rule.name}", user=users.manager, json={"enabled": 0})
	assert response.status_code == 403, response.text
	assert rule_state(rule.name) == before


def test_sales_manager_cannot_lower_the_quorum_with_frappe_client_set_value(users, rule):
	before = rule_state(rule.name)
	response = rest.call(
		"POST",
		"/api/method/frappe.client.set_value",
		user=users.manager,
		json={"doctype": "Review Rule", "name": rule.name, "fieldname": "min_reviewers", "value": 1},
	)
	assert response.status_code == 403, response.text
	assert rule_state(rule.name) == before


def test_sales_manager_cannot_delete_the_rule_over_rest(users, rule):
	before = rule_state(rule.name)
	response = rest.call("DELETE", f"{RULES}/{rule.name}", user=users.manager)
	assert response.status_code == 403, response.text
	assert rule_state(rule.name) == before


def test_sales_manager_cannot_loosen_a_rule_in_server_code_with_ignore_permissions(users):
	made = make_review_rule("Delivery Note", min_reviewers=2, condition="doc.grand_total > 0")
	before = rule_state(made.name)
	with as_user(users.manager):
		doc = frappe.get_doc("Review Rule", made.name)
		doc.min_reviewers = 1
		doc.condition = "doc.grand_total > 100000000"
		with pytest.raises(ReviewRuleProtectedError) as refusal:
			doc.save(ignore_permissions=True)
	assert users.manager in str(refusal.value)
	assert rule_state(made.name) == before  # checked before the refusal is rolled back


def test_sales_admin_cannot_delete_a_rule_with_ignore_permissions(users):
	made = make_review_rule("Delivery Note")
	with as_user(users.admin), pytest.raises(ReviewRuleProtectedError):
		frappe.delete_doc("Review Rule", made.name, ignore_permissions=True)
	assert frappe.db.exists("Review Rule", made.name)


def test_a_reviewer_cannot_create_a_rule_naming_only_themselves(users):
	count = frappe.db.count("Review Rule")
	with as_user(users.reviewer), pytest.raises(ReviewRuleProtectedError):
		make_review_rule("Delivery Note", roles=(), users=(users.reviewer,))
	assert frappe.db.count("Review Rule") == count


# ----------------------------------------------------------------------------- reviewer roles


def test_roles_everybody_has_are_refused_as_reviewer_roles_even_for_a_system_manager(users):
	count = frappe.db.count("Review Rule")
	for role in ("All", "Guest", "Desk User", "Administrator"):
		with as_user(users.sysman), pytest.raises(ForbiddenReviewerRoleError) as refusal:
			make_review_rule("Delivery Note", roles=(role,))
		assert role in str(refusal.value)
	assert frappe.db.count("Review Rule") == count


def test_an_existing_rule_cannot_be_widened_to_role_all(users):
	made = make_review_rule("Delivery Note")
	before = rule_state(made.name)
	with as_user(users.sysman):
		doc = frappe.get_doc("Review Rule", made.name)
		doc.append("reviewer_roles", {"role": "All"})
		with pytest.raises(ForbiddenReviewerRoleError):
			doc.save()
	assert rule_state(made.name) == before


# ----------------------------------------------------------------------------- read rights


def test_read_a_rule_granted_is_taken_back_when_it_is_disabled_or_deleted(users, fresh_permissions):
	assert not frappe.has_permission("Journal Entry", "read", user=users.reviewer)
	with as_user(users.sysman):
		made = make_review_rule("Journal Entry", roles=("Sales Reviewer",))
	made.reload()
	assert "Sales Reviewer" in made.granted_roles()  # shown on the rule
	frappe.clear_cache(doctype="Journal Entry")
	assert frappe.has_permission("Journal Entry", "read", user=users.reviewer)

	with as_user(users.sysman):
		made.enabled = 0
		made.save()
	frappe.clear_cache(doctype="Journal Entry")
	assert not frappe.has_permission("Journal Entry", "read", user=users.reviewer)
	assert not frappe.db.get_value("Review Rule", made.name, "read_granted_to")

	with as_user(users.sysman):
		made.reload()
		made.enabled = 1
		made.save()
		frappe.delete_doc("Review Rule", made.name)
	frappe.clear_cache(doctype="Journal Entry")
	assert not frappe.has_permission("Journal Entry", "read", user=users.reviewer)


def test_a_rule_change_cannot_be_hidden_with_ignore_version(users):
	made = make_review_rule("Delivery Note", min_reviewers=2)
	versions = frappe.db.count("Version", {"ref_doctype": "Review Rule", "docname": made.name})
	with as_user(users.sysman):
		doc = frappe.get_doc("Review Rule", made.name)
		doc.min_reviewers = 1
		doc.flags.ignore_version = True
		doc.save()
	rows = frappe.get_all(
		"Version",
		filters={"ref_doctype": "Review Rule", "docname": made.name},
		fields=["owner", "data"],
		order_by="creation desc",
	)
	assert len(rows) == versions + 1
	assert rows[0].owner == users.sysman
	assert ["min_reviewers", 2, 1] in frappe.parse_json(rows[0].data)["changed"]


def audit_rows(user, rule_name: str) -> list[dict]:
	from frappe.desk.query_report import run

	with as_user(user):
		result = run("Review Audit Trail", filters={"document_type": "Delivery Note"})
	return [
		row for row in result["result"] if isinstance(row, dict) and row.get("reference_name") == rule_name
	]


def test_loosening_a_rule_shows_in_the_review_audit_trail_with_who_and_old_to_new(users):
	made = make_review_rule("Delivery Note", min_reviewers=2)
	with as_user(users.sysman):
		doc = frappe.get_doc("Review Rule", made.name)
		doc.min_reviewers = 1
		doc.save()
	rows = audit_rows(users.manager, made.name)  # a Sales Manager reads rules, so sees this
	changed = [row for row in rows if row.get("reviewer") == users.sysman]
	assert changed, rows
	# the field by its label, the old value and the new one (a date in the row holds 2s and 1s too)
	assert any("Minimum Reviewers: 2 → 1" in (row.get("comment") or "") for row in changed), changed


def test_deleting_a_rule_leaves_a_trace_in_the_review_audit_trail(users):
	made = make_review_rule("Delivery Note")
	with as_user(users.sysman):
		frappe.delete_doc("Review Rule", made.name)
	rows = audit_rows(users.manager, made.name)
	assert [row for row in rows if row.get("reviewer") == users.sysman], rows


# ----------------------------------------------------------------------------- conditions


def governed_draft(users, condition: str):
	make_review_rule("Delivery Note", condition=condition)
	so = factories.make_sales_order()
	with as_user(users.clerk):
		return factories.make_delivery_note(so, qty={"_NQ Widget": 2}, submit=False)


def test_a_condition_cannot_write_through_db_set(users):
	dn = governed_draft(users, "doc.db_set('po_no', 'NQ-HACKED') or True")
	assert frappe.db.get_value("Delivery Note", dn.name, "po_no") != "NQ-HACKED"
	status = get_review_status("Delivery Note", dn.name)
	assert status["governed"] and not status["can_submit"]  # fails closed
	assert status["rules"][0]["condition_error"]
	assert frappe.db.get_value("Delivery Note", dn.name, "po_no") != "NQ-HACKED"


def test_a_condition_cannot_call_methods_of_child_rows(users):
	dn = governed_draft(users, "doc.items[0].db_set('qty', 999) or True")
	qty = frappe.db.get_value("Delivery Note Item", {"parent": dn.name}, "qty")
	get_review_status("Delivery Note", dn.name)
	assert qty == 2 and frappe.db.get_value("Delivery Note Item", {"parent": dn.name}, "qty") == 2


def test_a_condition_cannot_reach_the_database_through_frappe(users):
	before = frappe.db.get_value("Customer", "_NQ Customer A", "customer_details")
	condition = "frappe.db.set_value('Customer', '_NQ Customer A', 'customer_details', 'NQ-HACKED') or True"
	dn = governed_draft(users, condition)
	status = get_review_status("Delivery Note", dn.name)
	assert status["governed"] and status["rules"][0]["condition_error"]
	assert frappe.db.get_value("Customer", "_NQ Customer A", "customer_details") == before


def test_a_condition_cannot_import_modules_or_run_commands(users, tmp_path):
	marker = tmp_path / "nq-condition-ran"
	condition = f"__import__('os').system('touch {marker}') or True"
	try:
		dn = governed_draft(users, condition)
	except frappe.ValidationError:
		assert not marker.exists()  # refused when the rule was saved
		return
	status = get_review_status("Delivery Note", dn.name)
	assert status["governed"] and not os.path.exists(marker)


def test_a_condition_that_fails_governs_and_blocks_submit(users):
	dn = governed_draft(users, "doc.grand_total / 0 > 1")
	before = review_footprint("Delivery Note", dn.name)
	status = get_review_status("Delivery Note", dn.name)
	assert status["governed"] and status["rules"][0]["condition_error"]
	assert any("ZeroDivisionError" in line or "condition" in line for line in status["reasons"])
	frappe.db.savepoint("nq_condition")
	with as_user(users.clerk), pytest.raises(frappe.ValidationError):
		frappe.get_doc("Delivery Note", dn.name).submit()
	frappe.db.rollback(save_point="nq_condition")
	assert review_footprint("Delivery Note", dn.name) == before


def test_a_failing_condition_is_logged_once_not_once_per_draft_checked(users):
	from neiqin.dual_review.report.awaiting_my_review import awaiting_my_review

	rule = make_review_rule("Delivery Note", condition="doc.grand_total / 0 > 1")
	so = factories.make_sales_order()
	with as_user(users.clerk):
		drafts = [factories.make_delivery_note(so, qty={"_NQ Widget": 1}, submit=False) for _ in range(3)]
	logged = {"reference_doctype": "Review Rule", "reference_name": rule.name}
	with as_user(users.reviewer):
		for _ in range(2):
			awaiting_my_review.execute({})
			for dn in drafts:
				assert get_review_status("Delivery Note", dn.name)["rules"][0]["condition_error"]
	assert frappe.db.count("Error Log", logged) == 1  # the failure is logged, and only once
