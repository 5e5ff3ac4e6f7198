"""Abuse cases against the review itself: four eyes (owner, editors), what an approval binds
(the content hash), counting each person once, acting for someone else, losing the role,
and reviewing a document one cannot read. Each asserts the refusal and that no review,
version or comment was written."""

import json

import frappe
import pytest

from neiqin.dual_review.api import get_review_status
from neiqin.dual_review.exceptions import (
	AlreadyReviewedError,
	ContentChangedError,
	EditorCannotReviewError,
	ReviewRequiredError,
)
from tests.integration import factories, rest
from tests.integration.factories import as_user, make_review_rule, review_as, review_footprint

REVIEW_API = "/api/method/neiqin.dual_review.api.review"
STATUS_API = "/api/method/neiqin.dual_review.api.get_review_status"


@pytest.fixture(scope="module")
def users(base):
	return factories.ensure_abuse_users()


@pytest.fixture
def governed(users, committed):
	made = factories.make_governed_delivery(committed, users)
	made.users = users
	yield made
	factories.purge_review_records([name for _doctype, name in committed.docs])


def draft_delivery(users, qty=4):
	so = factories.make_sales_order()
	with as_user(users.clerk):
		return factories.make_delivery_note(so, qty={"_NQ Widget": qty}, submit=False)


def edit_qty(user, dn, qty):
	with as_user(user):
		doc = frappe.get_doc("Delivery Note", dn.name)
		doc.items[0].qty = qty
		doc.save()
		return doc


def payload(dn, decision="Approved", **values) -> dict:
	return {"doctype": dn.doctype, "name": dn.name, "decision": decision, **values}


def status_as(user, dn) -> dict:
	with as_user(user):
		return get_review_status(dn.doctype, dn.name)


# ----------------------------------------------------------------------------- four eyes


def test_owner_cannot_approve_or_reject_their_own_delivery_over_rest(governed):
	dn, clerk = governed.dn, governed.users.clerk
	before = review_footprint("Delivery Note", dn.name)
	for decision, extra in (("Approved", {}), ("Rejected", {"comment": "not mine to judge"})):
		response = rest.call("POST", REVIEW_API, user=clerk, json=payload(dn, decision, **extra))
		assert response.status_code == 403, response.text
		assert "OwnerCannotReviewError" in response.exception
	assert review_footprint("Delivery Note", dn.name) == before


def test_reviewer_who_edited_quantity_cannot_approve(users):
	make_review_rule("Delivery Note")
	dn = draft_delivery(users)
	edit_qty(users.editor, dn, 5)
	before = review_footprint("Delivery Note", dn.name)
	with pytest.raises(EditorCannotReviewError) as refusal:
		review_as(users.editor, dn)
	assert "changed the reviewed content" in str(refusal.value) and dn.name in str(refusal.value)  # why
	assert review_footprint("Delivery Note", dn.name) == before
	assert not status_as(users.editor, dn)["can_approve"]


def test_reviewer_who_edited_and_changed_it_back_still_cannot_approve(users):
	make_review_rule("Delivery Note")
	dn = draft_delivery(users, qty=4)
	edit_qty(users.editor, dn, 5)
	edit_qty(users.editor, dn, 4)  # the content is what the clerk wrote again
	before = review_footprint("Delivery Note", dn.name)
	with pytest.raises(EditorCannotReviewError):
		review_as(users.editor, dn)
	assert review_footprint("Delivery Note", dn.name) == before


def test_reviewer_who_edited_cannot_approve_under_a_second_rule_either(users):
	make_review_rule("Delivery Note", title="_NQ Abuse first")
	make_review_rule("Delivery Note", title="_NQ Abuse second", users=(users.editor,), roles=())
	dn = draft_delivery(users)
	edit_qty(users.editor, dn, 3)
	rules = [r["name"] for r in status_as(users.reviewer, dn)["rules"]]
	assert len(rules) == 2, rules  # both rules govern the document
	before = review_footprint("Delivery Note", dn.name)
	for rule_name in rules:
		with pytest.raises(EditorCannotReviewError):
			review_as(users.editor, dn, review_rule=rule_name)
	assert review_footprint("Delivery Note", dn.name) == before


def test_an_editors_earlier_approval_does_not_count_after_their_edit(users):
	make_review_rule("Delivery Note", min_reviewers=2)
	dn = draft_delivery(users)
	review_as(users.editor, dn)
	review_as(users.reviewer, dn)
	edit_qty(users.editor, dn, 3)  # voids both approvals; the editor is now excluded
	review_as(users.reviewer, dn)
	status = status_as(users.reviewer, dn)
	assert not status["can_submit"] and status["rules"][0]["approvals"] == 1
	with pytest.raises(EditorCannotReviewError):
		review_as(users.editor, dn)


# ----------------------------------------------------------------------------- what was seen


