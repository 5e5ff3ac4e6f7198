"""The review state of one document: the single answer to "may this be submitted?" that the
gate, the API, the form and the reports share."""

from __future__ import annotations

from functools import cached_property

import frappe
from frappe import _
from frappe.utils import escape_html, get_datetime, get_fullname

from neiqin import stored_text
from neiqin.dual_review import content, edits, quorum, rules
from neiqin.escaping import bold

REVIEW_FIELDS = (
	"name",
	"review_rule",
	"reviewer",
	"reviewer_name",
	"decision",
	"status",
	"comment",
	"override_justification",
	"content_hash",
	"reviewed_on",
	"awaiting_since",
	"review_duration",
	"void_reason",
	"void_reason_message",
	"voided_on",
	"voided_by",
	"creation",
)


def load_reviews(doctype: str, name: str, for_update: bool = False, only_valid: bool = False) -> list:
	"""Document Review rows of a document, oldest first. `for_update` reads the latest
	committed rows (a locking read), which the review API needs under concurrency."""
	review = frappe.qb.DocType("Document Review")
	query = (
		frappe.qb.from_(review)
		.select(*(review[field] for field in REVIEW_FIELDS))
		.where((review.reference_doctype == doctype) & (review.reference_name == name))
		.orderby(review.creation)
		.orderby(review.name)
	)
	if only_valid:
		query = query.where(review.status == quorum.VALID)
	if for_update:
		query = query.for_update()
	return query.run(as_dict=True)


REQUESTER_FIELDS = ("requested_by",)


def requesters_of(doc, applicable_rules) -> set[str]:
	"""The users a document names as who asked for it or benefits from it: `requested_by`, and the
	fields its applicable rules name (Review Rule › Fields Naming the Requester)."""
	if not applicable_rules:
		return set()
	fields = set(REQUESTER_FIELDS)
	for rule in applicable_rules:
		fields.update(
			line.strip() for line in (rule.get("requester_fields") or "").splitlines() if line.strip()
		)
	meta = frappe.get_meta(doc.doctype)  # (the reports pass plain rows, not documents)
	return {doc.get(field) for field in fields if meta.has_field(field) and doc.get(field)}


