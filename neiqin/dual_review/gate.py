"""The review gate: doc_events for every doctype ("*"), cheap for doctypes no rule governs.

- on_update (every save, and the save inside a submit): who changed the reviewed content of a
  draft is recorded (an editor never reviews it); reviews made on other content are voided,
  with the changed fields in the reason and on the document's timeline; eligible reviewers
  of a draft are notified.
- before_submit and on_submit: submit is refused while the quorum is not met. on_submit runs
  even when `doc.flags.ignore_validate` skipped before_submit, and raising there rolls the
  submit back, so no path (desk, REST, bulk, import, server code) gets around the gate.
  A governed submit records the fingerprint and rules it was submitted under.
- before_update_after_submit and on_update_after_submit: bound content of a document that
  was governed at submit changes only under rules that allow it, and is then recorded.
- on_trash: reviews of a deleted draft are voided, so a later document that reuses the
  name starts from zero.
"""

from __future__ import annotations

import frappe
from frappe import _

from neiqin import stored_text
from neiqin.dual_review import content, edits, notify, rules
from neiqin.dual_review.doctype.document_review.document_review import void_reviews
from neiqin.dual_review.exceptions import ReviewRequiredError
from neiqin.dual_review.status import ReviewStatus, load_reviews


def is_candidate(doc) -> bool:
	"""Save path filter: submittable and governed by some enabled rule (cached)."""
	return bool(doc.meta.is_submittable) and doc.doctype in rules.governed_doctypes()


def on_update(doc, method=None):
	if not is_candidate(doc):
		return
	edits.record_edit(doc)
	void_outdated_reviews(doc)
	if doc.docstatus == 0 and notify.reviewers_enabled():
		notify.notify_awaiting_reviewers(ReviewStatus(doc))


def before_submit(doc, method=None):
	enforce(doc)


def on_submit(doc, method=None):
	status = enforce(doc)
	if status:
		edits.record_submit(doc, status)


def after_submit_change(doc, method=None):
	edits.guard_after_submit(doc)


def on_trash(doc, method=None):
	if not doc.meta.is_submittable:
		return
	valid = [row.name for row in load_reviews(doc.doctype, doc.name, only_valid=True)]
	if valid:
		void_reviews(valid, stored_text.text("The document was deleted."))


def enforce(doc) -> ReviewStatus | None:
	"""Refuse the submit unless every applicable rule is satisfied (reads rules from the DB)."""
	if not doc.meta.is_submittable:
		return None
	status = ReviewStatus(doc)
	if status.governed and not status.can_submit:
		frappe.throw(status.refusal_message(), ReviewRequiredError, title=_("Review Required"))
	return status


def void_outdated_reviews(doc) -> list[str]:
	reviews = load_reviews(doc.doctype, doc.name, only_valid=True)
	if not reviews:
		return []
	current = content.content_hash(doc)
	outdated = [row for row in reviews if row.content_hash != current]
	if not outdated:
		return []
	before = doc.get_doc_before_save()
	changes = content.changed_labels(before, doc) if before else []
	reason = (
		stored_text.text("The reviewed content changed: {0}", changes)
		if changes
		else stored_text.text("The reviewed content changed.")
	)
	void_reviews([row.name for row in outdated], reason)  # the timeline shows it (timeline.py)
	return [row.name for row in outdated]