def test_approval_of_content_changed_after_the_reviewer_opened_it_is_refused(governed):
	dn, users = governed.dn, governed.users
	seen = rest.call("GET", f"{STATUS_API}?doctype=Delivery%20Note&name={dn.name}", user=users.reviewer)
	content_hash = seen.json["message"]["content_hash"]
	assert content_hash
	response = rest.call(
		"PUT",
		f"/api/resource/Delivery Note/{dn.name}",
		user=users.clerk,
		json={
			"items": [{**json.loads(frappe.as_json(frappe.get_doc(dn.doctype, dn.name).items[0])), "qty": 9}]
		},
	)
	assert response.status_code == 200, response.text
	before = review_footprint("Delivery Note", dn.name)
	response = rest.call("POST", REVIEW_API, user=users.reviewer, json=payload(dn, content_hash=content_hash))
	assert response.status_code == 417, response.text
	assert "ContentChangedError" in response.exception
	assert review_footprint("Delivery Note", dn.name) == before


def test_rejection_with_a_stale_content_hash_is_refused(users):
	make_review_rule("Delivery Note")
	dn = draft_delivery(users)
	seen = status_as(users.reviewer, dn)["content_hash"]
	edit_qty(users.clerk, dn, 1)
	before = review_footprint("Delivery Note", dn.name)
	with pytest.raises(ContentChangedError):
		review_as(users.reviewer, dn, "Rejected", comment="too many", content_hash=seen)
	assert review_footprint("Delivery Note", dn.name) == before


def test_a_forged_content_hash_is_refused(users):
	make_review_rule("Delivery Note")
	dn = draft_delivery(users)
	before = review_footprint("Delivery Note", dn.name)
	for forged in ("", "v2:" + "0" * 64, "' OR '1'='1", "x" * 10000):
		with pytest.raises(ContentChangedError):
			review_as(users.reviewer, dn, content_hash=forged)
	assert review_footprint("Delivery Note", dn.name) == before


# ----------------------------------------------------------------------------- one person, one vote


def test_one_reviewer_approving_twice_counts_once(users):
	make_review_rule("Delivery Note", min_reviewers=2)
	dn = draft_delivery(users)
	review_as(users.reviewer, dn)
	before = review_footprint("Delivery Note", dn.name)
	with pytest.raises(AlreadyReviewedError):
		review_as(users.reviewer, dn)
	assert review_footprint("Delivery Note", dn.name) == before
	status = status_as(users.reviewer2, dn)
	assert not status["can_submit"] and status["rules"][0]["approvals"] == 1


def test_a_reviewer_named_by_user_and_by_role_counts_once(users):
	make_review_rule("Delivery Note", min_reviewers=2, users=(users.reviewer,))
	dn = draft_delivery(users)
	review_as(users.reviewer, dn)
	with pytest.raises(AlreadyReviewedError):
		review_as(users.reviewer, dn)
	status = status_as(users.reviewer2, dn)
	assert status["rules"][0]["approvals"] == 1 and not status["can_submit"]
	assert frappe.db.count("Document Review", {"reference_name": dn.name}) == 1


def test_a_reviewer_cannot_record_a_review_in_another_users_name(governed):
	dn, users = governed.dn, governed.users
	forged = payload(dn, reviewer=users.reviewer2, owner=users.reviewer2, user=users.reviewer2)
	response = rest.call("POST", REVIEW_API, user=users.reviewer, json=forged)
	assert not frappe.db.exists("Document Review", {"reference_name": dn.name, "reviewer": users.reviewer2})
	if response.status_code == 200:  # the extra arguments were ignored: it is the caller's review
		rows = frappe.get_all("Document Review", filters={"reference_name": dn.name}, pluck="reviewer")
		assert rows == [users.reviewer]
	else:
		assert frappe.db.count("Document Review", {"reference_name": dn.name}) == 0


def test_a_user_who_is_no_reviewer_cannot_approve_by_naming_the_rule(governed):
	dn, users = governed.dn, governed.users
	before = review_footprint("Delivery Note", dn.name)
	for user in (users.outsider, users.admin):
		response = rest.call("POST", REVIEW_API, user=user, json=payload(dn, review_rule=governed.rule.name))
		assert response.status_code == 403, response.text
	assert review_footprint("Delivery Note", dn.name) == before


