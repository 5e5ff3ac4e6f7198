"""Reviewing: rejections, checklists, automatic checks, status, notifications, rules and the
protection of Document Review rows (in-process; REST paths are in test_review_rest.py)."""

import json

import frappe
import pytest
from frappe.tests.utils import patch_hooks

from neiqin.dual_review import checks
from neiqin.dual_review.api import get_review_status
from neiqin.dual_review.exceptions import (
	AlreadyReviewedError,
	CheckFailedError,
	ChecklistIncompleteError,
	InvalidReviewInputError,
	InvalidReviewRuleError,
	JustificationRequiredError,
	ReasonRequiredError,
	ReviewClosedError,
	ReviewRecordProtectedError,
	ReviewRequiredError,
)
from neiqin.dual_review.gate import is_candidate
from tests.integration import factories
from tests.integration.factories import make_review_rule, review_as


@pytest.fixture(scope="module")
def users(base):
	users = factories.ensure_review_setup()
	users.nobody = factories.ensure_user("nq-rv-nobody@example.com", ["Purchase User"])
	return users


def draft_delivery(users, qty=5, rate=None):
	so = factories.make_sales_order(items=[{"item_code": "_NQ Widget", "qty": 10}])
	frappe.set_user(users.clerk)
	try:
		dn = factories.make_delivery_note(so, qty={"_NQ Widget": qty}, submit=False)
		if rate is not None:
			dn.items[0].rate = rate
			dn.save()
		return dn
	finally:
		frappe.set_user("Administrator")


def save_as(user, doc, **changes):
	frappe.set_user(user)
	try:
		doc = frappe.get_doc(doc.doctype, doc.name)
		for row_change in changes.pop("items", []):
			doc.items[0].update(row_change)
		doc.update(changes)
		doc.save()
		return doc
	finally:
		frappe.set_user("Administrator")


def can_submit(doc) -> bool:
	return get_review_status(doc.doctype, doc.name)["can_submit"]


def notifications(user, doc) -> list[str]:
	return frappe.get_all(
		"Notification Log",
		filters={"for_user": user, "document_type": doc.doctype, "document_name": doc.name},
		pluck="subject",
	)


# ----------------------------------------------------------------------------- rejection


def test_a_rejection_needs_a_reason_tells_the_owner_and_blocks_until_the_document_changes(users):
	make_review_rule("Delivery Note")
	dn = draft_delivery(users)
	with pytest.raises(ReasonRequiredError):
		review_as(users.reviewer, dn, "Rejected", comment="  ")
	review_as(users.reviewer, dn, "Rejected", comment="Wrong warehouse")
	assert any("Wrong warehouse" in subject for subject in notifications(users.clerk, dn))

	review_as(users.reviewer2, dn, "Approved")  # another reviewer's approval does not lift it
	status = get_review_status("Delivery Note", dn.name)
	assert not status["can_submit"]
	assert any("Wrong warehouse" in reason for reason in status["reasons"])
	with pytest.raises(AlreadyReviewedError, match="must be changed"):
		review_as(users.reviewer, dn, "Approved")

	save_as(users.clerk, dn, items=[{"qty": 4}])  # the change voids the rejection (and approval)
	assert (
		frappe.get_all(
			"Document Review", filters={"reference_name": dn.name, "status": "Valid"}, pluck="name"
		)
		== []
	)
	review_as(users.reviewer, dn, "Approved")
	assert can_submit(dn)


def test_a_reviewer_may_turn_an_approval_into_a_rejection(users):
	make_review_rule("Delivery Note")
	dn = draft_delivery(users)
	review_as(users.reviewer, dn)
	assert can_submit(dn)
	review_as(users.reviewer, dn, "Rejected", comment="Price is wrong")
	approval = frappe.get_doc("Document Review", {"reference_name": dn.name, "decision": "Approved"})
	assert (
		approval.status == "Voided"
		and approval.void_reason == "Replaced by a rejection from the same reviewer."
	)
	assert not can_submit(dn)
	with pytest.raises(AlreadyReviewedError, match="already rejected"):
		review_as(users.reviewer, dn, "Rejected", comment="again")


