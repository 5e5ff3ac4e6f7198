"""Who counts towards a review rule, and when a rule is met or open (neiqin.dual_review.quorum)."""

from hypothesis import given
from hypothesis import strategies as st

from neiqin.dual_review.quorum import (
	APPROVED,
	REJECTED,
	VALID,
	VOIDED,
	Decision,
	Rule,
	can_submit,
	counted_approvers,
	evaluate,
	may_review,
	rule_state,
)

OWNER = "owner@example.com"
HASH = "v1:current"
USERS = st.sampled_from([OWNER, "a@x", "b@x", "c@x", "d@x", "e@x"])
decisions = st.builds(
	Decision,
	reviewer=USERS,
	decision=st.sampled_from([APPROVED, REJECTED]),
	status=st.sampled_from([VALID, VOIDED]),
	content_hash=st.sampled_from([HASH, "v1:old"]),
)
decision_lists = st.lists(decisions, max_size=12)
min_reviewers = st.integers(min_value=1, max_value=4)


def approve(user, content_hash=HASH, status=VALID):
	return Decision(user, APPROVED, status, content_hash)


def reject(user, content_hash=HASH, status=VALID):
	return Decision(user, REJECTED, status, content_hash)


def test_two_person_control_needs_one_reviewer_besides_the_owner():
	rule = Rule("R", min_reviewers=1)
	assert not rule_state(rule, [approve(OWNER)], OWNER, HASH).satisfied
	assert rule_state(rule, [approve("a@x")], OWNER, HASH).satisfied


def test_one_user_counts_once_however_often_they_approve():
	state = rule_state(Rule("R", min_reviewers=2), [approve("a@x")] * 5, OWNER, HASH)
	assert state.approvers == ("a@x",)
	assert state.missing == 1
	assert not state.satisfied


def test_voided_and_outdated_approvals_do_not_count():
	state = rule_state(
		Rule("R", min_reviewers=1), [approve("a@x", status=VOIDED), approve("b@x", "v1:old")], OWNER, HASH
	)
	assert state.approvers == ()
	assert state.outdated == ("b@x",)  # still marked Valid, but for other content


def test_a_current_rejection_blocks_even_a_full_quorum():
	state = rule_state(
		Rule("R", min_reviewers=1), [approve("a@x"), approve("b@x"), reject("c@x")], OWNER, HASH
	)
	assert state.rejecters == ("c@x",)
	assert not state.satisfied
	# once voided (the document changed) it no longer blocks
	state = rule_state(
		Rule("R", min_reviewers=1), [approve("a@x"), reject("c@x", status=VOIDED)], OWNER, HASH
	)
	assert state.satisfied


def test_sequence_opens_a_waiting_rule_only_after_lower_rules_are_met():
	first, second = Rule("first", 1, sequence=10), Rule("second", 1, sequence=20, wait_for_previous=True)
	parallel = Rule("parallel", 1, sequence=20)
	states = evaluate([second, parallel, first], {}, OWNER, HASH)
	assert [s.rule.name for s in states] == ["first", "parallel", "second"]
	assert [s.is_open for s in states] == [True, True, False]
	states = evaluate([second, parallel, first], {"first": [approve("a@x")]}, OWNER, HASH)
	assert [s.is_open for s in states] == [True, True, True]
	assert not can_submit(states)
	states = evaluate(
		[second, parallel, first],
		{"first": [approve("a@x")], "parallel": [approve("b@x")], "second": [approve("a@x")]},
		OWNER,
		HASH,
	)
	assert can_submit(states)


def test_equal_sequence_does_not_wait():
	a, b = Rule("a", 1, sequence=5), Rule("b", 1, sequence=5, wait_for_previous=True)
	assert all(state.is_open for state in evaluate([a, b], {}, OWNER, HASH))


def test_may_review():
	assert may_review("a@x", OWNER, ["Sales Reviewer"], ["Sales Reviewer"], [])
	assert may_review("a@x", OWNER, [], [], ["a@x"])
	assert not may_review("a@x", OWNER, ["Sales User"], ["Sales Reviewer"], ["b@x"])
	assert not may_review(OWNER, OWNER, ["Sales Reviewer"], ["Sales Reviewer"], [OWNER])
	assert not may_review("Guest", OWNER, ["Guest"], ["Guest"], [])


# ----------------------------------------------------------------------------- properties


def oracle_satisfied(decisions, owner, current_hash, required):
	current = [d for d in decisions if d.status == VALID and d.content_hash == current_hash]
	rejected = {d.reviewer for d in current if d.decision == REJECTED}
	approved = {d.reviewer for d in current if d.decision == APPROVED} - rejected - {owner}
	return not rejected and len(approved) >= required


