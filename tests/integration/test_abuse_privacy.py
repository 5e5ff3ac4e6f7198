"""Abuse cases against privacy and markup: reviews are as private as the reviewed document
(list, form, child rows, report, number card), credit figures only for those who may read
receivables, and text written by users stays text wherever it is shown."""

import frappe
import pytest
from frappe.utils import fmt_money

from neiqin.dual_review.api import get_review_status
from tests.integration import factories
from tests.integration.factories import as_user, make_review_rule, review_as

XSS = '<img src=x onerror="alert(1)"><script>alert(2)</script>'


@pytest.fixture(scope="module")
def users(base):
	return factories.ensure_abuse_users()


@pytest.fixture
def blocked(users):
	"""reviewer3 may read only Customer B's documents (a User Permission); rolled back and the
	permission caches cleared afterwards."""
	frappe.get_doc(
		{
			"doctype": "User Permission",
			"user": users.reviewer3,
			"allow": "Customer",
			"for_value": "_NQ Customer B",
			"apply_to_all_doctypes": 1,
		}
	).insert(ignore_permissions=True)
	frappe.clear_cache(user=users.reviewer3)
	yield users.reviewer3
	frappe.db.rollback()
	frappe.clear_cache(user=users.reviewer3)


def reviewed_delivery(users, checklist=None, decision="Approved", comment="checked against contract"):
	"""A draft Delivery Note of Customer A under a rule needing two reviewers, reviewed once."""
	make_review_rule("Delivery Note", min_reviewers=2, checklist=checklist)
	so = factories.make_sales_order()
	with as_user(users.clerk):
		dn = factories.make_delivery_note(so, qty={"_NQ Widget": 2}, submit=False)
	answers = [{"question": row["question"], "answer": 1} for row in checklist or []]
	review_as(users.reviewer, dn, decision, comment=comment, checklist=answers)
	return dn


def listed(user, doctype, dn, **kwargs) -> list:
	with as_user(user):
		return frappe.get_list(doctype, filters={"reference_name": dn.name}, pluck="name", **kwargs)


# ----------------------------------------------------------------------------- as private as the document


def test_a_reviewer_cannot_list_reviews_of_deliveries_they_cannot_read(users, blocked):
	dn = reviewed_delivery(users)
	assert not frappe.has_permission("Delivery Note", "read", dn.name, user=blocked)
	assert listed(users.reviewer2, "Document Review", dn)  # a reader of the delivery sees it
	assert listed(blocked, "Document Review", dn) == []
	with as_user(blocked):
		assert (
			frappe.get_list("Document Review", filters={"reference_name": dn.name}, fields=["count(*) as n"])[
				0
			].n
			== 0
		)


def test_a_reviewer_cannot_open_a_review_of_a_delivery_they_cannot_read(users, blocked):
	dn = reviewed_delivery(users)
	name = frappe.db.get_value("Document Review", {"reference_name": dn.name})
	assert not frappe.has_permission("Document Review", "read", name, user=blocked)
	with as_user(blocked), pytest.raises(frappe.PermissionError):
		frappe.client.get("Document Review", name)


def test_checklist_answers_and_check_results_of_unreadable_documents_stay_hidden(users, blocked):
	dn = reviewed_delivery(users, checklist=[{"question": "Contract on file", "mandatory": 1}])
	review = frappe.db.get_value("Document Review", {"reference_name": dn.name})
	for child in ("Document Review Checklist Answer", "Document Review Check Result"):
		with as_user(blocked):
			rows = frappe.get_list(
				child, filters={"parent": review}, fields=["name"], parent_doctype="Document Review"
			)
		assert rows == []
	with as_user(users.reviewer2):
		rows = frappe.get_list(
			"Document Review Checklist Answer",
			filters={"parent": review},
			fields=["question"],
			parent_doctype="Document Review",
		)
	assert [row.question for row in rows] == ["Contract on file"]


def test_edit_records_of_unreadable_documents_stay_hidden(users, blocked):
	dn = reviewed_delivery(users)
	assert listed(users.reviewer2, "Review Content Change", dn)
	assert listed(blocked, "Review Content Change", dn) == []


def test_the_audit_trail_report_leaves_out_reviews_of_unreadable_documents(users, blocked):
	from frappe.desk.query_report import run

	dn = reviewed_delivery(users, comment="secret margin note")

	def report_names(user):
		with as_user(user):
			result = run("Review Audit Trail", filters={"document_type": "Delivery Note"})
		return {row.get("reference_name") for row in result["result"] if isinstance(row, dict)}

	assert dn.name in report_names(users.reviewer2)
	assert dn.name not in report_names(blocked)