def test_only_drafts_can_be_reviewed(users):
	make_review_rule("Delivery Note")
	dn = draft_delivery(users)
	review_as(users.reviewer, dn)
	frappe.set_user(users.clerk)
	frappe.get_doc("Delivery Note", dn.name).submit()
	frappe.set_user("Administrator")
	with pytest.raises(ReviewClosedError):
		review_as(users.reviewer2, dn)


# ----------------------------------------------------------------------------- checklist


def test_mandatory_checklist_questions_must_be_answered_yes(users):
	make_review_rule(
		"Delivery Note",
		checklist=[
			{"question": "Contract on file", "mandatory": 1},
			{"question": "Customer called", "mandatory": 0},
		],
	)
	dn = draft_delivery(users)
	with pytest.raises(ChecklistIncompleteError, match="Contract on file"):
		review_as(users.reviewer, dn)
	with pytest.raises(ChecklistIncompleteError):
		review_as(users.reviewer, dn, checklist={"Contract on file": 0, "Customer called": 1})
	assert not frappe.db.exists("Document Review", {"reference_name": dn.name})  # nothing half-saved

	review_as(users.reviewer, dn, checklist=json.dumps([{"question": "Contract on file", "answer": 1}]))
	review = frappe.get_doc("Document Review", {"reference_name": dn.name})
	assert [(row.question, row.mandatory, row.answer) for row in review.checklist] == [
		("Contract on file", 1, 1),
		("Customer called", 0, 0),
	]
	# a rejection needs no checklist
	dn2 = draft_delivery(users)
	with pytest.raises(InvalidReviewInputError, match="not valid JSON"):
		review_as(users.reviewer, dn2, checklist="{not json")
	with pytest.raises(InvalidReviewInputError, match="Decision must be"):
		review_as(users.reviewer, dn2, "Maybe")
	assert not frappe.db.exists("Document Review", {"reference_name": dn2.name})
	review_as(users.reviewer, dn2, "Rejected", comment="No contract")


# ----------------------------------------------------------------------------- automatic checks


def test_a_failing_check_blocks_approval_unless_overridden_with_a_justification(users):
	make_review_rule("Delivery Note", checks=[{"check": "price_not_below_list", "allow_override": 1}])
	dn = draft_delivery(users, rate=90)  # list price 100
	status = get_review_status("Delivery Note", dn.name)
	result = status["rules"][0]["checks"][0]
	assert result["check"] == "price_not_below_list" and result["passed"] is False
	assert "below its reference price" in result["message"] and result["allow_override"]

	with pytest.raises(JustificationRequiredError):
		review_as(users.reviewer, dn)
	review_as(users.reviewer, dn, justification="Approved promotion PROMO-7")
	review = frappe.get_doc("Document Review", {"reference_name": dn.name})
	assert review.override_justification == "Approved promotion PROMO-7"
	timeline = factories.timeline("Delivery Note", dn.name)
	assert any("Approved under" in text and "PROMO-7" in text for text in timeline)
	assert [(r.check, r.passed, r.overridden) for r in review.check_results] == [
		("price_not_below_list", 0, 1)
	]


def test_a_check_the_rule_does_not_allow_overriding_blocks_approval(users):
	make_review_rule("Delivery Note", checks=[{"check": "price_not_below_list", "allow_override": 0}])
	dn = draft_delivery(users, rate=90)
	with pytest.raises(CheckFailedError, match="does not allow overriding"):
		review_as(users.reviewer, dn, justification="please")
	dn_ok = draft_delivery(users)
	review_as(users.reviewer, dn_ok)
	review = frappe.get_doc("Document Review", {"reference_name": dn_ok.name})
	assert [(r.passed, r.overridden) for r in review.check_results] == [(1, 0)]
	assert not review.override_justification


def test_the_panel_disables_approval_on_a_check_that_cannot_be_overridden_and_says_why(users):
	rule = make_review_rule(
		"Delivery Note",
		checks=[{"check": "price_not_below_list", "allow_override": 0}],
		title="_NQ floor held",
	)
	dn = draft_delivery(users, rate=90)
	frappe.set_user(users.reviewer)
	try:
		status = get_review_status("Delivery Note", dn.name)
	finally:
		frappe.set_user("Administrator")
	assert status["can_approve"] is False
	assert status["rules"][0]["can_approve"] is False and status["rules"][0]["can_reject"] is True
	reason = status["approval_blocked"][rule.name]
	assert "No price below the price list" in reason and "_NQ floor held" in reason
	# an overridable failure leaves approving open (with a justification)
	rule.automatic_checks[0].allow_override = 1
	rule.save()
	frappe.set_user(users.reviewer)
	try:
		status = get_review_status("Delivery Note", dn.name)
	finally:
		frappe.set_user("Administrator")
	assert status["can_approve"] is True and status["approval_blocked"] == {}
	# the owner, who may not approve anyway, is told nothing about it
	frappe.set_user(users.clerk)
	try:
		assert get_review_status("Delivery Note", dn.name)["approval_blocked"] == {}
	finally:
		frappe.set_user("Administrator")


