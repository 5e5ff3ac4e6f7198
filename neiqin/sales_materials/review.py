"""How sales material logs read the dual review (双人复核), defensively: the log works on a
site without it, and follows it once it is there.

A draft log is "Approved" while the dual review says it may be submitted under at least one
applicable rule (its one answer to "may this be submitted?", `ReviewStatus.can_submit`).
The status is computed on every save (reviews made on other content never count) and
refreshed when a review is recorded (`on_review_recorded`, doc_events of Document Review).
"""

import frappe

DOCTYPE = "Sales Material Log"
NOT_GOVERNED = {"required": False, "approved": False, "approvers": []}


def dual_review_installed() -> bool:
	return bool(frappe.db.exists("DocType", "Review Rule")) and bool(
		frappe.db.exists("DocType", "Document Review")
	)


def approval(doc) -> dict:
	"""{"required": a rule governs this log, "approved": its reviews are complete,
	"approvers": [users counted as approvers]}."""
	if not dual_review_installed():
		return dict(NOT_GOVERNED)
	from neiqin.dual_review.status import ReviewStatus

	status = ReviewStatus(doc)
	if not status.governed:
		return dict(NOT_GOVERNED)
	approvers = list(dict.fromkeys(user for state in status.states for user in state.approvers))
	return {"required": True, "approved": bool(status.can_submit), "approvers": approvers}


def approvers_by_log(names: list[str]) -> dict[str, list[str]]:
	"""{log: [full names of who approved it]} from valid approving Document Reviews (one query)."""
	if not names or not dual_review_installed():
		return {}
	review = frappe.qb.DocType("Document Review")
	rows = (
		frappe.qb.from_(review)
		.select(review.reference_name, review.reviewer, review.reviewer_name)
		.where(
			(review.reference_doctype == DOCTYPE)
			& review.reference_name.isin(names)
			& (review.decision == "Approved")
			& (review.status == "Valid")
		)
		.orderby(review.creation)
	).run(as_dict=True)
	result: dict[str, list[str]] = {}
	for row in rows:
		who = row.reviewer_name or row.reviewer
		if who not in result.setdefault(row.reference_name, []):
			result[row.reference_name].append(who)
	return result


def refresh_draft_status(doc) -> None:
	"""Store the draft's Requested/Approved status when the review state changed it."""
	if doc.docstatus != 0:
		return
	status = "Approved" if approval(doc)["approved"] else "Requested"
	if doc.status != status:
		doc.db_set("status", status, update_modified=False)


def on_review_recorded(review, method=None):
	"""doc_events of Document Review (after_insert): an approval or rejection of a draft log
	moves it between Requested and Approved."""
	if review.reference_doctype != DOCTYPE or not review.reference_name:
		return
	if not frappe.db.exists(DOCTYPE, review.reference_name):
		return
	refresh_draft_status(frappe.get_doc(DOCTYPE, review.reference_name))
