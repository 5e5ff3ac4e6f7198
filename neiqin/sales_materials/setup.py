"""Install/migrate step of Sales Materials (listed in `neiqin.install.SETUP_STEPS`), and the
approval rule that follows the kinds set in Neiqin Settings."""

import json

import frappe
from frappe import _
from frappe.utils import cint

from neiqin.escaping import bold
from neiqin.review_rule_setup import ensure_enabled_rule
from neiqin.sales_materials.refusals import MaterialApprovalKindsProtectedError
from neiqin.sales_materials.rules import KINDS, approval_field

DOCTYPE = "Sales Material Log"
APPROVER_ROLE = "Sales Manager"
# stored as English source text, shown translated (zh.csv)
RULE_TITLE = "Samples and promotional items: manager approval"
SETTINGS = "Neiqin Settings"
# the condition earlier versions wrote; migrate brings it in line with the setting
OLD_CONDITIONS = ('doc.kind in ("Sample", "Promotional Item")',)


def setup():
	rule = create_approval_rule()
	condition = frappe.db.get_value("Review Rule", rule, "condition") if rule else None
	if condition in OLD_CONDITIONS or condition == kinds_only_condition(approval_kinds()):
		sync_approval_rule()


def approval_kinds() -> list[str]:
	"""Kinds of Sales Material Log issued only after a manager's approval: the ticked checks of
	Neiqin Settings (their defaults while none is stored)."""
	return kinds_ticked(frappe.db.get_singles_dict(SETTINGS))


def kinds_ticked(values) -> list[str]:
	meta = frappe.get_meta(SETTINGS)
	ticked = []
	for kind in KINDS:
		value = values.get(approval_field(kind))
		if cint(meta.get_field(approval_field(kind)).default if value is None else value):
			ticked.append(kind)
	return ticked


KINDS_WRITER_ROLE = "System Manager"


def validate_kinds(settings) -> None:
	"""Only a System Manager changes which kinds need approval (server code and
	`ignore_permissions` included: the fields' permission level alone would not stop it)."""
	before = settings.get_doc_before_save()
	old = kinds_ticked(before) if before else approval_kinds()
	if kinds_ticked(settings) != old and KINDS_WRITER_ROLE not in frappe.get_roles():
		frappe.throw(
			_("Only a {0} may change which kinds of Sales Material Log need approval.").format(
				bold(_(KINDS_WRITER_ROLE))
			),
			MaterialApprovalKindsProtectedError,
		)


def kinds_only_condition(kinds: list[str]) -> str:
	"""The condition before the approval need followed the items (brought in line on migrate)."""
	# a list, not a tuple: ("Sample") would be a string and `in` would match substrings
	return "doc.kind in " + json.dumps(list(kinds), ensure_ascii=False)


def rule_condition(kinds: list[str]) -> str:
	"""The log's kind, or what the log decided on its values (`needs_approval`: its items' kinds and
	value, see `approval_need`)."""
	return kinds_only_condition(kinds) + " or doc.needs_approval"


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
