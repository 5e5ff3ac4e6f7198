"""Install/migrate step of the registers (listed in `neiqin.install.SETUP_STEPS`)."""

from neiqin.review_rule_setup import ensure_enabled_rule

SEAL_DOCTYPE = "Seal Usage Log"
SEAL_APPROVER_ROLE = "Sales Manager"
# stored in English, translated where shown (zh.csv)
SEAL_RULE_TITLE = "Seal usage: manager approval"


def setup():
	create_seal_rule()


def create_seal_rule() -> str | None:
	"""A seal is used only after a Sales Manager approved the use (掌握和使用印章并审核)."""
	return ensure_enabled_rule(SEAL_DOCTYPE, SEAL_RULE_TITLE, (SEAL_APPROVER_ROLE,), min_reviewers=1)
