"""Recording a reviewer's decision: eligibility, checklist, automatic checks, then one
Document Review row per rule — all refusals happen before anything is written."""

from __future__ import annotations

import json
import random
import time

import frappe
from frappe import _
from frappe.utils import cint, now_datetime, time_diff_in_seconds

from neiqin import stored_text
from neiqin.dual_review import checks, notify, quorum
from neiqin.dual_review.doctype.document_review.document_review import review_writer, void_reviews
from neiqin.dual_review.exceptions import (
	AlreadyReviewedError,
	CheckFailedError,
	ChecklistIncompleteError,
	ContentChangedError,
	EditorCannotReviewError,
	InvalidReviewInputError,
	JustificationRequiredError,
	OwnerCannotReviewError,
	ReasonRequiredError,
	RequesterCannotReviewError,
	ReviewClosedError,
	ReviewNotAllowedError,
)
from neiqin.dual_review.status import ReviewStatus
from neiqin.escaping import bold

DECISIONS = {
	"approved": quorum.APPROVED,
	"approve": quorum.APPROVED,
	"rejected": quorum.REJECTED,
	"reject": quorum.REJECTED,
}


MAX_TEXT = 10000  # characters of a comment or justification


def parse_decision(decision: str) -> str:
	value = DECISIONS.get(decision.strip().lower()) if isinstance(decision, str) else None
	if not value:
		frappe.throw(
			_("Decision must be {0} or {1}, not {2}.").format(
				bold(_("Approved", context="Document Review")),
				bold(_("Rejected", context="Document Review")),
				bold(str(decision)[:100]),
			),
			InvalidReviewInputError,
		)
	return value


def parse_checklist(checklist) -> dict[str, bool]:
	"""{question: answered yes} from a list of {"question", "answer"}, a {question: bool}
	mapping, or either as a JSON string (as the desk sends it)."""
	if checklist in (None, "", []):
		return {}
	if isinstance(checklist, str):
		try:
			checklist = json.loads(checklist)
		except (ValueError, RecursionError):
			frappe.throw(_("The checklist answers are not valid JSON."), InvalidReviewInputError)
	if not isinstance(checklist, dict | list):
		frappe.throw(_("The checklist answers are not valid JSON."), InvalidReviewInputError)
	if isinstance(checklist, dict):
		return {str(q).strip(): _yes(a) for q, a in checklist.items()}
	answers = {}
	for row in checklist or []:
		if isinstance(row, dict) and row.get("question"):
			answers[str(row["question"]).strip()] = _yes(row.get("answer", row.get("checked")))
	return answers


def _yes(value) -> bool:
	if isinstance(value, str):
		return value.strip().lower() in ("1", "yes", "y", "true", "是", "checked")
	return bool(cint(value)) if not isinstance(value, bool) else value


def text_argument(value) -> str:
	"""A comment or justification: text of at most MAX_TEXT characters."""
	if value is None:
		return ""
	if not isinstance(value, str):
		frappe.throw(_("Comments and justifications must be text."), InvalidReviewInputError)
	if len(value) > MAX_TEXT:
		frappe.throw(
			_("Comments and justifications are limited to {0} characters.").format(MAX_TEXT),
			InvalidReviewInputError,
		)
	return value.strip()


def lock_and_load(doctype: str, name: str):
	"""Lock the document row (serialises reviews and saves of one document) and load it. The
	reviews are then read without a locking read: a FOR UPDATE on Document Review takes gap
	locks shared by neighbouring documents, and concurrent first reviews of different
	documents deadlocked on them."""
	return frappe.get_doc(doctype, name, for_update=True)


def record(
	doctype: str,
	name: str,
	decision: str,
	comment: str | None = None,
	checklist=None,
	justification: str | None = None,
	review_rule: str | None = None,
	content_hash: str | None = None,
) -> ReviewStatus:
	decision = parse_decision(decision)
	user = frappe.session.user
	comment, justification = text_argument(comment), text_argument(justification)
	if content_hash is not None and not isinstance(content_hash, str):
		frappe.throw(_("The content hash must be text."), InvalidReviewInputError)
	doc = lock_and_load(doctype, name)
	require_draft(doc)
	status = ReviewStatus(doc)
	require_same_content(doc, status, content_hash)
	targets = target_rules(status, user, decision, review_rule)
	answers = parse_checklist(checklist)
	results = run_checks(doc, targets)
	validate_decision(doc, decision, targets, comment, answers, results, justification)
	write_decision(doc, status, user, decision, targets, comment, answers, results, justification)
	# a locking read only now, after our row is written: it sees reviews committed while this
	# request waited for the document lock (its snapshot may predate them); a deadlock on it
	# is retried by record_retrying
	after = ReviewStatus(doc, applicable=status.rules, for_update=True)
	refuse_if_decided_twice(doc, after, user, decision, targets)
	notify_after(doc, user, decision, comment, after)
	return after


