"""Review events on a document's timeline are read from neiqin's records when the form loads,
so each reader sees them in their own language, whoever acted and in whichever language."""

import frappe
import pytest

from neiqin.dual_review.api import get_review_status
from neiqin.dual_review.timeline import timeline_content
from tests.integration import factories
from tests.integration.factories import as_user, make_review_rule, review_as, timeline, zh
from tests.integration.sql_spy import recorded_statements


@pytest.fixture(scope="module")
def users(base):
	return factories.ensure_review_setup()


def reviewed_draft(users, comment="checked against contract"):
	make_review_rule("Delivery Note", min_reviewers=2, title="Timeline rule")
	so = factories.make_sales_order()
	with as_user(users.clerk):
		dn = factories.make_delivery_note(so, qty={"_NQ Widget": 2}, submit=False)
	review_as(users.reviewer, dn, comment=comment)
	return dn


def change_quantity_as(user, dn, lang: str):
	"""`user` edits the reviewed quantity with the desk in `lang` (which voids the approval)."""
	frappe.local.lang = lang
	try:
		with as_user(user):
			doc = frappe.get_doc("Delivery Note", dn.name)
			doc.items[0].qty = 1
			doc.save()
	finally:
		frappe.local.lang = "en"


def test_an_approval_reads_in_the_readers_language_and_writes_no_comment(users):
	dn = reviewed_draft(users)
	assert not frappe.db.exists("Comment", {"reference_name": dn.name, "comment_type": "Info"})
	reviewer_name = frappe.db.get_value("User", users.reviewer, "full_name")

	english = timeline("Delivery Note", dn.name)
	assert len(english) == 1
	assert "Approved under" in english[0] and "checked against contract" in english[0]
	assert reviewer_name in english[0] and users.reviewer in english[0]  # name shown, profile linked

	chinese = timeline("Delivery Note", dn.name, lang="zh")
	expected = zh("Approved under {0}").split("{0}")[0]
	assert expected and expected != "Approved under "
	assert expected in chinese[0] and "Approved under" not in chinese[0]


def test_a_void_written_in_chinese_reads_in_english_and_the_other_way_round(users):
	dn = reviewed_draft(users)
	change_quantity_as(users.clerk, dn, lang="zh")
	stored = frappe.db.get_value("Document Review", {"reference_name": dn.name}, "void_reason")
	assert stored.startswith(zh("The reviewed content changed: {0}").split("{0}")[0])  # as written

	english = [text for text in timeline("Delivery Note", dn.name) if "voided" in text]
	assert len(english) == 1
	assert "The reviewed content changed: " in english[0] and "Quantity in Delivery Note Item" in english[0]
	chinese = timeline("Delivery Note", dn.name, lang="zh")
	assert any(zh("Reviews by {0} were voided. {1}").split("{1}")[0][-4:] in text for text in chinese)
	assert not any("voided" in text or "Quantity" in text for text in chinese)

	# the review panel (status API) reads it in the reader's language too
	with as_user(users.reviewer2):
		status = get_review_status("Delivery Note", dn.name)
	voided = [row for row in status["reviews"] if row["status"] == "Voided"]
	assert voided and voided[0]["void_reason"].startswith("The reviewed content changed: ")
	assert "Quantity in Delivery Note Item" in voided[0]["void_reason"]


def test_a_change_after_submit_reads_in_the_readers_language(users):
	rule = make_review_rule("Sales Order", allow_changes_after_submit=1, title="Timeline SO rule")
	so = factories.make_sales_order(submit=False)
	review_as(users.reviewer, so)
	so = frappe.get_doc("Sales Order", so.name)
	so.submit()
	frappe.local.lang = "zh"
	try:
		so.reload()
		so.po_no = "NQ-PO-TIMELINE"
		so.save()
	finally:
		frappe.local.lang = "en"
	english = [text for text in timeline("Sales Order", so.name) if "Changed after submit" in text]
	assert len(english) == 1, english
	assert "Purchase Order" in english[0] and '{"_"' not in english[0]
	chinese = timeline("Sales Order", so.name, lang="zh")
	assert not any("Changed after submit" in text or "Purchase Order" in text for text in chinese)
	assert not any('{"_"' in text for text in chinese)
	assert any(zh("Changed after submit by {0}: {1}").split("{0}")[-1].split("{1}")[0] in t for t in chinese)
	assert rule.name


def test_documents_that_cannot_be_submitted_cost_no_query(users):
	customer = frappe.get_all("Customer", pluck="name", limit=1)[0]
	with recorded_statements() as statements:
		assert timeline_content("Customer", customer) == []
	assert statements == []
