"""The review events on a document's timeline read in the reader's language: the demo's
approvals were recorded in whatever language the demo loader ran in, and the clerk's desk in
Chinese shows them in Chinese (drawn from the review records, `dual_review/timeline.py`)."""

from __future__ import annotations

import frappe

from neiqin.demo.users import user
from tests.integration.factories import zh


def approved_draft() -> tuple[str, str]:
	"""A draft the demo has approved once (待我复核: the large order or the half delivery)."""
	rows = frappe.get_all(
		"Document Review",
		filters={
			"decision": "Approved",
			"status": "Valid",
			"reference_doctype": ("in", ["Sales Order", "Delivery Note"]),
		},
		fields=["reference_doctype", "reference_name"],
		order_by="creation desc",
	)
	for row in rows:
		if frappe.db.get_value(row.reference_doctype, row.reference_name, "docstatus") == 0:
			return row.reference_doctype, row.reference_name
	raise AssertionError("the demo has no approved draft (neiqin.demo.fulfilment.awaiting_review)")


def test_the_clerk_reads_the_approval_on_the_timeline_in_chinese(desk):
	doctype, name = approved_draft()
	clerk = desk(user("clerk"))
	clerk.open_form(doctype, name)
	items = clerk.page.locator(".timeline-item .timeline-content")
	prefix = zh("Approved under {0}").split("{0}")[0]
	assert prefix and prefix != "Approved under "
	clerk.page.locator(".timeline-item .timeline-content", has_text=prefix).first.wait_for()
	texts = [text.strip() for text in items.all_inner_texts()]
	clerk.shot("timeline")
	approvals = [text for text in texts if prefix in text]
	assert approvals, texts
	assert not any("Approved under" in text or "were voided" in text for text in texts), texts
	reviewer_name = frappe.db.get_value("User", user("reviewer"), "full_name")
	assert any(reviewer_name in text for text in approvals), approvals
