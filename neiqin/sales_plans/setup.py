"""Install/migrate step of plans and follow-up (listed in `neiqin.install.SETUP_STEPS`)."""

from neiqin.review_rule_setup import ensure_enabled_rule

PLAN_DOCTYPE = "Sales Plan"
PLAN_APPROVER_ROLE = "Sales Manager"
# stored in English, translated where shown (zh.csv)
PLAN_RULE_TITLE = "Sales plan: manager approval"
SUMMARY_DOCTYPE = "Weekly Sales Summary"
SUMMARY_RULE_TITLE = "Weekly summary: manager's review"


def setup():
	create_plan_rule()
	create_summary_rule()


def create_plan_rule() -> str | None:
	"""A sales plan is in force only after a Sales Manager approved it (销售计划经销售经理批准)."""
	return ensure_enabled_rule(PLAN_DOCTYPE, PLAN_RULE_TITLE, (PLAN_APPROVER_ROLE,), min_reviewers=1)


def create_summary_rule() -> str | None:
	"""The manager's comment on a weekly summary is his review with comment (销售经理点评): the
	summary is submitted once he reviewed it."""
	return ensure_enabled_rule(SUMMARY_DOCTYPE, SUMMARY_RULE_TITLE, (PLAN_APPROVER_ROLE,), min_reviewers=1)
