"""Install/migrate step of Sales Compliance (listed in `neiqin.install.SETUP_STEPS`)."""

from neiqin.review_rule_setup import ensure_enabled_rule

APPROVAL_DOCTYPE = "Promotion Approval"
APPROVER_ROLE = "Sales Manager"
# stored in English, translated where shown (zh.csv)
APPROVAL_RULE_TITLE = "Promotion approval: a second Sales Manager"


def setup():
	create_approval_rule()


def create_approval_rule() -> str | None:
	"""Nobody approves what they asked for: a promotion approval is submitted only after a Sales
	Manager other than its creator approved it (the owner never counts). Write-offs are added to
	the submitted approval (核销): each such change is recorded and listed in the Review Audit
	Trail."""
	return ensure_enabled_rule(
		APPROVAL_DOCTYPE,
		APPROVAL_RULE_TITLE,
		(APPROVER_ROLE,),
		min_reviewers=1,
		allow_changes_after_submit=1,
	)
