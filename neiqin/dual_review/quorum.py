"""Who counts towards a review rule and whether the rule is met (pure: no frappe).

A *decision* is one row of `Document Review`; it is *current* when it is still Valid and was
made on the document's present content (same content hash). For every rule:

- the document's owner never counts (four eyes), whatever the data says, and neither does
  anyone who changed the reviewed content (`excluded`);
- each reviewer counts once, however many approvals they made;
- only current approvals count; a current rejection blocks the rule (and a reviewer who
  rejected is not counted as an approver);
- the rule is *satisfied* when it has at least `min_reviewers` counted approvers and no
  current rejection;
- a rule with `wait_for_previous` is *open* only when every rule with a lower sequence is
  satisfied; other rules are always open. Rules with the same sequence run in parallel.

The document may be submitted when every applicable rule is satisfied.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

APPROVED = "Approved"
REJECTED = "Rejected"
VALID = "Valid"
VOIDED = "Voided"


@dataclass(frozen=True)
class Decision:
	reviewer: str
	decision: str
	status: str = VALID
	content_hash: str = ""


@dataclass(frozen=True)
class Rule:
	name: str
	min_reviewers: int = 1
	sequence: int = 0
	wait_for_previous: bool = False


@dataclass(frozen=True)
class RuleState:
	rule: Rule
	approvers: tuple[str, ...] = ()
	rejecters: tuple[str, ...] = ()
	outdated: tuple[str, ...] = field(default=())
	is_open: bool = True

	@property
	def required(self) -> int:
		return max(1, int(self.rule.min_reviewers or 0))

	@property
	def missing(self) -> int:
		return max(0, self.required - len(self.approvers))

	@property
	def satisfied(self) -> bool:
		return not self.rejecters and not self.missing


def is_current(decision: Decision, current_hash: str) -> bool:
	return decision.status == VALID and decision.content_hash == current_hash


def _distinct(users: Iterable[str]) -> tuple[str, ...]:
	return tuple(dict.fromkeys(user for user in users if user))


def rejecters(decisions: Iterable[Decision], current_hash: str) -> tuple[str, ...]:
	"""Reviewers whose current rejection blocks the rule (in the order they rejected)."""
	return _distinct(d.reviewer for d in decisions if is_current(d, current_hash) and d.decision == REJECTED)


def counted_approvers(
	decisions: Iterable[Decision], owner: str | None, current_hash: str, excluded: Iterable[str] = ()
) -> tuple[str, ...]:
	"""Distinct reviewers (not the owner, not an excluded editor, not a current rejecter) with a
	current approval."""
	decisions = list(decisions)
	blocked = set(rejecters(decisions, current_hash)) | set(excluded)
	return _distinct(
		d.reviewer
		for d in decisions
		if is_current(d, current_hash)
		and d.decision == APPROVED
		and d.reviewer != owner
		and d.reviewer not in blocked
	)


def outdated_reviewers(decisions: Iterable[Decision], current_hash: str) -> tuple[str, ...]:
	"""Reviewers whose decision is still marked Valid but was made on other content."""
	decisions = list(decisions)
	current = {d.reviewer for d in decisions if is_current(d, current_hash)}
	return _distinct(
		d.reviewer
		for d in decisions
		if d.status == VALID and d.content_hash != current_hash and d.reviewer not in current
	)


def rule_state(
	rule: Rule,
	decisions: Iterable[Decision],
	owner: str | None,
	current_hash: str,
	excluded: Iterable[str] = (),
) -> RuleState:
	decisions = list(decisions)
	return RuleState(
		rule=rule,
		approvers=counted_approvers(decisions, owner, current_hash, excluded),
		rejecters=rejecters(decisions, current_hash),
		outdated=outdated_reviewers(decisions, current_hash),
	)


def evaluate(
	rules: Sequence[Rule],
	decisions_by_rule: Mapping[str, Iterable[Decision]],
	owner: str | None,
	current_hash: str,
	excluded: Iterable[str] = (),
) -> list[RuleState]:
	"""The state of every applicable rule, ordered by (sequence, name), with `is_open` set.
	`excluded`: users who changed the reviewed content (they never count)."""
	ordered = sorted(rules, key=lambda rule: (rule.sequence or 0, rule.name))
	excluded = frozenset(excluded)
	states = [
		rule_state(rule, decisions_by_rule.get(rule.name, ()), owner, current_hash, excluded)
		for rule in ordered
	]
	result = []
	for state in states:
		is_open = not state.rule.wait_for_previous or all(
			other.satisfied for other in states if (other.rule.sequence or 0) < (state.rule.sequence or 0)
		)
		result.append(RuleState(state.rule, state.approvers, state.rejecters, state.outdated, is_open))
	return result


def can_submit(states: Iterable[RuleState]) -> bool:
	return all(state.satisfied for state in states)


def may_review(
	user: str,
	owner: str | None,
	user_roles: Iterable[str],
	rule_roles: Iterable[str],
	rule_users: Iterable[str],
	excluded: Iterable[str] = (),
) -> bool:
	"""A user may review under a rule when named on it or holding one of its roles — never the
	owner, never Guest, never someone who changed the reviewed content (`excluded`)."""
	if not user or user == owner or user == "Guest" or user in set(excluded):
		return False
	return user in set(rule_users) or bool(set(user_roles) & set(rule_roles))
