"""The submit gate: quorum of distinct reviewers, four eyes, no bypass, content binding."""

import frappe
import pytest
from frappe.utils import add_days, nowdate

from neiqin.dual_review.exceptions import (
	AlreadyReviewedError,
	ReviewNotAllowedError,
	ReviewRequiredError,
)
from tests.integration import factories
from tests.integration.factories import make_review_rule, review_as
from tests.integration.sql_spy import recorded_statements


@pytest.fixture(scope="module")
def users(base):
	return factories.ensure_review_setup()


def draft_delivery(users, qty=5, **kwargs):
	"""A Sales Order (ungoverned), and a draft Delivery Note of it owned by the clerk."""
	so = factories.make_sales_order(items=[{"item_code": "_NQ Widget", "qty": 10}])
	frappe.set_user(users.clerk)
	try:
		return factories.make_delivery_note(so, qty={"_NQ Widget": qty}, submit=False, **kwargs)
	finally:
		frappe.set_user("Administrator")


def submit_as(user, doc):
	frappe.set_user(user)
	try:
		doc = frappe.get_doc(doc.doctype, doc.name)
		doc.submit()
		return doc
	finally:
		frappe.set_user("Administrator")


def refused(callable_, *args, **kwargs) -> str:
	"""Run `callable_` inside a savepoint, expect ReviewRequiredError, undo what it did (as the
	request handler would) and return the message."""
	frappe.db.savepoint("nq_review_attempt")
	try:
		callable_(*args, **kwargs)
	except ReviewRequiredError as error:
		frappe.db.rollback(save_point="nq_review_attempt")
		frappe.set_user("Administrator")
		return str(error)
	raise AssertionError("the submit went through")


def test_documents_without_an_enabled_rule_submit_as_in_erpnext(users):
	make_review_rule("Delivery Note", enabled=0)
	make_review_rule("Delivery Note", condition="doc.grand_total > 1000000")
	dn = draft_delivery(users)
	assert submit_as(users.clerk, dn).docstatus == 1
	assert not frappe.db.exists("Document Review", {"reference_name": dn.name})


def test_submit_waits_for_the_quorum_of_distinct_reviewers(users):
	rule = make_review_rule("Delivery Note", min_reviewers=2, title="Two pairs of eyes")
	dn = draft_delivery(users)

	message = refused(submit_as, users.clerk, dn)
	assert "Two pairs of eyes" in message and "needs 2 more approval(s) (0 of 2)" in message
	assert frappe.db.get_value("Delivery Note", dn.name, "docstatus") == 0

	review_as(users.reviewer, dn)
	message = refused(submit_as, users.clerk, dn)
	assert "needs 1 more approval(s) (1 of 2)" in message

	review_as(users.reviewer2, dn)
	assert submit_as(users.clerk, dn).docstatus == 1
	assert frappe.db.count("Document Review", {"reference_name": dn.name, "review_rule": rule.name}) == 2


def test_the_owner_never_counts_and_a_reviewer_counts_once(users):
	make_review_rule("Delivery Note", users=[users.clerk], min_reviewers=2)
	dn = draft_delivery(users)
	with pytest.raises(ReviewNotAllowedError, match="its owner cannot review it"):
		review_as(users.clerk, dn)
	review_as(users.reviewer, dn)
	with pytest.raises(AlreadyReviewedError, match="already approved"):
		review_as(users.reviewer, dn)
	status = review_as(users.reviewer2, dn, "Approved")
	assert status["can_submit"]
	assert [r["approvals"] for r in status["rules"]] == [2]


def test_a_user_who_is_not_a_reviewer_cannot_review(users):
	make_review_rule("Delivery Note", roles=["Sales Reviewer"])
	dn = draft_delivery(users)
	with pytest.raises(frappe.PermissionError):
		review_as(users.outsider, dn)


