"""Set-up helper shared by capabilities: an enabled Review Rule that a capability relies on.

Created once, when the dual review is installed; an admin may edit or disable it afterwards
and it stays so (found again by its title or its condition). The title is stored in English
(translated where it is shown). Used for the sample approval (`neiqin.sales_materials.setup`)
and the seal approval (`neiqin.registers.setup`).
"""

import frappe


def ensure_enabled_rule(
	doctype: str,
	title: str,
	roles: list[str] | tuple[str, ...],
	min_reviewers: int = 1,
	condition: str | None = None,
	former_conditions: tuple[str, ...] = (),
	**values,
) -> str | None:
	"""The name of the rule, created enabled when no rule of `doctype` has this title, this
	condition or one of the conditions an earlier version created it with (`values`: other fields
	of the rule, e.g. `allow_changes_after_submit`)."""
	if not frappe.db.exists("DocType", "Review Rule"):
		return None
	existing = find_rule(doctype, title, (condition, *former_conditions) if condition else former_conditions)
	if existing:
		return existing
	rule = frappe.get_doc(
		{
			"doctype": "Review Rule",
			"title": title,
			"document_type": doctype,
			"enabled": 1,
			"condition": condition,
			"min_reviewers": min_reviewers,
			"reviewer_roles": [{"role": role} for role in roles],
			**values,
		}
	)
	rule.insert(ignore_permissions=True)
	return rule.name


def find_rule(doctype: str, title: str, conditions: tuple[str, ...] = ()) -> str | None:
	for filters in ({"title": title}, *({"condition": condition} for condition in conditions)):
		existing = frappe.db.get_value("Review Rule", {"document_type": doctype, **filters})
		if existing:
			return existing
	return None