@given(decision_lists, min_reviewers)
def test_satisfied_matches_the_definition(decisions, required):
	state = rule_state(Rule("R", required), decisions, OWNER, HASH)
	assert state.satisfied == oracle_satisfied(decisions, OWNER, HASH, required)


@given(decision_lists)
def test_owner_never_counts_and_approvers_are_distinct(decisions):
	approvers = counted_approvers(decisions, OWNER, HASH)
	assert OWNER not in approvers
	assert len(approvers) == len(set(approvers))


@given(decision_lists, min_reviewers, st.randoms())
def test_order_and_repetition_do_not_matter(decisions, required, random):
	rule = Rule("R", required)
	shuffled = decisions * 2
	random.shuffle(shuffled)
	a, b = rule_state(rule, decisions, OWNER, HASH), rule_state(rule, shuffled, OWNER, HASH)
	assert set(a.approvers) == set(b.approvers)
	assert set(a.rejecters) == set(b.rejecters)
	assert a.satisfied == b.satisfied


@given(decision_lists, min_reviewers, decisions)
def test_non_current_decisions_change_nothing(decisions, required, extra):
	if extra.status == VALID and extra.content_hash == HASH:
		extra = Decision(extra.reviewer, extra.decision, VOIDED, extra.content_hash)
	rule = Rule("R", required)
	assert (
		rule_state(rule, decisions, OWNER, HASH).satisfied
		== rule_state(rule, [*decisions, extra], OWNER, HASH).satisfied
	)


@given(decision_lists, min_reviewers, st.sampled_from(["x@x", "y@x", "z@x"]))
def test_a_new_reviewers_approval_never_hurts(decisions, required, newcomer):
	rule = Rule("R", required)
	before = rule_state(rule, decisions, OWNER, HASH)
	after = rule_state(rule, [*decisions, approve(newcomer)], OWNER, HASH)
	assert len(after.approvers) >= len(before.approvers)
	assert after.satisfied or not before.satisfied


@given(decision_lists, min_reviewers)
def test_a_current_rejection_always_blocks(decisions, required):
	state = rule_state(Rule("R", required), [*decisions, reject("e@x")], OWNER, HASH)
	assert not state.satisfied


@given(
	st.lists(
		st.tuples(st.integers(0, 3), st.booleans(), st.integers(1, 2), st.lists(USERS, max_size=3)),
		min_size=1,
		max_size=5,
	)
)
def test_open_means_every_lower_sequence_rule_is_satisfied(specs):
	rules = [Rule(f"r{i}", required, seq, wait) for i, (seq, wait, required, _users) in enumerate(specs)]
	by_rule = {f"r{i}": [approve(u) for u in users] for i, (*_, users) in enumerate(specs)}
	states = evaluate(rules, by_rule, OWNER, HASH)
	assert len(states) == len(rules)
	for state in states:
		lower = [s for s in states if s.rule.sequence < state.rule.sequence]
		expected = not state.rule.wait_for_previous or all(s.satisfied for s in lower)
		assert state.is_open == expected
	assert can_submit(states) == all(s.satisfied for s in states)


# ----------------------------------------------------------------------------- editors (four eyes)

EDITORS = st.sets(st.sampled_from(["a@x", "b@x", "c@x"]), max_size=3)


def test_an_editor_neither_counts_nor_may_review():
	rule = Rule("R", min_reviewers=1)
	assert not rule_state(rule, [approve("a@x")], OWNER, HASH, excluded={"a@x"}).satisfied
	assert rule_state(rule, [approve("a@x"), approve("b@x")], OWNER, HASH, excluded={"a@x"}).approvers == (
		"b@x",
	)
	assert not may_review("a@x", OWNER, ["Sales Reviewer"], ["Sales Reviewer"], ["a@x"], excluded={"a@x"})
	assert may_review("b@x", OWNER, ["Sales Reviewer"], ["Sales Reviewer"], [], excluded={"a@x"})


@given(decision_lists, min_reviewers, EDITORS)
def test_no_editor_is_ever_counted(decisions, required, editors):
	states = evaluate([Rule("R", required)], {"R": decisions}, OWNER, HASH, editors)
	assert not set(states[0].approvers) & editors
	# an editor's approvals are dropped; a rejection of theirs still blocks (the safe side)
	kept = [d for d in decisions if not (d.reviewer in editors and d.decision == APPROVED)]
	assert states[0].satisfied == oracle_satisfied(kept, OWNER, HASH, required)