DEADLOCK_RETRIES = 3


def refuse_if_decided_twice(doc, after: ReviewStatus, user: str, decision: str, targets) -> None:
	"""Two requests of the same reviewer at the same moment: the second to get the document's
	lock may have read the reviews from a snapshot taken before the first committed, and so
	written its decision again. The locking read after our write sees the first: refuse (the
	transaction, our row included, is rolled back)."""
	for rule in targets:
		mine = [
			row
			for row in after.reviews
			if row.review_rule == rule.name and row.reviewer == user and row.status == quorum.VALID
		]
		if len(mine) > 1:
			refuse_already_decided(doc, decision)


def refuse_already_decided(doc, decision: str) -> None:
	message = (
		_("You have already approved {0} in its present content.")
		if decision == quorum.APPROVED
		else _("You have already rejected {0} in its present content.")
	)
	frappe.throw(message.format(bold(doc.name)), AlreadyReviewedError)


def record_retrying(*args) -> ReviewStatus:
	"""`record`, tried again when the database chose this transaction as a deadlock victim
	(InnoDB has then rolled the whole transaction back: nothing of the attempt remains)."""
	for attempt in range(DEADLOCK_RETRIES + 1):
		try:
			return record(*args)
		except frappe.QueryDeadlockError:
			if attempt == DEADLOCK_RETRIES:
				raise
			frappe.db.rollback()
			time.sleep(random.uniform(0.05, 0.3) * (attempt + 1))


def require_draft(doc) -> None:
	if doc.docstatus != 0:
		frappe.throw(
			_("{0} {1} is no longer a draft; only drafts can be reviewed.").format(
				_(doc.doctype), bold(doc.name)
			),
			ReviewClosedError,
		)


def require_same_content(doc, status: ReviewStatus, content_hash: str | None) -> None:
	"""An approval binds what the reviewer saw: the content hash the form showed them."""
	if content_hash is None or content_hash == status.content_hash:
		return
	frappe.throw(
		_(
			"{0} {1} changed after you opened it; nothing was recorded. Reload it, check the changes and review again."
		).format(_(doc.doctype), bold(doc.name)),
		ContentChangedError,
		title=_("Document Changed"),
	)


def validate_decision(doc, decision, targets, comment, answers, results, justification) -> None:
	"""Every refusal happens here, before anything is written."""
	if decision == quorum.REJECTED:
		if not comment:
			frappe.throw(
				_("Please give the reason for rejecting {0}.").format(bold(doc.name)),
				ReasonRequiredError,
			)
		return
	for rule in targets:
		require_checklist(rule, answers)
		require_checks(rule, results, justification)


def write_decision(doc, status, user, decision, targets, comment, answers, results, justification) -> None:
	now = now_datetime()
	with review_writer():
		if decision == quorum.REJECTED:
			replaced = [
				row.name
				for rule in targets
				if (row := status.current_decision(rule.name, user)) and row.decision == quorum.APPROVED
			]
			void_reviews(replaced, stored_text.text("Replaced by a rejection from the same reviewer."))
		for rule in targets:
			insert_review(doc, status, rule, user, decision, comment, answers, results, justification, now)


def notify_after(doc, user, decision, comment, after: ReviewStatus) -> None:
	if decision == quorum.REJECTED:
		notify.notify_owner_rejected(doc, user, comment)
	elif after.can_submit:
		notify.notify_owner_ready(doc)
	else:
		notify.notify_awaiting_reviewers(after)


