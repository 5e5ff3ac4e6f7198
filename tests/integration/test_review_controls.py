"""The controls of the dual review that insiders must not get around (issue 9, points 1–9):
rules as controls, conditions that cannot act, four eyes, approvals bound to what was seen,
changes after submit, private reviews, escaped text, material approvals. In-process and
rolled back; the named abuse cases through REST are in test_abuse_*.py."""

import json

import frappe
import pytest
from erpnext.controllers.accounts_controller import update_child_qty_rate

from neiqin.dual_review.api import get_review_status
from neiqin.dual_review.exceptions import (
	ChangeAfterSubmitError,
	ContentChangedError,
	EditorCannotReviewError,
	ForbiddenReviewerRoleError,
	OwnerCannotReviewError,
	ReviewRuleProtectedError,
)
from neiqin.dual_review.report.review_audit_trail import review_audit_trail
from neiqin.sales_materials import setup as materials_setup
from neiqin.sales_materials.refusals import MaterialUserPermissionError
from neiqin.sales_materials.rules import KINDS, approval_field
from tests.integration import factories
from tests.integration.factories import make_review_rule, review_as

EDITOR = "nq-rc-editor@example.com"
TIDY = "nq-rc-tidy@example.com"
BLIND = "nq-rc-blind@example.com"


@pytest.fixture(scope="module")
def users(base):
	users = factories.ensure_review_setup()
	# reviewers who may also edit deliveries (Stock User)
	users.editor = factories.ensure_user(EDITOR, ["Sales Reviewer", "Stock User"])
	users.tidy = factories.ensure_user(TIDY, ["Sales Reviewer", "Stock User"])
	users.blind = factories.ensure_user(BLIND, ["Sales Reviewer"])
	return users


@pytest.fixture
def fresh_permissions():
	"""Tests that grant or take back rights: drop the cached rules after the rollback."""
	yield
	frappe.db.rollback()
	for doctype in ("Journal Entry", "Delivery Note", "Review Rule"):
		frappe.clear_cache(doctype=doctype)


def as_user(user, fn, *args, **kwargs):
	frappe.set_user(user)
	try:
		return fn(*args, **kwargs)
	finally:
		frappe.set_user("Administrator")


def draft_delivery(users, qty=5):
	so = factories.make_sales_order(items=[{"item_code": "_NQ Widget", "qty": 10}])
	return as_user(users.clerk, factories.make_delivery_note, so, qty={"_NQ Widget": qty}, submit=False)


def save_as(user, doc, item=None, **changes):
	def save():
		fresh = frappe.get_doc(doc.doctype, doc.name)
		if item:
			fresh.items[0].update(item)
		fresh.update(changes)
		fresh.save()
		return fresh

	return as_user(user, save)


def reviews_of(doc) -> int:
	return frappe.db.count("Document Review", {"reference_doctype": doc.doctype, "reference_name": doc.name})


def status_as(user, doc) -> dict:
	return as_user(user, get_review_status, doc.doctype, doc.name)


# ----------------------------------------------------------------------------- 1. rules are controls


def test_only_a_system_manager_creates_changes_or_deletes_a_rule(users):
	assert frappe.has_permission("Review Rule", "read", user=users.manager)
	assert not frappe.has_permission("Review Rule", "write", user=users.manager)
	assert not frappe.has_permission("Review Rule", "create", user=users.manager)
	before = frappe.db.count("Review Rule")
	# server code as a Sales Manager, even with ignore_permissions
	with pytest.raises(ReviewRuleProtectedError):
		as_user(users.manager, make_review_rule, "Journal Entry", roles=["Sales Manager"])
	assert frappe.db.count("Review Rule") == before

	rule = make_review_rule("Delivery Note")

	def loosen():
		doc = frappe.get_doc("Review Rule", rule.name)
		doc.enabled = 0
		doc.save(ignore_permissions=True)

	with pytest.raises(ReviewRuleProtectedError):
		as_user(users.manager, loosen)
	with pytest.raises(ReviewRuleProtectedError):
		as_user(users.manager, frappe.delete_doc, "Review Rule", rule.name, ignore_permissions=True)
	assert frappe.db.get_value("Review Rule", rule.name, "enabled") == 1


@pytest.mark.parametrize("role", ["All", "Guest", "Desk User", "Administrator"])
def test_a_role_everybody_has_cannot_review(users, role):
	if not frappe.db.exists("Role", role):
		pytest.skip(f"no role {role} on this site")
	with pytest.raises(ForbiddenReviewerRoleError):
		make_review_rule("Delivery Note", roles=[role])