def test_an_approval_stops_counting_when_the_reviewer_loses_the_role(users):
	temp = frappe.get_doc(
		{
			"doctype": "User",
			"email": f"nq-ab-temp-{frappe.generate_hash(length=6)}@example.com",
			"first_name": "Temp",
			"send_welcome_email": 0,
			"roles": [{"role": "Sales Reviewer"}],
		}
	).insert(ignore_permissions=True)
	try:
		make_review_rule("Delivery Note")
		dn = draft_delivery(users)
		review_as(temp.name, dn)
		assert status_as(users.reviewer, dn)["can_submit"]
		temp.remove_roles("Sales Reviewer")
		frappe.clear_cache(user=temp.name)
		status = status_as(users.reviewer, dn)
		assert not status["can_submit"] and status["rules"][0]["approvals"] == 0
		frappe.db.savepoint("nq_role_removed")
		with as_user(users.clerk), pytest.raises(ReviewRequiredError):
			frappe.get_doc("Delivery Note", dn.name).submit()
		frappe.db.rollback(save_point="nq_role_removed")
	finally:
		frappe.db.rollback()
		frappe.clear_cache(user=temp.name)


# ----------------------------------------------------------------------------- cannot read


def test_a_named_reviewer_who_cannot_read_the_document_cannot_review_it(governed, committed):
	dn, users = governed.dn, governed.users
	committed.add(make_review_rule("Delivery Note", roles=(), users=(users.purchaser,)))
	frappe.db.commit()
	assert not frappe.has_permission("Delivery Note", "read", dn.name, user=users.purchaser)
	before = review_footprint("Delivery Note", dn.name)
	response = rest.call("POST", REVIEW_API, user=users.purchaser, json=payload(dn))
	assert response.status_code == 403, response.text
	response = rest.call("GET", f"{STATUS_API}?doctype=Delivery%20Note&name={dn.name}", user=users.purchaser)
	assert response.status_code == 403, response.text
	assert review_footprint("Delivery Note", dn.name) == before


def test_a_reviewer_kept_from_the_customer_by_user_permission_cannot_review(users):
	make_review_rule("Delivery Note")
	dn = draft_delivery(users)
	frappe.get_doc(
		{
			"doctype": "User Permission",
			"user": users.reviewer3,
			"allow": "Customer",
			"for_value": "_NQ Customer B",
			"apply_to_all_doctypes": 1,
		}
	).insert(ignore_permissions=True)
	try:
		frappe.clear_cache(user=users.reviewer3)
		before = review_footprint("Delivery Note", dn.name)
		with pytest.raises(frappe.PermissionError):
			review_as(users.reviewer3, dn)
		with pytest.raises(frappe.PermissionError):
			status_as(users.reviewer3, dn)
		assert review_footprint("Delivery Note", dn.name) == before
	finally:
		frappe.db.rollback()
		frappe.clear_cache(user=users.reviewer3)


# ----------------------------------------------------------------------------- what is printed and posted


def approved_then_changed(users, doc, change) -> dict:
	"""Approve `doc` as the reviewer, let the clerk apply `change` and save; the status after."""
	review_as(users.reviewer, doc)
	assert status_as(users.reviewer2, doc)["can_submit"]
	with as_user(users.clerk):
		doc = frappe.get_doc(doc.doctype, doc.name)
		change(doc)
		doc.save()
	return status_as(users.reviewer2, doc)


def test_changing_what_is_printed_after_approval_voids_it(users):
	make_review_rule("Delivery Note")
	person = factories.make_sales_person()
	changes = {
		"description": lambda d: setattr(d.items[0], "description", "Other goods than approved"),
		"item name": lambda d: setattr(d.items[0], "item_name", "Premium widget"),
		"terms": lambda d: setattr(d, "terms", "Payable in five years"),
		"commission split": lambda d: d.append(
			"sales_team", {"sales_person": person.name, "allocated_percentage": 100}
		),
	}
	for what, change in changes.items():
		dn = draft_delivery(users)
		status = approved_then_changed(users, dn, change)
		assert not status["can_submit"], what
		assert frappe.db.count("Document Review", {"reference_name": dn.name, "status": "Valid"}) == 0, what


def test_changing_income_account_or_cost_center_of_an_approved_invoice_voids_it(users, base):
	make_review_rule("Sales Invoice")
	cost_center = frappe.get_doc(
		{
			"doctype": "Cost Center",
			"cost_center_name": f"_NQ Other {frappe.generate_hash(length=4)}",
			"company": base.company,
			"parent_cost_center": frappe.db.get_value(
				"Cost Center", {"company": base.company, "is_group": 1}, "name"
			),
		}
	).insert(ignore_permissions=True)

	def invoice():
		with as_user(users.clerk):
			return factories.make_direct_sales_invoice(
				base.customer, [{"item_code": "_NQ Widget", "qty": 1}], submit=False
			)

	si = invoice()
	other_income = frappe.db.get_value(
		"Account",
		{
			"company": base.company,
			"root_type": "Income",
			"is_group": 0,
			"name": ("!=", si.items[0].income_account),
		},
	)
	changes = {
		"income account": lambda d: setattr(d.items[0], "income_account", other_income),
		"cost center": lambda d: setattr(d.items[0], "cost_center", cost_center.name),
	}
	for what, change in changes.items():
		status = approved_then_changed(users, si, change)
		assert not status["can_submit"], what
		si = invoice()
