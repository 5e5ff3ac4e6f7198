"""Reports "Awaiting My Review" and "Review Audit Trail"."""

import frappe
import pytest
from frappe.utils import add_days, nowdate

from neiqin.dual_review.report.awaiting_my_review import awaiting_my_review
from neiqin.dual_review.report.review_audit_trail import review_audit_trail
from tests.integration import factories
from tests.integration.factories import make_review_rule, review_as
from tests.integration.report_support import assert_refused


@pytest.fixture(scope="module")
def users(base):
	return factories.ensure_review_setup()


def draft_delivery(users, qty=5):
	so = factories.make_sales_order(items=[{"item_code": "_NQ Widget", "qty": 10}])
	frappe.set_user(users.clerk)
	try:
		return factories.make_delivery_note(so, qty={"_NQ Widget": qty}, submit=False)
	finally:
		frappe.set_user("Administrator")


def awaiting(user, **filters):
	frappe.set_user(user)
	try:
		columns, data, _message, _chart, summary = awaiting_my_review.execute(filters)
		return {(row["document_type"], row["document"]) for row in data}, columns, summary
	finally:
		frappe.set_user("Administrator")


def test_awaiting_my_review_shows_the_creator_by_full_name(users):
	make_review_rule("Delivery Note", min_reviewers=1, title="One reviewer")
	dn = draft_delivery(users)
	frappe.set_user(users.reviewer)
	try:
		columns, data, *_rest = awaiting_my_review.execute({})
	finally:
		frappe.set_user("Administrator")
	row = next(row for row in data if row["document"] == dn.name)
	assert dn.owner == users.clerk
	assert row["owner"] == frappe.db.get_value("User", users.clerk, "full_name") != users.clerk
	assert next(c for c in columns if c["fieldname"] == "owner")["fieldtype"] == "Data"


def test_awaiting_my_review_lists_exactly_what_the_user_may_review_now(users):
	make_review_rule("Delivery Note", min_reviewers=2, title="Two reviewers")
	make_review_rule("Delivery Note", roles=["Sales Manager"], sequence=5, wait_for_previous=1)
	dn = draft_delivery(users)
	key = ("Delivery Note", dn.name)

	mine, columns, summary = awaiting(users.reviewer)
	assert key in mine
	assert {c["fieldname"] for c in columns} >= {"document", "rule_title", "approvals", "awaiting_since"}
	assert summary[0]["value"] >= 1
	assert key not in awaiting(users.clerk)[0]  # the owner never reviews
	assert key not in awaiting(users.outsider)[0]  # not a reviewer
	assert key not in awaiting(users.manager)[0]  # the manager's rule waits for the first one

	review_as(users.reviewer, dn)
	assert key not in awaiting(users.reviewer)[0]  # done
	assert key in awaiting(users.reviewer2)[0]  # still needed
	assert key not in awaiting(users.manager)[0]
	review_as(users.reviewer2, dn)
	assert key not in awaiting(users.reviewer2)[0]
	assert key in awaiting(users.manager)[0]  # now open
	assert key not in awaiting(users.manager, document_type="Sales Invoice")[0]


def test_rejected_and_conditional_documents(users):
	make_review_rule("Delivery Note", condition="doc.grand_total >= 1000")
	small, large = draft_delivery(users, qty=2), draft_delivery(users, qty=10)
	mine = awaiting(users.reviewer)[0]
	assert ("Delivery Note", large.name) in mine and ("Delivery Note", small.name) not in mine
	review_as(users.reviewer2, large, "Rejected", comment="No contract")
	assert ("Delivery Note", large.name) not in awaiting(users.reviewer)[0]


def test_review_audit_trail_shows_decisions_voids_and_time_taken(users):
	make_review_rule("Delivery Note", title="Audit me")
	dn = draft_delivery(users)
	review_as(users.reviewer, dn)
	frappe.set_user(users.clerk)
	doc = frappe.get_doc("Delivery Note", dn.name)
	doc.items[0].qty = 3
	doc.save()
	frappe.set_user("Administrator")
	review_as(users.reviewer2, dn, "Rejected", comment="Quantity too low")

	columns, data, _m, _c, summary = review_audit_trail.execute(
		{"document_type": "Delivery Note", "document": dn.name}
	)
	assert {c["fieldname"] for c in columns} >= {"reviewer", "decision", "review_duration", "void_reason"}
	assert [(row.reviewer, row.decision, row.status) for row in data] == [
		(users.reviewer, "Approved", "Voided"),
		(users.reviewer2, "Rejected", "Valid"),
	]
	voided = data[0]
	assert voided.rule_title == "Audit me" and voided.voided_by == users.clerk
	assert "Quantity" in voided.void_reason
	assert all(row.review_duration is not None and row.review_duration >= 0 for row in data)
	values = {item["label"]: item["value"] for item in summary}
	assert values["Approvals"] == 1 and values["Rejections"] == 1 and values["Voided"] == 1

	only_reviewer2 = review_audit_trail.execute({"document": dn.name, "reviewer": users.reviewer2})[1]
	assert [row.reviewer for row in only_reviewer2] == [users.reviewer2]
	tomorrow = add_days(nowdate(), 1)
	assert review_audit_trail.execute({"document": dn.name, "from_date": tomorrow})[1] == []
	assert (
		len(
			review_audit_trail.execute({"document": dn.name, "from_date": nowdate(), "to_date": nowdate()})[1]
		)
		== 2
	)
	assert_refused(review_audit_trail.execute({"from_date": tomorrow, "to_date": nowdate()}), "")


def test_report_column_labels_are_translated(users):
	frappe.local.lang = "zh"
	labels = {c["fieldname"]: c["label"] for c in review_audit_trail.get_columns()}
	assert (
		labels["reviewer"] == "复核人" and labels["review_duration"] == "耗时"
	)  # ERPNext's wording for "Time Taken"