def test_other_apps_plug_checks_in_through_the_hook(users):
	# another app registers a check under its own name (here: a function of an installed app)
	path = "neiqin.dual_review.checks.price_not_below_list.run"
	registry = {**frappe.get_hooks("neiqin_review_checks"), "nq_other_app_price": [path]}
	with patch_hooks({"neiqin_review_checks": registry}):
		assert checks.registry()["nq_other_app_price"] == path
		make_review_rule("Delivery Note", checks=[{"check": "nq_other_app_price", "allow_override": 0}])
		dn = draft_delivery(users, rate=80)
		result = get_review_status("Delivery Note", dn.name)["rules"][0]["checks"][0]
		assert result["check"] == "nq_other_app_price" and result["passed"] is False
		with pytest.raises(CheckFailedError, match="below its reference price"):
			review_as(users.reviewer, dn)
	with pytest.raises(InvalidReviewRuleError, match="not a registered automatic check"):
		make_review_rule("Delivery Note", checks=[{"check": "nq_other_app_price", "allow_override": 0}])


def test_a_check_that_crashes_or_returns_nonsense_fails_closed(users):
	registry = {
		**frappe.get_hooks("neiqin_review_checks"),
		"nq_crashes": ["neiqin.dual_review.service.parse_decision"],  # doc.strip() -> AttributeError
		"nq_nonsense": ["neiqin.dual_review.checks.label"],  # returns the document itself
	}
	with patch_hooks({"neiqin_review_checks": registry}):
		dn = frappe.get_doc("Delivery Note", draft_delivery(users).name)
		crashed = checks.run_check("nq_crashes", dn)
		assert not crashed.passed and "could not run" in crashed.message
		nonsense = checks.run_check("nq_nonsense", dn)
		assert not nonsense.passed and "returned no result" in nonsense.message
		missing = checks.run_check("nq_missing", dn)
		assert not missing.passed and "not installed" in missing.message


# ----------------------------------------------------------------------------- status


def test_review_status_tells_who_may_still_review_and_what_is_missing(users):
	rule = make_review_rule("Delivery Note", min_reviewers=2, title="Second and third eyes")
	dn = draft_delivery(users)
	review_as(users.reviewer, dn)
	frappe.set_user(users.reviewer2)
	status = get_review_status("Delivery Note", dn.name)
	frappe.set_user("Administrator")
	assert status["governed"] and not status["can_submit"]
	assert status["reasons"] == ["<strong>Second and third eyes</strong> needs 1 more approval(s) (1 of 2)."]
	(state,) = status["rules"]
	assert state["name"] == rule.name and state["approvals"] == 1 and state["missing"] == 1
	assert [p["user"] for p in state["approved_by"]] == [users.reviewer]
	pending = [p["user"] for p in state["pending_reviewers"]]
	assert users.reviewer2 in pending and users.reviewer not in pending and users.clerk not in pending
	assert status["can_approve"] and state["can_approve"]
	assert [r["reviewer"] for r in status["reviews"]] == [users.reviewer]


def test_status_and_review_require_read_permission(users):
	frappe.clear_messages()
	make_review_rule("Delivery Note", users=[users.nobody])
	assert "cannot read" in str(frappe.get_message_log())
	dn = draft_delivery(users)
	frappe.set_user(users.nobody)  # named on the rule, but cannot read Delivery Notes
	try:
		with pytest.raises(frappe.PermissionError):
			get_review_status("Delivery Note", dn.name)
	finally:
		frappe.set_user("Administrator")
	with pytest.raises(frappe.PermissionError):
		review_as(users.nobody, dn)


# ----------------------------------------------------------------------------- notifications


