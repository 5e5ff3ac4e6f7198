"""Set-up helper shared by capabilities: an enabled Review Rule that a capability relies on.

Created once, when the dual review is installed; an admin may edit or disable it afterwards
and it stays so (found again by its title or its condition). The title is stored in English
(translated where it is shown). `neiqin.sales_materials.setup.create_approval_rule` does the
same for samples and may call this.
"""

import frappe


def ensure_enabled_rule(
	doctype: str,
	title: str,
	roles: list[str] | tuple[str, ...],
	min_reviewers: int = 1,
	condition: str | None = None,
) -> str | None:
	if not frappe.db.exists("DocType", "Review Rule"):
		return None
	lookups = [{"title": title}] + ([{"condition": condition}] if condition else [])
	for filters in lookups:
		existing = frappe.db.get_value("Review Rule", {"document_type": doctype, **filters})
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
		}
	)
	rule.insert(ignore_permissions=True)
	return rule.name