def test_the_read_a_rule_grants_is_shown_and_taken_back(users, fresh_permissions):
	assert not frappe.has_permission("Journal Entry", "read", user=users.reviewer)
	first = make_review_rule("Journal Entry")
	assert first.reload().read_granted_to == "Sales Reviewer"
	assert frappe.has_permission("Journal Entry", "read", user=users.reviewer)
	second = make_review_rule("Journal Entry")
	assert not second.reload().read_granted_to  # the role reads already

	first.enabled = 0
	first.save()
	assert not first.reload().read_granted_to
	# the second rule still needs the right: it holds the grant from now on
	assert frappe.db.get_value("Review Rule", second.name, "read_granted_to") == "Sales Reviewer"
	assert frappe.has_permission("Journal Entry", "read", user=users.reviewer)

	frappe.delete_doc("Review Rule", second.name)
	assert not frappe.has_permission("Journal Entry", "read", user=users.reviewer)


def test_every_change_of_a_rule_is_in_the_audit_trail(users):
	rule = make_review_rule("Delivery Note", title="_NQ audited rule")
	rule.min_reviewers = 2
	rule.save()
	frappe.delete_doc("Review Rule", rule.name)
	rows = [
		row
		for row in review_audit_trail.execute({"document_type": "Delivery Note"})[1]
		if row.reference_name == rule.name
	]
	events = [(row.event, row.reviewer) for row in rows]
	assert ("Rule Changed", "Administrator") in events and ("Rule Deleted", "Administrator") in events
	assert any("Minimum Reviewers: 1 → 2" in row.comment for row in rows)


# ----------------------------------------------------------------------------- 2. conditions cannot act


def test_a_condition_cannot_call_the_document_and_fails_closed(users):
	rule = make_review_rule("Delivery Note", condition='doc.db_set("po_no", "HACKED") or False')
	dn = draft_delivery(users)
	assert frappe.db.get_value("Delivery Note", dn.name, "po_no") != "HACKED"
	status = get_review_status("Delivery Note", dn.name)
	mine = next(r for r in status["rules"] if r["name"] == rule.name)
	assert "could not be evaluated" in mine["condition_error"]  # and the rule applies
	assert not status["can_submit"] and any("could not be evaluated" in r for r in status["reasons"])


def test_a_condition_reads_values_and_child_rows(users):
	rule = make_review_rule("Delivery Note", condition="doc.items[0].qty >= 5 and doc.customer")
	small, large = draft_delivery(users, qty=2), draft_delivery(users, qty=6)
	assert rule.name not in {r["name"] for r in get_review_status("Delivery Note", small.name)["rules"]}
	governing = {r["name"]: r for r in get_review_status("Delivery Note", large.name)["rules"]}
	assert rule.name in governing and not governing[rule.name]["condition_error"]


# ----------------------------------------------------------------------------- 3. four eyes


def test_who_changed_the_reviewed_content_never_approves(users):
	make_review_rule("Delivery Note")
	dn = draft_delivery(users)
	with pytest.raises(OwnerCannotReviewError):
		review_as(users.clerk, dn)
	save_as(users.editor, dn, item={"qty": 4})
	assert "changed the reviewed content" in status_as(users.editor, dn)["excluded_because"]
	with pytest.raises(EditorCannotReviewError, match="changed the reviewed content"):
		review_as(users.editor, dn)
	assert reviews_of(dn) == 0
	# a save that changes nothing a review binds does not make an editor
	save_as(users.tidy, dn, instructions="Deliver to the back door")
	assert review_as(users.tidy, dn)["can_submit"]


def test_an_editors_old_approval_never_counts_again(users):
	make_review_rule("Delivery Note")
	dn = draft_delivery(users)
	review_as(users.editor, dn)
	save_as(users.editor, dn, item={"qty": 4})
	save_as(users.clerk, dn, item={"qty": 5})  # back to the approved content
	status = get_review_status("Delivery Note", dn.name)
	assert not status["can_submit"] and status["rules"][0]["approvals"] == 0


# ----------------------------------------------------------------------------- 4. what the reviewer saw


def test_an_approval_binds_the_content_the_reviewer_saw(users):
	make_review_rule("Delivery Note")
	dn = draft_delivery(users)
	seen = status_as(users.reviewer, dn)["content_hash"]
	save_as(users.clerk, dn, item={"qty": 4})
	with pytest.raises(ContentChangedError):
		review_as(users.reviewer, dn, content_hash=seen)
	with pytest.raises(ContentChangedError):
		review_as(users.reviewer, dn, "Rejected", comment="no", content_hash=seen)
	assert reviews_of(dn) == 0
	current = status_as(users.reviewer, dn)["content_hash"]
	assert review_as(users.reviewer, dn, content_hash=current)["can_submit"]


# ----------------------------------------------------------------------------- 5. fingerprint