def test_administrator_is_not_exempt(users):
	make_review_rule("Delivery Note")
	so = factories.make_sales_order()
	dn = factories.make_delivery_note(so, submit=False)  # owned by Administrator
	message = refused(dn.submit)
	assert "cannot be submitted until its reviews are complete" in message
	review_as(users.reviewer, dn)
	dn.reload()
	dn.submit()
	assert dn.docstatus == 1


def test_ignore_validate_and_direct_insert_cannot_bypass_the_gate(users):
	make_review_rule("Delivery Note")
	dn = draft_delivery(users)

	def submit_without_validation():
		doc = frappe.get_doc("Delivery Note", dn.name)
		doc.flags.ignore_validate = True  # skips validate and before_submit; on_submit still runs
		doc.flags.ignore_permissions = True
		doc.submit()

	refused(submit_without_validation)
	assert frappe.db.get_value("Delivery Note", dn.name, "docstatus") == 0
	assert not frappe.db.exists("Stock Ledger Entry", {"voucher_no": dn.name, "is_cancelled": 0})

	def insert_submitted():
		copy = frappe.copy_doc(dn)
		copy.docstatus = 1
		copy.insert(ignore_permissions=True)

	refused(insert_submitted)


def test_changing_reviewed_content_voids_the_reviews_and_says_why(users):
	make_review_rule("Delivery Note")
	dn = draft_delivery(users)
	review_as(users.reviewer, dn)

	frappe.set_user(users.clerk)
	dn = frappe.get_doc("Delivery Note", dn.name)
	dn.instructions = "Ring the bell"  # cosmetic: not part of the reviewed content
	dn.save()
	assert frappe.db.get_value("Document Review", {"reference_name": dn.name}, "status") == "Valid"

	dn.items[0].qty = 6
	dn.save()
	frappe.set_user("Administrator")
	review = frappe.get_doc("Document Review", {"reference_name": dn.name})
	assert review.status == "Voided"
	assert "Quantity in Delivery Note Item" in review.void_reason
	assert review.voided_by == users.clerk
	assert any(
		"voided" in text and "Quantity" in text for text in factories.timeline("Delivery Note", dn.name)
	)
	assert "needs 1 more approval(s)" in refused(submit_as, users.clerk, dn)


def test_values_erpnext_rewrites_at_submit_do_not_void_reviews(users):
	make_review_rule("Delivery Note")
	dn = draft_delivery(users)
	# as if the draft had been made yesterday: ERPNext moves posting date/time to now on submit
	frappe.db.set_value(
		"Delivery Note", dn.name, {"posting_date": add_days(nowdate(), -1), "posting_time": "01:02:03"}
	)
	review_as(users.reviewer, dn)
	submitted = submit_as(users.clerk, dn)
	assert str(submitted.posting_date) == nowdate()
	assert frappe.db.get_value("Document Review", {"reference_name": dn.name}, "status") == "Valid"


def test_a_backdated_posting_date_is_reviewed_content(users):
	make_review_rule("Delivery Note")
	dn = draft_delivery(users, posting_date=add_days(nowdate(), -2))
	review_as(users.reviewer, dn)
	frappe.set_user(users.clerk)
	dn = frappe.get_doc("Delivery Note", dn.name)
	dn.posting_date = add_days(nowdate(), -3)
	dn.save()
	frappe.set_user("Administrator")
	assert frappe.db.get_value("Document Review", {"reference_name": dn.name}, "status") == "Voided"


def test_cancel_and_amend_starts_from_zero(users):
	make_review_rule("Delivery Note")
	dn = draft_delivery(users)
	review_as(users.reviewer, dn)
	dn = submit_as(users.clerk, dn)
	dn.cancel()

	amended = frappe.copy_doc(dn)
	amended.amended_from = dn.name
	amended.docstatus = 0
	amended.insert(ignore_permissions=True)
	assert amended.name != dn.name
	message = refused(amended.submit)
	assert "needs 1 more approval(s) (0 of 1)" in message
	# the original keeps its (valid) review in the audit trail
	assert frappe.db.get_value("Document Review", {"reference_name": dn.name}, "status") == "Valid"