def test_reviewers_are_notified_once_per_readiness(users):
	frappe.db.set_single_value("Neiqin Settings", "notify_reviewers", 1)
	make_review_rule("Delivery Note")
	dn = draft_delivery(users)
	assert len(notifications(users.reviewer, dn)) == 1
	assert len(notifications(users.reviewer2, dn)) == 1
	assert "awaits your review" in notifications(users.reviewer, dn)[0]
	assert notifications(users.clerk, dn) == [] and notifications(users.outsider, dn) == []

	save_as(users.clerk, dn, instructions="cosmetic")  # nothing new to review
	assert len(notifications(users.reviewer, dn)) == 1


def test_the_next_rules_reviewers_are_notified_when_it_opens(users):
	frappe.db.set_single_value("Neiqin Settings", "notify_reviewers", 1)
	make_review_rule("Delivery Note", sequence=1)
	make_review_rule("Delivery Note", roles=["Sales Manager"], sequence=2, wait_for_previous=1)
	dn = draft_delivery(users)
	assert notifications(users.manager, dn) == []
	review_as(users.reviewer, dn)
	assert len(notifications(users.manager, dn)) == 1
	review_as(users.manager, dn)
	assert any("can be submitted" in s for s in notifications(users.clerk, dn))


def test_no_notifications_when_switched_off(users):
	frappe.db.set_single_value("Neiqin Settings", "notify_reviewers", 0)
	make_review_rule("Delivery Note")
	dn = draft_delivery(users)
	assert notifications(users.reviewer, dn) == []


# ----------------------------------------------------------------------------- Document Review rows


def test_document_reviews_cannot_be_written_outside_the_api_even_by_administrator(users):
	make_review_rule("Delivery Note")
	dn = draft_delivery(users)
	review_as(users.reviewer, dn)
	review = frappe.get_doc("Document Review", {"reference_name": dn.name})
	with pytest.raises(ReviewRecordProtectedError):
		frappe.get_doc(
			{
				"doctype": "Document Review",
				"reference_doctype": "Delivery Note",
				"reference_name": dn.name,
				"reviewer": users.reviewer2,
				"decision": "Approved",
				"review_rule": review.review_rule,
			}
		).insert(ignore_permissions=True)
	review.status = "Voided"
	with pytest.raises(ReviewRecordProtectedError):
		review.save(ignore_permissions=True)
	review = frappe.get_doc("Document Review", review.name)
	review.status = "Voided"
	review.flags.ignore_validate = True
	with pytest.raises(ReviewRecordProtectedError):
		review.save(ignore_permissions=True)
	with pytest.raises(ReviewRecordProtectedError):
		frappe.delete_doc("Document Review", review.name, ignore_permissions=True, force=True)
	assert frappe.db.get_value("Document Review", review.name, "status") == "Valid"


# ----------------------------------------------------------------------------- rules


def test_rule_validation(users):
	with pytest.raises(InvalidReviewRuleError, match="submittable"):
		make_review_rule("Customer")
	with pytest.raises(InvalidReviewRuleError, match="at least 1"):
		make_review_rule("Delivery Note", min_reviewers=0)
	with pytest.raises(InvalidReviewRuleError, match="at least one reviewer"):
		make_review_rule("Delivery Note", roles=[])
	with pytest.raises(InvalidReviewRuleError, match="not a valid Python expression"):
		make_review_rule("Delivery Note", condition="doc.grand_total >")
	with pytest.raises(InvalidReviewRuleError, match="unknown name"):
		make_review_rule("Delivery Note", condition="grand_total > 5")
	with pytest.raises(InvalidReviewRuleError, match="listed twice"):
		make_review_rule(
			"Delivery Note",
			checks=[{"check": "credit_available"}, {"check": "credit_available", "allow_override": 1}],
		)


def test_enabling_and_disabling_a_rule_updates_the_governed_doctypes(users):
	dn = frappe.new_doc("Delivery Note")
	rule = make_review_rule("Delivery Note")
	assert is_candidate(dn)
	rule.enabled = 0
	rule.save()
	assert not is_candidate(dn)