def test_a_changed_printed_description_voids_the_approval(users):
	make_review_rule("Delivery Note")
	dn = draft_delivery(users)
	review_as(users.reviewer, dn)
	save_as(users.clerk, dn, item={"description": "Widget, <b>premium</b> edition"})
	status = get_review_status("Delivery Note", dn.name)
	assert not status["can_submit"]
	assert frappe.db.get_value("Document Review", {"reference_name": dn.name}, "status") == "Voided"


# ----------------------------------------------------------------------------- 6. after submit


def reviewed_order(users, **rule_values):
	rule = make_review_rule("Sales Order", title="_NQ order rule", **rule_values)
	so = factories.make_sales_order(items=[{"item_code": "_NQ Widget", "qty": 10}], submit=False)
	review_as(users.reviewer, so)
	so.reload()
	so.submit()
	return rule, so


def update_items(so, qty):
	row = so.items[0]
	items = [
		{
			"docname": row.name,
			"item_code": row.item_code,
			"qty": qty,
			"rate": row.rate,
			"conversion_factor": row.conversion_factor,
			"delivery_date": str(row.delivery_date),
		}
	]
	update_child_qty_rate("Sales Order", json.dumps(items), so.name)


def test_update_items_on_a_reviewed_order_is_refused_naming_the_rule(users):
	rule, so = reviewed_order(users)
	frappe.db.savepoint("update_items")
	with pytest.raises(ChangeAfterSubmitError, match=rule.title):
		update_items(so, 12)
	frappe.db.rollback(save_point="update_items")  # what the request does on an error
	assert frappe.db.get_value("Sales Order Item", so.items[0].name, "qty") == 10


def test_a_rule_may_allow_changes_after_submit_and_they_are_recorded(users):
	rule, so = reviewed_order(users, allow_changes_after_submit=1)
	update_items(so, 12)
	assert frappe.db.get_value("Sales Order Item", so.items[0].name, "qty") == 12
	change = frappe.get_all(
		"Review Content Change",
		filters={"reference_name": so.name, "event": "Changed After Submit"},
		fields=["user", "review_rules"],
	)
	assert change == [{"user": "Administrator", "review_rules": rule.name}]
	assert any("Changed after submit" in text for text in factories.timeline("Sales Order", so.name))
	trail = review_audit_trail.execute({"document_type": "Sales Order", "document": so.name})[1]
	assert [row.event for row in trail if row.event == "Changed After Submit"] == ["Changed After Submit"]


# ----------------------------------------------------------------------------- 7. privacy


def restrict_to_customer(user, customer):
	frappe.get_doc(
		{"doctype": "User Permission", "user": user, "allow": "Customer", "for_value": customer}
	).insert(ignore_permissions=True)


def test_reviews_are_as_private_as_the_document(users, fresh_permissions):
	make_review_rule("Delivery Note")
	dn = draft_delivery(users)
	review_as(users.reviewer, dn, "Rejected", comment="No contract on file")
	restrict_to_customer(users.blind, factories.CUSTOMERS[1])  # the delivery is for customer A
	frappe.set_user(users.blind)
	try:
		assert not frappe.has_permission("Delivery Note", "read", doc=dn.name)
		assert frappe.get_list("Document Review", filters={"reference_name": dn.name}) == []
		assert frappe.get_list("Review Content Change", filters={"reference_name": dn.name}) == []
		row = frappe.get_all("Document Review", filters={"reference_name": dn.name}, pluck="name")[0]
		assert not frappe.has_permission("Document Review", "read", doc=row)
		with pytest.raises(frappe.PermissionError):
			get_review_status("Delivery Note", dn.name)
		rows = review_audit_trail.execute({"document": dn.name})[1]
		assert rows == []
	finally:
		frappe.set_user("Administrator")
	frappe.set_user(users.reviewer2)
	try:
		assert len(frappe.get_list("Document Review", filters={"reference_name": dn.name})) == 1
	finally:
		frappe.set_user("Administrator")


def test_credit_figures_only_for_readers_of_receivables(users):
	customer = factories.make_customer(credit_limits=[{"company": factories.COMPANY, "credit_limit": 100000}])
	make_review_rule(
		"Delivery Note",
		roles=["Sales Reviewer", "Sales Manager"],
		checks=[{"check": "credit_available", "allow_override": 1}],
	)
	so = factories.make_sales_order(customer=customer.name, items=[{"item_code": "_NQ Widget", "qty": 10}])
	dn = as_user(users.clerk, factories.make_delivery_note, so, qty={"_NQ Widget": 2}, submit=False)

	def credit_message(user):
		return status_as(user, dn)["rules"][0]["checks"][0]["message"]

	assert credit_message(users.reviewer) == "Passed"
	assert "credit limit" in credit_message(users.manager)
	review_as(users.reviewer, dn)
	stored = frappe.get_all(
		"Document Review Check Result",
		filters={"parenttype": "Document Review"},
		fields=["message", "detail", "parent"],
		order_by="creation desc",
		limit=1,
	)[0]
	assert stored.message == "Passed" and "credit limit" in stored.detail