def target_rules(status: ReviewStatus, user: str, decision: str, review_rule: str | None) -> list:
	doc = status.doc
	if not status.governed:
		frappe.throw(
			_("No review rule applies to {0} {1}.").format(_(doc.doctype), bold(doc.name)),
			ReviewNotAllowedError,
		)
	if user == doc.owner:
		frappe.throw(status.excluded_because(user), OwnerCannotReviewError)
	if user in status.editors:
		frappe.throw(status.excluded_because(user), EditorCannotReviewError)
	if user in status.requesters:
		frappe.throw(status.excluded_because(user), RequesterCannotReviewError)
	candidates = [rule for rule in status.rules if not review_rule or rule.name == review_rule]
	eligible = [rule for rule in candidates if status.may_review(rule, user)]
	if not eligible:
		frappe.throw(
			_("You are not a reviewer of {0} {1} under its review rules.").format(
				_(doc.doctype), bold(doc.name)
			),
			ReviewNotAllowedError,
		)
	allowed = status.rules_to_approve(user) if decision == quorum.APPROVED else status.rules_to_reject(user)
	allowed_names = {rule.name for rule in allowed}
	targets = [rule for rule in eligible if rule.name in allowed_names]
	if targets:
		return targets
	mine = [status.current_decision(rule.name, user) for rule in eligible]
	if decision == quorum.APPROVED and any(row and row.decision == quorum.REJECTED for row in mine):
		frappe.throw(
			_("You rejected {0}; it must be changed before it can be approved.").format(bold(doc.name)),
			AlreadyReviewedError,
		)
	if any(mine):
		refuse_already_decided(doc, decision)
	frappe.throw(
		_(
			"Your review of {0} is not due yet: {1} waits until the earlier review rules are satisfied."
		).format(bold(doc.name), ", ".join(bold(status.title(rule.name)) for rule in eligible)),
		ReviewNotAllowedError,
	)


def run_checks(doc, rules_) -> dict[str, checks.CheckResult]:
	names = dict.fromkeys(row.check for rule in rules_ for row in rule.automatic_checks)
	return {name: checks.run_check(name, doc) for name in names}


def require_checklist(rule, answers: dict[str, bool]) -> None:
	missing = [
		row.question for row in rule.checklist if row.mandatory and not answers.get(row.question.strip())
	]
	if missing:
		frappe.throw(
			_("Answer yes to every mandatory checklist question of {0} before approving: {1}").format(
				bold(_(rule.title)),
				"<br>" + "<br>".join(bold(_(q)) for q in missing),
			),
			ChecklistIncompleteError,
		)


def require_checks(rule, results: dict[str, checks.CheckResult], justification: str) -> None:
	for row in rule.automatic_checks:
		result = results[row.check]
		if result.passed:
			continue
		if not row.allow_override:
			frappe.throw(
				_(
					"The automatic check {0} failed and review rule {1} does not allow overriding it: {2}"
				).format(
					bold(checks.label(row.check)),
					bold(_(rule.title)),
					result.message,
				)
				+ "<br>"
				+ _("It cannot be approved as it is: the document must be changed until the check passes."),
				CheckFailedError,
			)
		if not justification:
			frappe.throw(
				_("The automatic check {0} failed: {1}. To approve anyway, write a justification.").format(
					bold(checks.label(row.check)), result.message
				),
				JustificationRequiredError,
			)


def insert_review(doc, status, rule, user, decision, comment, answers, results, justification, now):
	since = status.awaiting_since(rule)
	overridden = False
	check_rows = []
	for row in rule.automatic_checks:
		result = results[row.check]
		override = decision == quorum.APPROVED and not result.passed
		overridden = overridden or override
		restricted = checks.is_restricted(row.check)
		check_rows.append(
			{
				"check": row.check,
				"passed": int(result.passed),
				"overridden": int(override),
				# figures of the customer's receivables go to the field only their readers see
				"message": checks.outcome(result.passed) if restricted else result.message,
				"detail": result.message if restricted else None,
			}
		)
	review = frappe.get_doc(
		{
			"doctype": "Document Review",
			"reference_doctype": doc.doctype,
			"reference_name": doc.name,
			"review_rule": rule.name,
			"reviewer": user,
			"decision": decision,
			"status": quorum.VALID,
			"comment": comment,
			"override_justification": justification if overridden else None,
			"content_hash": status.content_hash,
			"reviewed_on": now,
			"awaiting_since": since,
			"review_duration": max(0, int(time_diff_in_seconds(now, since))) if since else None,
			"checklist": [
				{
					"question": row.question,
					"mandatory": row.mandatory,
					"answer": int(answers.get(row.question.strip(), False)),
				}
				for row in rule.checklist
			],
			"check_results": check_rows,
		}
	)
	review.insert(ignore_permissions=True)
	return review
