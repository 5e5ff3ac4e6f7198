"""Qualification status from dates, requirement scope, reminders (pure rules)."""

from datetime import date

from neiqin.sales_compliance import qualification_rules as rules

DAY = date(2026, 6, 15)


def test_status_follows_the_dates_on_the_day_asked():
	assert rules.status_on(date(2026, 7, 1), None, DAY) == rules.NOT_YET_VALID
	assert rules.status_on(None, None, DAY) == rules.VALID
	assert rules.status_on(date(2026, 1, 1), date(2027, 1, 1), DAY, 30) == rules.VALID
	assert rules.status_on(None, date(2026, 7, 15), DAY, 30) == rules.EXPIRING  # 30 days left
	assert rules.status_on(None, date(2026, 7, 16), DAY, 30) == rules.VALID
	assert rules.status_on(None, DAY, DAY, 0) == rules.EXPIRING  # last valid day
	assert rules.status_on(None, date(2026, 6, 14), DAY, 30) == rules.EXPIRED
	assert rules.status_on(None, date(2026, 7, 1), DAY, None) == rules.EXPIRING  # default 30 days


def test_problem_says_missing_expired_or_not_yet_valid():
	assert rules.problem_on([], DAY) == rules.Problem(rules.MISSING)
	expired = rules.Held("Q1", None, date(2026, 6, 14))
	assert rules.problem_on([expired], DAY) == rules.Problem(rules.EXPIRED, date(2026, 6, 14))
	renewal = rules.Held("Q2", date(2026, 7, 1), date(2027, 6, 30))
	assert rules.problem_on([expired, renewal], DAY) == rules.Problem(rules.NOT_YET_VALID, date(2026, 7, 1))
	current = rules.Held("Q3", date(2026, 6, 15), date(2026, 6, 15))
	assert rules.problem_on([expired, current], DAY) is None
	assert rules.problem_on([rules.Held("Q4")], DAY) is None  # no dates: always valid


def test_requirement_scope_and_reminder_window():
	assert rules.requirement_applies(None, [])
	assert rules.requirement_applies("Pharma", ["Hospitals", "Pharma", "All Customer Groups"])
	assert not rules.requirement_applies("Pharma", ["Retail", "All Customer Groups"])
	assert rules.due_for_reminder(date(2026, 7, 15), DAY, 30)
	assert not rules.due_for_reminder(date(2026, 7, 16), DAY, 30)
	assert not rules.due_for_reminder(date(2026, 6, 14), DAY, 30)  # already expired
	assert not rules.due_for_reminder(None, DAY, 30)


def test_back_dating_revives_no_licence_both_days_are_judged():
	expired = rules.Held("Q1", date(2026, 1, 1), date(2026, 6, 14))
	assert rules.problem_on([expired], date(2026, 6, 10)) is None
	assert rules.problem_on([expired], (date(2026, 6, 10), DAY)) == rules.Problem(
		rules.EXPIRED, date(2026, 6, 14)
	)
	renewed = rules.Held("Q2", date(2026, 6, 15), date(2027, 6, 14))
	assert rules.problem_on([expired, renewed], (date(2026, 6, 10), DAY)) is None


def test_only_a_verified_licence_satisfies_a_requirement():
	typed_in = rules.Held("Q1", date(2026, 1, 1), date(2027, 1, 1), verified=False)
	assert rules.problem_on([typed_in], DAY) == rules.Problem(rules.UNVERIFIED, DAY)
	verified = rules.Held("Q2", date(2026, 1, 1), date(2027, 1, 1))
	assert rules.problem_on([typed_in, verified], DAY) is None


def test_nobody_verifies_what_they_created_or_last_changed():
	assert rules.may_verify("b@x", "a@x", "a@x")
	assert not rules.may_verify("a@x", "a@x", "c@x")
	assert not rules.may_verify("c@x", "a@x", "c@x")
	assert not rules.may_verify("", "a@x", "a@x")
