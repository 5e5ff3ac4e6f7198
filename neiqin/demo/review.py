"""Demo dual review: the example review rules are enabled, and demo documents are approved
the way reviewers do it in the desk (through the review API, as each reviewer)."""

from __future__ import annotations

import frappe

from neiqin.demo.users import user

# example rule -> reviewers the demo asks for (delivery notes: two reviewers besides the clerk)
EXAMPLE_RULES = {
	"neiqin-example-delivery-note": 2,
	"neiqin-example-sales-invoice": 1,
	"neiqin-example-sales-order": 2,
}


def load() -> None:
	for name, reviewers in EXAMPLE_RULES.items():
		if frappe.db.exists("Review Rule", name) and not frappe.db.get_value("Review Rule", name, "enabled"):
			rule = frappe.get_doc("Review Rule", name)
			rule.enabled = 1
			rule.min_reviewers = reviewers
			rule.save(ignore_permissions=True)


def approve(doc, *reviewers: str, comment: str = "核对无误") -> None:
	"""Each reviewer (a key of USERS) approves `doc`, answering its checklists yes."""
	from neiqin.dual_review.api import get_review_status, review

	for key in reviewers:
		frappe.set_user(user(key))
		try:
			status = get_review_status(doc.doctype, doc.name)
			if not status.get("rules"):
				return
			review(
				doc.doctype,
				doc.name,
				"Approved",
				comment=comment,
				checklist=checklist_answers(doc.doctype),
				justification="演示数据：已与客户电话确认",
			)
		finally:
			frappe.set_user("Administrator")


def reject(doc, reviewer: str, comment: str) -> None:
	from neiqin.dual_review.api import review

	frappe.set_user(user(reviewer))
	try:
		review(doc.doctype, doc.name, "Rejected", comment=comment)
	finally:
		frappe.set_user("Administrator")


def checklist_answers(doctype: str) -> dict:
	rules = frappe.get_all("Review Rule", filters={"document_type": doctype, "enabled": 1}, pluck="name")
	questions = frappe.get_all(
		"Review Rule Checklist Item", filters={"parent": ("in", rules or [""])}, pluck="question"
	)
	return {question: 1 for question in questions}
