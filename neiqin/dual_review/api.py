"""Whitelisted API of the dual review (desk form, REST, other apps)."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model import table_fields

from neiqin.dual_review import checks, content, quorum, service
from neiqin.dual_review.exceptions import InvalidReviewInputError
from neiqin.dual_review.status import ReviewStatus
from neiqin.escaping import existing_doc


@frappe.whitelist()
def get_review_status(doctype: str, name: str) -> dict:
	"""Rules that apply to the document, approvals required / valid / missing per rule, who may
	still review, automatic check results, `can_submit` and, if not, the reasons."""
	doc = readable_doc(doctype, name)
	status = ReviewStatus(doc)
	return status.as_dict(frappe.session.user, check_results(doc, status))


@frappe.whitelist(methods=["POST"])
def review(
	doctype: str,
	name: str,
	decision: str,
	comment: str | None = None,
	checklist: str | list | dict | None = None,
	justification: str | None = None,
	review_rule: str | None = None,
	content_hash: str | None = None,
) -> dict:
	"""Record the current user's decision (Approved / Rejected) on a draft. `checklist`:
	[{"question": ..., "answer": 1}] or {question: 1}, also as a JSON string; `justification`:
	why to approve although an automatic check failed (when the rule allows overriding it);
	`review_rule`: act under this rule only (default: every rule the user may act under);
	`content_hash`: the `content_hash` of `get_review_status` the reviewer decided on — when it
	differs from the document's present content, nothing is recorded (ContentChangedError)."""
	readable_doc(doctype, name)
	status = service.record_retrying(
		doctype, name, decision, comment, checklist, justification, review_rule, content_hash
	)
	return status.as_dict(frappe.session.user, check_results(status.doc, status))


@frappe.whitelist()
def get_available_checks() -> list[dict]:
	"""Registered automatic checks, for the Review Rule form."""
	frappe.has_permission("Review Rule", "read", throw=True)
	return [{"value": name, "label": checks.label(name)} for name in sorted(checks.registry())]


MAX_LIST_NAMES = 500
REVIEW_CONTEXT = "Document Review"


@frappe.whitelist()
def review_states(doctype: str, names: str | list) -> dict:
	"""The review state of the drafts `names` of `doctype` the user may read, for the list view:
	{name: {"state": "Awaiting" / "Approved" / "Rejected", "approvals", "required", "label",
	"color"}}; drafts no rule governs are left out."""
	if not isinstance(doctype, str) or not frappe.db.exists("DocType", doctype):
		frappe.throw(_("The document type and name must be text."), InvalidReviewInputError)
	frappe.has_permission(doctype, "read", throw=True)
	if isinstance(names, str):
		try:
			names = frappe.parse_json(names)
		except ValueError:
			names = None
	if (
		not isinstance(names, list)
		or len(names) > MAX_LIST_NAMES
		or not all(isinstance(n, str) for n in names)
	):
		frappe.throw(_("The list of documents cannot be read."), InvalidReviewInputError)
	if not names or not frappe.get_meta(doctype).is_submittable:
		return {}
	return list_states(doctype, names)


def list_states(doctype: str, names: list[str]) -> dict:
	"""The states of the readable drafts among `names`, read in bulk (as "Awaiting My Review"
	does: one query for the documents, one per child table, one for their reviews, one for their
	editors), not one document at a time."""
	from neiqin.dual_review import awaiting, rules

	doctype_rules = rules.enabled_rules(doctype)
	if not doctype_rules:
		return {}
	drafts = frappe.get_list(
		doctype,
		filters={"name": ("in", names), "docstatus": 0},
		fields=["name", "owner", "creation", "docstatus"],
		limit_page_length=0,
	)
	if not drafts:
		return {}
	readable = [draft.name for draft in drafts]
	reviews = awaiting.reviews_of(doctype, readable)
	editors = awaiting.editors_of(doctype, drafts)
	whole = awaiting.whole_documents(doctype, readable)
	states = {}
	for name in readable:
		doc = whole[name]
		applicable = [rule for rule in doctype_rules if rule.applies_to(doc)]
		if not applicable:
			continue
		status = ReviewStatus(
			doc,
			applicable,
			reviews.get(name, []),
			content_hash=content.content_hash(doc) if reviews.get(name) else "",
			editors=editors.get(name, set()),
		)
		states[name] = list_state(status)
	return states