def test_a_condition_that_cannot_be_evaluated_governs(users):
	make_review_rule("Delivery Note", condition="doc.items[5].qty > 1")  # IndexError on small notes
	dn = draft_delivery(users)
	assert get_review_status("Delivery Note", dn.name)["governed"]
	frappe.set_user(users.clerk)
	try:
		with pytest.raises(ReviewRequiredError):
			frappe.get_doc("Delivery Note", dn.name).submit()
	finally:
		frappe.set_user("Administrator")


def test_enabling_a_rule_lets_its_reviewer_roles_read_the_documents(users):
	def readers():
		meta = frappe.get_meta("Stock Entry")
		return {p.role for p in meta.permissions if p.read and not p.permlevel}

	assert "Sales Reviewer" not in readers()
	try:
		make_review_rule("Stock Entry", roles=["Sales Reviewer"])
		assert "Sales Reviewer" in readers()
		assert frappe.db.exists(
			"Custom DocPerm", {"parent": "Stock Entry", "role": "Sales Reviewer", "read": 1}
		)
	finally:
		frappe.db.rollback()
		frappe.clear_cache(doctype="Stock Entry")


def test_governed_forms_load_the_review_panel():
	from frappe.desk.form.meta import get_meta

	for doctype in ("Delivery Note", "Sales Invoice", "Sales Order"):
		script = get_meta(doctype, cached=False).get("__js") or ""
		assert "neiqin.review.installed" in script and "neiqin.dual_review.api.review" in script, doctype


def test_the_list_shows_each_drafts_review_state(users):
	from neiqin.dual_review.api import review_states

	make_review_rule("Delivery Note", min_reviewers=2)
	waiting, approved, rejected = (draft_delivery(users) for _ in range(3))
	ungoverned_so = factories.make_sales_order(submit=False)
	review_as(users.reviewer, waiting)
	review_as(users.reviewer, approved)
	review_as(users.reviewer2, approved)
	review_as(users.reviewer, rejected, "Rejected", comment="wrong address")
	names = [waiting.name, approved.name, rejected.name]
	with factories.as_user(users.clerk):
		states = review_states("Delivery Note", json.dumps(names))
		assert review_states("Sales Order", [ungoverned_so.name]) == {}
	assert {name: (s["state"], s["approvals"], s["required"]) for name, s in states.items()} == {
		waiting.name: ("Awaiting", 1, 2),
		approved.name: ("Approved", 2, 2),
		rejected.name: ("Rejected", 0, 2),
	}
	assert states[waiting.name]["label"] == "Awaiting review 1/2"
	frappe.local.lang = "zh"
	with factories.as_user(users.clerk):
		zh = review_states("Delivery Note", names)
	frappe.local.lang = "en"
	assert [zh[name]["label"] for name in names] == ["待复核 1/2", "已批准", "已驳回"]


def test_the_list_states_need_read_and_readable_input(users):
	from neiqin.dual_review.api import review_states

	make_review_rule("Delivery Note")
	dn = draft_delivery(users)
	with factories.as_user(users.nobody):
		with pytest.raises(frappe.PermissionError):
			review_states("Delivery Note", [dn.name])
	with factories.as_user(users.clerk):
		for bad in ("not json", '{"a": 1}', json.dumps(["x"] * 501), [1, 2]):
			with pytest.raises(InvalidReviewInputError):
				review_states("Delivery Note", bad)
		with pytest.raises(InvalidReviewInputError):
			review_states("No Such Doctype", [dn.name])


def test_the_list_states_are_read_in_bulk_not_per_draft(users):
	"""Statements for a page of drafts do not grow with the number of drafts (documents, child
	tables, reviews and editors read once; each draft's approvers checked once)."""
	from neiqin.dual_review.api import review_states
	from tests.integration.sql_spy import recorded_statements

	make_review_rule("Delivery Note", min_reviewers=2)
	so = factories.make_sales_order(items=[{"item_code": "_NQ Widget", "qty": 100}])

	def statements(count: int) -> int:
		with factories.as_user(users.clerk):
			names = [
				factories.make_delivery_note(so, qty={"_NQ Widget": 1}, submit=False).name
				for _ in range(count)
			]
		with factories.as_user(users.clerk):
			review_states("Delivery Note", names)  # warm caches
			with recorded_statements() as seen:
				assert len(review_states("Delivery Note", names)) == count
		return len(seen)

	few, many = statements(3), statements(15)
	assert many - few <= 2, (few, many)