class ReviewStatus:
	def __init__(
		self,
		doc,
		applicable=None,
		reviews=None,
		for_update: bool = False,
		content_hash=None,
		editors=None,
	):
		self.doc = doc
		# {rule name: error} of conditions that could not be evaluated (those rules apply)
		self.condition_errors: dict[str, str] = {}
		if applicable is None:
			self.rules, self.condition_errors = rules.applicable_with_errors(doc)
		else:
			self.rules = list(applicable)
		self.rule_by_name = {rule.name: rule for rule in self.rules}
		if editors is None:
			editors = (
				edits.editors_of(doc.doctype, doc.get("name"), doc.get("creation")) if self.rules else set()
			)
		# who changed the reviewed content: like the owner, they never review it
		self.editors = frozenset(editors)
		# who asked for it or benefits from it (requested_by, fields the rules name): neither
		self.requesters = frozenset(requesters_of(doc, self.rules))
		self.excluded = self.editors | self.requesters
		if content_hash is None:
			content_hash = content.content_hash(doc) if self.rules else ""
		self.content_hash = content_hash
		if reviews is None:
			reviews = load_reviews(doc.doctype, doc.name, for_update) if self.rules and doc.name else []
		self.reviews = reviews
		# {rule name: approvers who may no longer review under it (role removed, user disabled,
		# taken off the rule)}: their approvals stop counting
		self.lapsed = self.lapsed_approvers()
		self.states = quorum.evaluate(
			[rules.as_quorum_rule(rule) for rule in self.rules],
			{
				rule.name: [
					self.decision(row)
					for row in reviews
					if row.review_rule == rule.name
					and not (row.decision == quorum.APPROVED and row.reviewer in self.lapsed[rule.name])
				]
				for rule in self.rules
			},
			doc.owner,
			self.content_hash,
			self.excluded,
		)
		self.state_by_rule = {state.rule.name: state for state in self.states}

	def lapsed_approvers(self) -> dict[str, set[str]]:
		lapsed = {rule.name: set() for rule in self.rules}
		approvers = {row.reviewer for row in self.reviews if row.decision == quorum.APPROVED}
		if not approvers:
			return lapsed
		enabled = set(
			frappe.get_all("User", filters={"name": ("in", list(approvers)), "enabled": 1}, pluck="name")
		)
		roles = {user: frappe.get_roles(user) for user in approvers & enabled}
		for rule in self.rules:
			lapsed[rule.name] = {
				user
				for user in approvers
				if user not in enabled or not rules.may_review(rule, user, self.doc.owner, roles[user])
			}
		return lapsed

	@staticmethod
	def decision(row) -> quorum.Decision:
		return quorum.Decision(row.reviewer, row.decision, row.status, row.content_hash or "")

	# ------------------------------------------------------------------ verdict

	@property
	def governed(self) -> bool:
		return bool(self.rules)

	@property
	def can_submit(self) -> bool:
		return quorum.can_submit(self.states)

	def reasons(self) -> list[str]:
		"""Why the document cannot be submitted yet, one translated line per problem."""
		lines = []
		for state in self.states:
			if state.satisfied:
				continue
			title = bold(self.title(state.rule.name))
			for reviewer in state.rejecters:
				row = self.current_decision(state.rule.name, reviewer)
				lines.append(
					_("{0} rejected it under {1}: {2}").format(
						bold(self.full_name(reviewer)),
						title,
						escape_html((row and row.comment) or ""),
					)
				)
			if state.missing:
				lines.append(
					_("{0} needs {1} more approval(s) ({2} of {3}).").format(
						title, state.missing, len(state.approvers), state.required
					)
				)
			if not state.is_open:
				lines.append(_("{0} waits until the earlier review rules are satisfied.").format(title))
			if state.outdated:
				lines.append(
					_("The review by {0} was made on other content and no longer counts.").format(
						", ".join(bold(self.full_name(user)) for user in state.outdated)
					)
				)
			if self.lapsed.get(state.rule.name) and state.missing:
				lines.append(
					_("The approval by {0} no longer counts: they may no longer review under {1}.").format(
						", ".join(
							bold(self.full_name(user)) for user in sorted(self.lapsed[state.rule.name])
						),
						title,
					)
				)
			if state.rule.name in self.condition_errors:
				lines.append(self.condition_note(state.rule.name))
		return lines

	def title(self, rule_name: str) -> str:
		"""A rule's title in the reader's language (titles are stored as English source text),
		escaped: titles are data."""
		rule = self.rule_by_name.get(rule_name)
		return escape_html(_(rule.title) if rule else rule_name)

	def condition_note(self, rule_name: str) -> str:
		return _(
			"The condition of review rule {0} could not be evaluated ({1}), so the rule applies."
		).format(bold(self.title(rule_name)), escape_html(self.condition_errors[rule_name]))

	def refusal_message(self) -> str:
		items = "".join(f"<li>{line}</li>" for line in self.reasons())
		return (
			_("{0} {1} cannot be submitted until its reviews are complete:").format(
				_(self.doc.doctype), bold(self.doc.name)
			)
			+ f"<ul>{items}</ul>"
		)

	# ------------------------------------------------------------------ reviewers

	def current_decision(self, rule_name: str, user: str):
		rows = [
			row
			for row in self.reviews
			if row.review_rule == rule_name
			and row.reviewer == user
			and quorum.is_current(self.decision(row), self.content_hash)
		]
		return rows[-1] if rows else None

	def may_review(self, rule, user: str, roles: list[str] | None = None) -> bool:
		return rules.may_review(rule, user, self.doc.owner, roles, self.excluded)

	def rules_to_approve(self, user: str) -> list:
		"""Rules under which `user` may approve now: eligible, rule open, no current decision."""
		roles = frappe.get_roles(user)
		return [
			rule
			for rule in self.rules
			if self.may_review(rule, user, roles)
			and self.state_by_rule[rule.name].is_open
			and not self.current_decision(rule.name, user)
		]

	def rules_to_reject(self, user: str) -> list:
		"""Rules under which `user` may reject now: eligible and not already rejected."""
		roles = frappe.get_roles(user)
		return [
			rule
			for rule in self.rules
			if self.may_review(rule, user, roles)
			and getattr(self.current_decision(rule.name, user), "decision", None) != quorum.REJECTED
		]

	def awaits(self, user: str) -> bool:
		"""The document needs `user`'s approval now (for "Awaiting My Review")."""
		return any(
			not self.state_by_rule[rule.name].satisfied and not self.state_by_rule[rule.name].rejecters
			for rule in self.rules_to_approve(user)
		)

	@cached_property
	def _reviewers(self) -> dict[str, list[str]]:
		return {rule.name: rules.reviewers_of(rule) for rule in self.rules}

	def pending_reviewers(self, rule) -> list[str]:
		"""Who may still review under an open, unsatisfied rule (not the owner, not yet decided)."""
		state = self.state_by_rule[rule.name]
		if state.satisfied or not state.is_open:
			return []
		return [
			user
			for user in self._reviewers[rule.name]
			if user != self.doc.owner
			and user not in self.excluded
			and not self.current_decision(rule.name, user)
		]

	def awaiting_since(self, rule):
		"""When the document, with its present content, became ready for this rule."""
		moments = [get_datetime(self.doc.creation)] if self.doc.get("creation") else []
		moments += [get_datetime(row.voided_on) for row in self.reviews if row.voided_on]
		state = self.state_by_rule[rule.name]
		if state.rule.wait_for_previous:
			lower = {s.rule.name for s in self.states if s.rule.sequence < state.rule.sequence}
			moments += [
				get_datetime(row.reviewed_on or row.creation)
				for row in self.reviews
				if row.review_rule in lower and quorum.is_current(self.decision(row), self.content_hash)
			]
		return max(moments) if moments else None

	def excluded_because(self, user: str) -> str:
		"""Why `user` can never review this document ("" when they are not excluded)."""
		if user == self.doc.owner:
			return _("You created {0} {1}; its owner cannot review it.").format(
				_(self.doc.doctype), bold(self.doc.name)
			)
		if user in self.editors:
			return _(
				"You changed the reviewed content of {0} {1}; who changed it cannot review it (four eyes)."
			).format(_(self.doc.doctype), bold(self.doc.name))
		if user in self.requesters:
			return _("You are named as the requester of {0} {1}; who asked for it cannot review it.").format(
				_(self.doc.doctype), bold(self.doc.name)
			)
		return ""

	@staticmethod
	def full_name(user: str) -> str:
		return get_fullname(user) or user

	# ------------------------------------------------------------------ for the desk / API

	def as_dict(self, user: str, checks: dict | None = None) -> dict:
		reasons = [] if self.can_submit else self.reasons()
		eligible = self.rules_to_approve(user)
		blocked = self.approval_blocked(eligible, checks or {})
		approvable = {rule.name for rule in eligible} - set(blocked)
		rejectable = {rule.name for rule in self.rules_to_reject(user)}
		return {
			"doctype": self.doc.doctype,
			"name": self.doc.name,
			"governed": self.governed,
			"docstatus": self.doc.docstatus,
			"owner": self.doc.owner,
			"content_hash": self.content_hash,
			"can_submit": self.can_submit,
			"reasons": reasons,
			"can_approve": bool(approvable) and self.doc.docstatus == 0,
			# {rule: why the user cannot approve under it now}: a check that may not be overridden failed
			"approval_blocked": blocked,
			"can_reject": bool(rejectable) and self.doc.docstatus == 0,
			"excluded_because": self.excluded_because(user),
			"rules": [
				self.rule_dict(rule, user, approvable, rejectable, checks or {}) for rule in self.rules
			],
			"reviews": [self.review_dict(row) for row in self.reviews],
		}

	def approval_blocked(self, eligible: list, results: dict) -> dict[str, str]:
		"""{rule name: the reason} for the `eligible` rules with a failed automatic check that the
		rule does not allow to override: nobody approves under them until the document passes."""
		blocked = {}
		for rule in eligible:
			failed = [
				row.check
				for row in rule.automatic_checks
				if not row.allow_override and (results.get(row.check) or {}).get("passed") is False
			]
			if failed:
				labels = ", ".join(bold(results[name].get("label") or name) for name in failed)
				blocked[rule.name] = _(
					"{0} failed and {1} does not allow overriding it: change the document until it passes, then ask for the review again."
				).format(labels, bold(_(rule.title)))
		return blocked

	def rule_dict(self, rule, user, approvable, rejectable, results) -> dict:
		state = self.state_by_rule[rule.name]
		return {
			"name": rule.name,
			"title": _(rule.title),
			"condition_error": self.condition_note(rule.name) if rule.name in self.condition_errors else "",
			"sequence": rule.sequence,
			"wait_for_previous": bool(rule.wait_for_previous),
			"min_reviewers": state.required,
			"approvals": len(state.approvers),
			"approved_by": [{"user": u, "full_name": self.full_name(u)} for u in state.approvers],
			"rejected_by": [{"user": u, "full_name": self.full_name(u)} for u in state.rejecters],
			"missing": state.missing,
			"satisfied": state.satisfied,
			"is_open": state.is_open,
			"pending_reviewers": [
				{"user": u, "full_name": self.full_name(u)} for u in self.pending_reviewers(rule)
			],
			"can_approve": rule.name in approvable,
			"can_reject": rule.name in rejectable,
			# questions are stored as English source text: `question` is the key the answers use,
			# `label` what the reviewer reads
			"checklist": [
				{"question": row.question, "label": _(row.question), "mandatory": bool(row.mandatory)}
				for row in rule.checklist
			],
			"checks": [
				{
					"check": row.check,
					"allow_override": bool(row.allow_override),
					**(results.get(row.check) or {}),
				}
				for row in rule.automatic_checks
			],
		}

	def review_dict(self, row) -> dict:
		return {
			"name": row.name,
			"review_rule": row.review_rule,
			"rule_title": _(getattr(self.rule_by_name.get(row.review_rule), "title", row.review_rule) or ""),
			"reviewer": row.reviewer,
			"reviewer_name": row.reviewer_name or self.full_name(row.reviewer),
			"decision": row.decision,
			"status": row.status,
			"counts": quorum.is_current(self.decision(row), self.content_hash),
			"comment": row.comment,
			"override_justification": row.override_justification,
			"reviewed_on": row.reviewed_on or row.creation,
			"void_reason": stored_text.show(row.void_reason_message or row.void_reason),
			"voided_on": row.voided_on,
		}
