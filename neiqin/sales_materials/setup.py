"""Install/migrate step of Sales Materials (listed in `neiqin.install.SETUP_STEPS`)."""

import frappe

from neiqin.sales_materials.rules import APPROVAL_KINDS

DOCTYPE = "Sales Material Log"
APPROVER_ROLE = "Sales Manager"
RULE_TITLE = "Samples and promotional items: manager approval"
RULE_CONDITION = "doc.kind in (" + ", ".join(f'"{kind}"' for kind in APPROVAL_KINDS) + ")"


def setup():
	create_approval_rule()


def create_approval_rule() -> str | None:
	"""An enabled Review Rule so that samples and promotional items are issued only after a
	Sales Manager approved them (经城市经理签字确认后方可发放). Created once, when the dual
	review is installed; an admin may edit or disable it afterwards and it stays so."""
	if not frappe.db.exists("DocType", "Review Rule"):
		return None
	for filters in ({"title": RULE_TITLE}, {"condition": RULE_CONDITION}):
		existing = frappe.db.get_value("Review Rule", {"document_type": DOCTYPE, **filters})
		if existing:
			return existing
	rule = frappe.get_doc(
		{
			"doctype": "Review Rule",
			"title": RULE_TITLE,
			"document_type": DOCTYPE,
			"enabled": 1,
			"condition": RULE_CONDITION,
			"min_reviewers": 1,
			"reviewer_roles": [{"role": APPROVER_ROLE}],
		}
	)
	rule.insert(ignore_permissions=True)
	return rule.name
