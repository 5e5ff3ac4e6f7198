"""The review events on a document's timeline, in the reader's language.

Frappe asks every app for extra timeline items when a form loads (`additional_timeline_content`
in hooks.py, called by `frappe.desk.form.load.get_docinfo` after the reader's read permission
was checked, in the reader's request). neiqin answers from its records — Document Review rows
(approvals, rejections, voids) and Review Content Change rows (changes after submit) — instead
of writing Comments, whose text would stay in the language of whoever acted.
"""

from __future__ import annotations

from collections.abc import Iterable

import frappe
from frappe import _
from frappe.utils import escape_html

from neiqin import stored_text
from neiqin.dual_review import quorum
from neiqin.dual_review.edits import CHANGED_AFTER_SUBMIT
from neiqin.escaping import bold
from neiqin.people import full_names
from neiqin.timeline import item, person

REVIEW_FIELDS = (
	"reviewer",
	"decision",
	"review_rule",
	"rule_title",
	"comment",
	"override_justification",
	"reviewed_on",
	"creation",
	"voided_on",
	"voided_by",
	"void_reason",
	"void_reason_message",
)


def timeline_content(doctype: str, docname: str) -> list[dict]:
	"""Timeline items of the reviews of one document (none for doctypes that cannot be submitted,
	the only ones the review gate governs: no query for them)."""
	if not docname or not frappe.get_meta(doctype).is_submittable:
		return []
	reference = {"reference_doctype": doctype, "reference_name": docname}
	reviews = frappe.get_all(
		"Document Review", filters=reference, fields=list(REVIEW_FIELDS), order_by="creation asc"
	)
	changes = frappe.get_all(
		"Review Content Change",
		filters={**reference, "event": CHANGED_AFTER_SUBMIT},
		fields=["user", "changed_on", "changes", "changes_message"],
		order_by="changed_on asc",
	)
	if not reviews and not changes:
		return []
	names = full_names(
		[r.reviewer for r in reviews] + [r.voided_by for r in reviews] + [c.user for c in changes]
	)
	return [
		*decision_items(reviews, names),
		*void_items(reviews, names),
		*change_items(changes, names),
	]


def decision_items(reviews: Iterable, names: dict) -> list[dict]:
	"""One item per decision (a reviewer deciding under several rules at once is one decision)."""
	decisions: dict[tuple, list] = {}
	for row in reviews:
		decisions.setdefault((row.reviewer, row.decision, row.reviewed_on or row.creation), []).append(row)
	items = []
	for (reviewer, decision, moment), rows in decisions.items():
		titles = bold(", ".join(_(row.rule_title or row.review_rule) for row in rows))
		approved = decision == quorum.APPROVED
		text = _("Approved under {0}").format(titles) if approved else _("Rejected under {0}").format(titles)
		first = rows[0]
		if first.comment:
			text = _("{0}; comment: {1}").format(text, escape_html(first.comment))
		if first.override_justification and approved:
			text += "<br>" + _("Override justification: {0}").format(
				escape_html(first.override_justification)
			)
		items.append(
			item(
				"es-line-success" if approved else "es-line-close-circle",
				_(decision, context="Document Review"),
				moment,
				f"{person(reviewer, names)} · {text}",
			)
		)
	return items


def void_items(reviews: Iterable, names: dict) -> list[dict]:
	"""One item per voiding (all reviews voided by one save share its moment and reason)."""
	voids: dict[tuple, list] = {}
	for row in reviews:
		if row.voided_on:
			key = (row.voided_on, row.voided_by, row.void_reason_message or row.void_reason)
			voids.setdefault(key, []).append(row)
	items = []
	for (moment, by, reason), rows in voids.items():
		reviewers = ", ".join(dict.fromkeys(bold(names.get(r.reviewer, r.reviewer)) for r in rows))
		text = _("Reviews by {0} were voided. {1}").format(reviewers, escape_html(stored_text.show(reason)))
		items.append(
			item(
				"es-line-alert-triangle", _("Voided"), moment, f"{person(by, names)} · {text}" if by else text
			)
		)
	return items


def change_items(changes: Iterable, names: dict) -> list[dict]:
	return [
		item(
			"es-line-edit",
			_(CHANGED_AFTER_SUBMIT),
			change.changed_on,
			_("Changed after submit by {0}: {1}").format(
				bold(names.get(change.user, change.user)),
				escape_html(stored_text.show(change.changes_message or change.changes))
				or _("the reviewed content changed"),
			),
		)
		for change in changes
	]