# ----------------------------------------------------------------------------- 8. text stays text


def test_a_rejection_with_markup_reaches_everyone_as_text(users):
	make_review_rule("Delivery Note")
	dn = draft_delivery(users)
	payload = '<img src=x onerror="alert(1)">'
	review_as(users.reviewer, dn, "Rejected", comment=payload)
	status = get_review_status("Delivery Note", dn.name)
	assert any("&lt;img" in line for line in status["reasons"])
	assert not any("<img" in line for line in status["reasons"])
	subjects = frappe.get_all(
		"Notification Log", filters={"document_name": dn.name, "for_user": users.clerk}, pluck="subject"
	)
	assert subjects and all("<img" not in s for s in subjects)
	trail = review_audit_trail.execute({"document": dn.name})[1]
	assert trail and all("<img" not in (row.comment or "") for row in trail)


# ----------------------------------------------------------------------------- 9. materials


def test_approval_kinds_are_a_setting_the_rule_follows(users):
	rule = materials_setup.create_approval_rule()
	assert materials_setup.approval_kinds() == ["Sample", "Gift", "Promotional Item"]
	settings = frappe.get_doc("Neiqin Settings")
	settings.update({"approval_brochure": 1, "approval_gift": 0, "approval_promotional_item": 0})
	settings.save()
	assert materials_setup.approval_kinds() == ["Sample", "Brochure"]
	assert (
		frappe.db.get_value("Review Rule", rule, "condition")
		== 'doc.kind in ["Sample", "Brochure"] or doc.needs_approval'
	)
	meta = frappe.get_meta("Neiqin Settings")
	assert [meta.get_field(approval_field(kind)).permlevel for kind in KINDS] == [1] * len(KINDS)


def test_the_patch_turns_the_old_list_of_kinds_into_checks(users):
	from neiqin.patches.v1 import material_approval_kinds_as_checks as patch

	frappe.db.set_single_value("Neiqin Settings", patch.OLD_FIELD, "Brochure\nSample\n")
	patch.execute()
	assert materials_setup.approval_kinds() == ["Sample", "Brochure"]
	assert not frappe.db.exists("Singles", {"doctype": "Neiqin Settings", "field": patch.OLD_FIELD})
	patch.execute()  # nothing left to migrate: the checks stay
	assert materials_setup.approval_kinds() == ["Sample", "Brochure"]


def test_a_gift_waits_for_approval(users):
	from neiqin.dual_review.exceptions import ReviewRequiredError

	materials_setup.create_approval_rule()
	log = factories.make_material_log("Gift")
	with pytest.raises(ReviewRequiredError):
		log.submit()


def test_the_dispatch_respects_the_dispatchers_user_permissions(users, base, fresh_permissions):
	materials_setup.create_approval_rule()
	other = frappe.get_doc(
		{"doctype": "Warehouse", "warehouse_name": "_NQ Other Store", "company": factories.COMPANY}
	)
	if not frappe.db.exists("Warehouse", {"warehouse_name": "_NQ Other Store"}):
		other.insert(ignore_permissions=True)
	else:
		other = frappe.get_doc("Warehouse", {"warehouse_name": "_NQ Other Store"})
	# a restriction of stock moves only: the log itself stays allowed
	frappe.get_doc(
		{
			"doctype": "User Permission",
			"user": users.clerk,
			"allow": "Warehouse",
			"for_value": other.name,
			"apply_to_all_doctypes": 0,
			"applicable_for": "Stock Entry",
		}
	).insert(ignore_permissions=True)
	frappe.set_user(users.clerk)
	try:
		log = factories.make_material_log("Brochure")
		with pytest.raises(MaterialUserPermissionError, match="Stores"):
			log.submit()
	finally:
		frappe.set_user("Administrator")
	assert not frappe.db.exists("Stock Entry", {"sales_material_log": log.name})


# ----------------------------------------------------------------------------- reader's language


def test_the_bell_speaks_each_readers_language(users):
	make_review_rule("Delivery Note", title="Delivery Note: second check before shipping")
	frappe.db.set_value("User", users.reviewer2, "language", "zh")
	dn = draft_delivery(users)

	def subjects(user):
		return frappe.get_all(
			"Notification Log", filters={"document_name": dn.name, "for_user": user}, pluck="subject"
		)

	assert any("等待您复核" in s and "销售出货单：发货前复核" in s for s in subjects(users.reviewer2))
	assert any("awaits your review" in s for s in subjects(users.reviewer))