def test_reviews_of_a_deleted_draft_are_voided(users):
	make_review_rule("Delivery Note")
	dn = draft_delivery(users)
	review_as(users.reviewer, dn)
	frappe.delete_doc("Delivery Note", dn.name, ignore_permissions=True)
	review = frappe.get_doc("Document Review", {"reference_name": dn.name})
	assert review.status == "Voided" and review.void_reason == "The document was deleted."


def test_a_condition_decides_which_documents_a_rule_governs(users):
	make_review_rule("Delivery Note", condition="doc.grand_total >= 1000")
	small = draft_delivery(users, qty=5)  # 500
	assert submit_as(users.clerk, small).docstatus == 1
	large = draft_delivery(users, qty=10)  # 1000
	assert "cannot be submitted" in refused(submit_as, users.clerk, large)


def test_sequence_opens_the_next_rule_after_the_previous_one(users):
	first = make_review_rule("Delivery Note", title="First check", sequence=10)
	second = make_review_rule(
		"Delivery Note", roles=["Sales Manager"], title="Manager sign-off", sequence=20, wait_for_previous=1
	)
	dn = draft_delivery(users)
	with pytest.raises(ReviewNotAllowedError, match="not due yet"):
		review_as(users.manager, dn)
	message = refused(submit_as, users.clerk, dn)
	assert "Manager sign-off" in message and "waits until the earlier review rules are satisfied" in message

	status = review_as(users.reviewer, dn)
	states = {rule["name"]: rule for rule in status["rules"]}
	assert states[first.name]["satisfied"] and states[second.name]["is_open"]
	assert users.manager in [p["user"] for p in states[second.name]["pending_reviewers"]]
	review_as(users.manager, dn)
	assert submit_as(users.clerk, dn).docstatus == 1


def test_refusal_is_translated(users):
	make_review_rule("Delivery Note", title="发货复核")
	dn = draft_delivery(users)
	frappe.local.lang = "zh"
	message = refused(submit_as, users.clerk, dn)
	assert "复核" in message and "cannot be submitted" not in message


def test_the_gate_costs_no_query_on_saves_of_ungoverned_doctypes(users):
	from neiqin.dual_review import gate

	make_review_rule("Delivery Note")
	customer = frappe.get_doc("Customer", "_NQ Customer A")
	stock_entry = frappe.new_doc("Stock Entry")  # submittable, no rule
	gate.is_candidate(stock_entry)  # warm the request cache
	with recorded_statements() as queries:
		gate.on_update(customer)  # not submittable
		gate.on_update(stock_entry)  # submittable, not governed
	assert queries == []
	assert gate.is_candidate(frappe.new_doc("Delivery Note"))


@pytest.mark.parametrize("doctype", ["Sales Order", "Sales Invoice"])
def test_reviewed_orders_and_invoices_submit_without_voiding_their_reviews(users, doctype):
	so = factories.make_sales_order(
		items=[{"item_code": "_NQ Widget", "qty": 3}], submit=doctype != "Sales Order"
	)
	make_review_rule(doctype, min_reviewers=2)
	frappe.set_user(users.clerk)
	try:
		doc = so if doctype == "Sales Order" else factories.make_sales_invoice(so, submit=False)
		if doctype == "Sales Order":
			doc = frappe.get_doc("Sales Order", so.name)
	finally:
		frappe.set_user("Administrator")
	assert "needs 2 more approval(s)" in refused(submit_as, users.clerk, doc)
	review_as(users.reviewer, doc)
	review_as(users.reviewer2, doc)
	submitted = submit_as(users.clerk, doc)
	assert submitted.docstatus == 1
	assert frappe.db.count("Document Review", {"reference_name": doc.name, "status": "Valid"}) == 2
