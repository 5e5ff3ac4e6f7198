"""Who changed what a review binds, and what a submitted document was submitted with.

`Review Content Change` rows (written here only, inside `review_writer()`):

- **Edited**: a save of a governed draft changed its fingerprint (the insert included). The
  user who saved it is an *editor*: like the owner, an editor never reviews the document
  (four eyes: "the person who makes the change may never confirm it").
- **Submitted**: a governed document was submitted; the row keeps the fingerprint and the
  rules that governed it, the baseline for changes after submit.
- **Changed After Submit**: a later save of the submitted document (ERPNext's Update Items,
  any update after submit) changed bound content under rules that allow it; the new
  fingerprint becomes the baseline. Under rules that do not allow it the save is refused.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import get_fullname, now_datetime

from neiqin import stored_text
from neiqin.dual_review import content
from neiqin.dual_review.doctype.document_review.document_review import review_writer
from neiqin.dual_review.exceptions import ChangeAfterSubmitError
from neiqin.escaping import bold

DOCTYPE = "Review Content Change"
EDITED = "Edited"
SUBMITTED = "Submitted"
CHANGED_AFTER_SUBMIT = "Changed After Submit"
REBASELINED = "Re-baselined"  # a new fingerprint version's baseline (`rebaseline.py`)
BASELINES = (SUBMITTED, CHANGED_AFTER_SUBMIT, REBASELINED)


def record(doc, event: str, content_hash: str, previous_hash: str = "", rules=(), changes=()):
	"""`changes`: stored texts (`content.changed_labels`), kept as text in the user's language
	and as messages every reader sees in theirs."""
	with review_writer():
		return frappe.get_doc(
			{
				"doctype": DOCTYPE,
				"reference_doctype": doc.doctype,
				"reference_name": doc.name,
				"event": event,
				"user": frappe.session.user,
				"user_name": get_fullname(frappe.session.user),
				"changed_on": now_datetime(),
				"content_hash": content_hash,
				"previous_hash": previous_hash,
				"review_rules": "\n".join(rules),
				"changes": stored_text.render(list(changes), _),
				"changes_message": stored_text.dumps(list(changes)) if changes else None,
			}
		).insert(ignore_permissions=True)


def of_document(doctype: str, name: str, since=None, **filters) -> dict:
	"""Filters for the rows of this document — of this very document: a deleted document's
	name may be given again, so rows from before `since` (its creation) do not count."""
	filters.update(reference_doctype=doctype, reference_name=name)
	if since:
		filters["changed_on"] = (">=", since)
	return filters


def editors_of(doctype: str, name: str | None, since=None) -> set[str]:
	"""Users who ever changed the reviewed content of the document (its creator included)."""
	if not name:
		return set()
	return set(
		frappe.get_all(
			DOCTYPE, filters=of_document(doctype, name, since, event=EDITED), pluck="user", distinct=True
		)
	)


# ----------------------------------------------------------------------------- drafts


def record_edit(doc) -> str | None:
	"""On every save of a governed draft: when its fingerprint changed (or it is new), remember
	who saved it. Returns the row's name."""
	if doc.docstatus != 0:
		return None
	before = doc.get_doc_before_save()
	current = content.content_hash(doc)
	previous = content.content_hash(before) if before else ""
	if current == previous:
		return None
	changes = content.changed_labels(before, doc) if before else [stored_text.text("created")]
	return record(doc, EDITED, current, previous, changes=changes).name


# ----------------------------------------------------------------------------- after submit


def record_submit(doc, status) -> None:
	"""A governed document was submitted: keep its fingerprint and the rules that governed it."""
	if status.governed:
		record(doc, SUBMITTED, status.content_hash, rules=[rule.name for rule in status.rules])


def baseline(doctype: str, name: str, since=None):
	rows = frappe.get_all(
		DOCTYPE,
		filters=of_document(doctype, name, since, event=("in", BASELINES)),
		fields=["content_hash", "review_rules"],
		order_by="creation desc, name desc",
		limit=1,
	)
	return rows[0] if rows else None


def guard_after_submit(doc) -> None:
	"""before_update_after_submit and on_update_after_submit (the latter runs even when
	`ignore_validate` skipped the former): a submitted document governed at submit keeps its
	bound content unless every rule that governed it allows changes after submit; then the
	change is recorded (Review Audit Trail, and the timeline through `timeline.py`) and becomes
	the new baseline."""
	if not doc.meta.is_submittable or doc.docstatus != 1:
		return
	base = baseline(doc.doctype, doc.name, doc.get("creation"))
	if not base or not base.content_hash:
		return
	current = content.content_hash(doc)
	if current == base.content_hash:
		return
	# a baseline of another fingerprint version cannot vouch for the content (the upgrade's patch
	# re-baselines every document, `rebaseline.py`): any save is then refused as a change
	rule_names = [name for name in (base.review_rules or "").splitlines() if name]
	refuse_unless_allowed(doc, rule_names)
	before = doc.get_doc_before_save()
	changes = content.changed_labels(before, doc) if before else []
	record(doc, CHANGED_AFTER_SUBMIT, current, base.content_hash, rule_names, changes)


def refuse_unless_allowed(doc, rule_names: list[str]) -> None:
	rules = {
		row.name: row
		for row in frappe.get_all(
			"Review Rule",
			filters={"name": ("in", rule_names or [""])},
			fields=["name", "title", "allow_changes_after_submit"],
		)
	}
	blocking = [
		name for name in rule_names if not (rules.get(name) and rules[name].allow_changes_after_submit)
	]
	if not blocking and rule_names:
		return
	titles = ", ".join(
		bold(_(rules[name].title) if name in rules else name) for name in blocking or rule_names
	)
	frappe.throw(
		_(
			"{0} {1} was reviewed and submitted under review rule {2}, which does not allow changes after submit; the reviewed content cannot change. Cancel and amend it to have the change reviewed."
		).format(_(doc.doctype), bold(doc.name), titles),
		ChangeAfterSubmitError,
		title=_("Change Not Allowed"),
	)
