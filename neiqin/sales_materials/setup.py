"""Install/migrate step of Sales Materials (listed in `neiqin.install.SETUP_STEPS`), and the
approval rule that follows the kinds set in Neiqin Settings."""

import json

import frappe
from frappe import _

from neiqin.review_rule_setup import ensure_enabled_rule
from neiqin.sales_materials.refusals import MaterialApprovalKindsError, MaterialApprovalKindsProtectedError
from neiqin.sales_materials.rules import KINDS

DOCTYPE = "Sales Material Log"
APPROVER_ROLE = "Sales Manager"
# stored as English source text, shown translated (zh.csv)
RULE_TITLE = "Samples and promotional items: manager approval"
SETTING = "material_approval_kinds"
DEFAULT_KINDS = ("Sample", "Promotional Item", "Gift")
# the condition earlier versions wrote; migrate brings it in line with the setting
OLD_CONDITIONS = ('doc.kind in ("Sample", "Promotional Item")',)


def setup():
	rule = create_approval_rule()
	if rule and frappe.db.get_value("Review Rule", rule, "condition") in OLD_CONDITIONS:
		sync_approval_rule()


def approval_kinds() -> list[str]:
	"""Kinds of Sales Material Log issued only after a manager's approval (Neiqin Settings)."""
	value = frappe.db.get_single_value("Neiqin Settings", SETTING)
	if value is None:
		return list(DEFAULT_KINDS)
	return parse_kinds(value)


def parse_kinds(value: str | None) -> list[str]:
	return list(dict.fromkeys(kind.strip() for kind in (value or "").splitlines() if kind.strip()))


KINDS_WRITER_ROLE = "System Manager"


def validate_kinds(value: str | None) -> None:
	"""Known kinds only; and only a System Manager changes them (server code and
	`ignore_permissions` included: the field's permission level alone would not stop it)."""
	stored = frappe.db.get_single_value("Neiqin Settings", SETTING)
	if parse_kinds(value) != parse_kinds(stored) and KINDS_WRITER_ROLE not in frappe.get_roles():
		frappe.throw(
			_("Only a {0} may change which kinds of Sales Material Log need approval.").format(
				frappe.bold(_(KINDS_WRITER_ROLE))
			),
			MaterialApprovalKindsProtectedError,
		)
	unknown = [kind for kind in parse_kinds(value) if kind not in KINDS]
	if unknown:
		frappe.throw(
			_("{0} is not a kind of Sales Material Log. Kinds: {1}").format(
				", ".join(frappe.bold(kind) for kind in unknown), ", ".join(_(kind) for kind in KINDS)
			),
			MaterialApprovalKindsError,
		)


def rule_condition(kinds: list[str]) -> str:
	# a list, not a tuple: ("Sample") would be a string and `in` would match substrings
	return "doc.kind in " + json.dumps(list(kinds), ensure_ascii=False)


def create_approval_rule() -> str | None:
	"""An enabled Review Rule so that the kinds set in Neiqin Settings are issued only after a
	Sales Manager approved them (经城市经理签字确认后方可发放). Created once, when the dual
	review is installed; an admin may edit or disable it afterwards and it stays so."""
	return ensure_enabled_rule(
		DOCTYPE,
		RULE_TITLE,
		(APPROVER_ROLE,),
		min_reviewers=1,
		condition=rule_condition(approval_kinds()),
		former_conditions=OLD_CONDITIONS,
	)


def sync_approval_rule() -> str | None:
	"""Neiqin Settings changed the kinds: the approval rule's condition follows (a change of the
	rule, kept in its history and the Review Audit Trail)."""
	name = create_approval_rule()
	if not name:
		return None
	rule = frappe.get_doc("Review Rule", name)
	condition = rule_condition(approval_kinds())
	if rule.condition != condition:
		rule.condition = condition
		rule.save(ignore_permissions=True)
	return name