def test_the_awaiting_card_does_not_count_documents_the_reviewer_cannot_read(users, blocked):
	from neiqin.neiqin import cards

	def card(user):
		with as_user(user):
			value = cards.awaiting_my_review()
		return value.get("value") if isinstance(value, dict) else value

	before_blocked, before_reader = card(blocked), card(users.reviewer2)
	reviewed_delivery(users)
	assert card(users.reviewer2) == before_reader + 1
	assert card(blocked) == before_blocked


def test_credit_figures_are_shown_only_to_readers_of_receivables(users, base):
	customer = factories.make_customer(credit_limits=[{"company": base.company, "credit_limit": 1234567}])
	make_review_rule("Delivery Note", checks=[{"check": "credit_available", "allow_override": 1}])
	so = factories.make_sales_order(customer=customer.name)
	with as_user(users.clerk):
		dn = factories.make_delivery_note(so, qty={"_NQ Widget": 2}, submit=False)
	figure = fmt_money(1234567, currency=factories.CURRENCY)

	def credit_message(user):
		with as_user(user):
			return frappe.as_json(get_review_status("Delivery Note", dn.name))

	assert figure in credit_message(users.manager)
	assert figure not in credit_message(users.reviewer)
	review_as(users.reviewer, dn)
	review = frappe.db.get_value("Document Review", {"reference_name": dn.name})
	with as_user(users.reviewer):  # what the form and GET /api/resource return
		stored = frappe.as_json(frappe.client.get("Document Review", review))
	assert figure not in stored
	with as_user(users.reviewer):  # what a list or report view of the check results returns
		listed_results = frappe.as_json(
			frappe.client.get_list(
				"Document Review Check Result",
				filters={"parent": review},
				fields=["*"],
				parent="Document Review",
			)
		)
	assert figure not in listed_results
	with as_user(users.manager):
		assert figure in frappe.as_json(frappe.client.get("Document Review", review))


# ----------------------------------------------------------------------------- text stays text


def assert_no_markup(text: str, where: str):
	assert "<img" not in text and "<script" not in text, f"markup reached {where}: {text}"


def test_markup_in_a_rejection_comment_stays_text_on_timeline_bell_status_and_report(users):
	from frappe.desk.query_report import run

	dn = reviewed_delivery(users, decision="Rejected", comment=XSS)
	shown = factories.timeline("Delivery Note", dn.name)
	assert any("&lt;img" in content for content in shown), shown  # the comment is shown, as text
	for content in shown:
		assert_no_markup(content, "the timeline")
	bell = frappe.get_all(
		"Notification Log",
		filters={"document_name": dn.name, "for_user": users.clerk},
		fields=["subject", "email_content"],
	)
	assert any("&lt;img" in (row.subject or "") for row in bell), bell  # the owner is told why, as text
	for row in bell:
		assert_no_markup(row.subject or "", "the bell")
		assert_no_markup(row.email_content or "", "the notification e-mail")
	with as_user(users.clerk):
		status = get_review_status("Delivery Note", dn.name)
	assert_no_markup(" ".join(status["reasons"]), "the refusal reasons")
	# the panel gets comments as data and escapes them itself (review_panel.js)
	result = run("Review Audit Trail", filters={"document": dn.name})
	assert_no_markup(frappe.as_json(result["result"]), "the Review Audit Trail")


def test_markup_in_an_override_justification_stays_text(users, base):
	customer = factories.make_customer(
		credit_limits=[{"company": base.company, "credit_limit": 1, "bypass_credit_limit_check": 1}]
	)
	make_review_rule("Delivery Note", checks=[{"check": "credit_available", "allow_override": 1}])
	so = factories.make_sales_order(customer=customer.name)
	with as_user(users.clerk):
		dn = factories.make_delivery_note(so, qty={"_NQ Widget": 2}, submit=False)
	review_as(users.reviewer, dn, justification=XSS)
	shown = factories.timeline("Delivery Note", dn.name)
	assert shown  # the decision is on the timeline
	for content in shown:
		assert_no_markup(content, "the timeline")


def test_markup_in_an_item_description_stays_text_when_it_voids_reviews(users):
	dn = reviewed_delivery(users)
	with as_user(users.clerk):
		doc = frappe.get_doc("Delivery Note", dn.name)
		doc.items[0].description = XSS
		doc.items[0].item_name = XSS[:100]
		doc.save()
	reasons = frappe.get_all("Document Review", filters={"reference_name": dn.name}, pluck="void_reason")
	assert reasons and all(reasons)  # the description is bound: the approval was voided
	for text in reasons:
		assert_no_markup(text, "the void reason")
	shown = factories.timeline("Delivery Note", dn.name)
	assert shown  # the decision is on the timeline
	for content in shown:
		assert_no_markup(content, "the timeline")
	with as_user(users.reviewer2):
		status = get_review_status("Delivery Note", dn.name)
	assert_no_markup(frappe.as_json(status), "the review status")