def list_state(status: ReviewStatus) -> dict:
	approvals = sum(len(state.approvers) for state in status.states)
	required = sum(state.required for state in status.states)
	if any(state.rejecters for state in status.states):
		state, label, color = "Rejected", _("Rejected", context=REVIEW_CONTEXT), "red"
	elif status.can_submit:
		state, label, color = "Approved", _("Approved", context=REVIEW_CONTEXT), "green"
	else:
		state, color = "Awaiting", "orange"
		label = _("Awaiting review {0}/{1}").format(approvals, required)
	return {"state": state, "approvals": approvals, "required": required, "label": label, "color": color}


MAX_UNSAVED_CHARS = 2_000_000


@frappe.whitelist(methods=["POST"])
def save_voids_approvals(doctype: str, name: str, doc: str | dict) -> dict:
	"""Whether saving `doc` (the form's unsaved values of the draft `doctype` `name`) would void
	approvals that count now: {"voids", "approved_by": [full names], "changes": text of the
	reviewed fields that differ}. Nothing is saved. Needs read and write on the document."""
	saved = readable_doc(doctype, name)
	frappe.has_permission(doctype, "write", saved, throw=True)
	unsaved = unsaved_doc(saved, doc)
	nothing = {"voids": False, "approved_by": [], "changes": ""}
	if saved.docstatus != 0:
		return nothing
	status = ReviewStatus(saved)
	approvers = [
		row.reviewer
		for row in status.reviews
		if row.decision == quorum.APPROVED and quorum.is_current(status.decision(row), status.content_hash)
	]
	if not approvers or content.content_hash(unsaved) == status.content_hash:
		return nothing
	return {
		"voids": True,
		"approved_by": [status.full_name(user) for user in dict.fromkeys(approvers)],
		"changes": content.describe_changes(saved, unsaved),
	}


def unsaved_doc(saved, values: str | dict):
	"""The saved document with the sent values over it, in memory (child rows as sent)."""
	if isinstance(values, str):
		if len(values) > MAX_UNSAVED_CHARS:
			frappe.throw(_("The document sent is too large."), InvalidReviewInputError)
		try:
			values = frappe.parse_json(values)
		except ValueError:
			values = None
	if not isinstance(values, dict):
		frappe.throw(_("The document sent cannot be read."), InvalidReviewInputError)
	merged = saved.as_dict(no_default_fields=True)
	for key, value in values.items():
		field = saved.meta.get_field(key) if isinstance(key, str) else None
		if not field:
			continue
		if field.fieldtype in table_fields:
			rows = value if isinstance(value, list) else []
			value = [
				{k: v for k, v in row.items() if k not in ("doctype", "parent", "parenttype")}
				for row in rows
				if isinstance(row, dict)
			]
		merged[key] = value
	merged.update({"doctype": saved.doctype, "name": saved.name, "owner": saved.owner})
	return frappe.get_doc(merged)


def readable_doc(doctype: str, name: str):
	if not isinstance(doctype, str) or not isinstance(name, str):
		frappe.throw(_("The document type and name must be text."), InvalidReviewInputError)
	frappe.has_permission(doctype, "read", name, throw=True)
	return existing_doc(doctype, name)


def check_results(doc, status: ReviewStatus) -> dict:
	if not status.governed or doc.docstatus != 0:
		return {}
	names = dict.fromkeys(row.check for rule in status.rules for row in rule.automatic_checks)
	results = {name: checks.run_check(name, doc) for name in names}
	return {
		name: {
			"label": checks.label(name),
			"passed": result.passed,
			"message": checks.shown_message(name, result),
		}
		for name, result in results.items()
	}
