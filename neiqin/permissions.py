"""Rights neiqin's roles need on ERPNext's doctypes, granted through Frappe's permission rules.

Frappe keeps a doctype's rules in DocPerm (shipped by the app) until someone customises
them; from then on Custom DocPerm replaces them (what the Role Permissions Manager does).
`grant` follows that path: it copies the standard rules once, then adds the missing rights
to the role's level-0 rule. It never takes a right away. On uninstall, neiqin's roles and
their rules are deleted and copies that equal the standard rules again are dropped
(`neiqin.uninstall`), so the doctypes follow ERPNext's own rules again.

What is granted at set-up:
- Sales Admin (销售内勤) checks every outgoing document and runs the reports: it reads the
  sales documents and may report, export, print and e-mail them. Entering documents stays
  with ERPNext's own roles (Sales User, Stock User, Accounts User).
- The report roles (Sales Admin, Sales Manager, Accounts User) get "select" (see a name,
  choose it in a filter, not open the record) on every doctype the reports show in a Link
  column or filter by: frappe drops a report's result for users who can neither read nor
  select such a doctype.
- Reviewers get read on what they review when a Review Rule is enabled
  (`grant_review_read`); the rule shows what it granted (`read_granted_to`), and disabling
  or deleting it takes back what only it granted (`release_review_read`).
"""

from __future__ import annotations

import frappe

SALES_ADMIN = "Sales Admin"
REPORT_ROLES = ("Sales Admin", "Sales Manager", "Accounts User")
DOCUMENT_RIGHTS = ("read", "report", "export", "print", "email")
CHECKED_DOCUMENTS = ("Sales Order", "Delivery Note", "Sales Invoice", "Payment Entry", "Contract")
# Reports' reference doctype: opening and exporting a report needs report/export there.
REPORT_REFERENCE = ("Sales Order", ("read", "report", "export"))
LINKED_DOCTYPES = (
	"Company",
	"Customer",
	"Customer Group",
	"Sales Person",
	"Territory",
	"Item Group",
	"Item",
	"UOM",
	"Mode of Payment",
	"Supplier",
	"Warehouse",
	"Contract",
	"Sales Invoice",
	"Delivery Note",
	"Payment Entry",
	"Journal Entry",
	# Sales expenses: the expense reports' employee column
	"Employee",
)


def grant_role_rights() -> None:
	"""Set-up step (idempotent): the rights described in the module docstring."""
	if frappe.db.exists("Role", SALES_ADMIN):
		for doctype in CHECKED_DOCUMENTS:
			grant(doctype, SALES_ADMIN, DOCUMENT_RIGHTS)
	reference, rights = REPORT_REFERENCE
	for role in REPORT_ROLES:
		if not frappe.db.exists("Role", role):
			continue
		grant(reference, role, rights)
		for doctype in LINKED_DOCTYPES:
			if not can_see(doctype, role):
				grant(doctype, role, ("select",))


def revoke_role_rights() -> None:
	"""Before uninstall: put ERPNext's standard level-0 rules of the report roles back on the
	doctypes set-up touched (neiqin's own roles are deleted with their rules)."""
	for doctype in dict.fromkeys((REPORT_REFERENCE[0], *CHECKED_DOCUMENTS, *LINKED_DOCTYPES)):
		if not frappe.db.exists("Custom DocPerm", {"parent": doctype}):
			continue
		for role in REPORT_ROLES:
			key = rule_key(doctype, role)
			standard = frappe.db.get_value("DocPerm", key, ("select", *DOCUMENT_RIGHTS), as_dict=True)
			if standard:
				frappe.db.set_value("Custom DocPerm", key, standard)
			else:
				frappe.db.delete("Custom DocPerm", key)
		frappe.clear_cache(doctype=doctype)


def grant(doctype: str, role: str, rights: tuple[str, ...] | list[str]) -> bool:
	"""Give `role` these level-0 rights on `doctype` (no-op when it has them). True if changed."""
	from frappe.permissions import setup_custom_perms

	setup_custom_perms(doctype)
	key = rule_key(doctype, role)
	current = frappe.db.get_value("Custom DocPerm", key, list(rights), as_dict=True)
	if current and all(current.values()):
		return False
	if current:
		frappe.db.set_value("Custom DocPerm", key, dict.fromkeys(rights, 1))
	else:
		frappe.get_doc(
			{
				"doctype": "Custom DocPerm",
				"parenttype": "DocType",
				"parentfield": "permissions",
				"read": 0,
				"export": 0,
				**key,
				**dict.fromkeys(rights, 1),
			}
		).insert(ignore_permissions=True)
	frappe.clear_cache(doctype=doctype)
	return True


def can_read(doctype: str, role: str) -> bool:
	"""Whether the role (or everybody) may read every record of the doctype (level 0)."""
	readers = {
		perm.role
		for perm in frappe.get_meta(doctype).permissions
		if perm.read and not perm.permlevel and not perm.if_owner
	}
	return role in readers or "All" in readers


def grant_review_read(doctype: str, roles: list[str], rule: str) -> list[str]:
	"""Read on `doctype` for the reviewer roles of `rule` that cannot read it yet; returns the
	roles granted (the rule keeps them in `read_granted_to`)."""
	granted = [
		role for role in roles if role not in ("Administrator", "Guest") and not can_read(doctype, role)
	]
	for role in granted:
		grant(doctype, role, ("read",))
	return granted


def release_review_read(doctype: str, roles: list[str], rule: str) -> None:
	"""Take back the read that `rule` granted these roles, unless another enabled rule on the
	doctype names the role: then that rule holds the grant from now on."""
	for role in roles:
		heir = next(
			(
				other
				for other in frappe.get_all(
					"Review Rule",
					filters={"document_type": doctype, "enabled": 1, "name": ("!=", rule)},
					pluck="name",
				)
				if role in frappe.get_all("Review Rule Role", filters={"parent": other}, pluck="role")
			),
			None,
		)
		if heir:
			held = frappe.db.get_value("Review Rule", heir, "read_granted_to") or ""
			frappe.db.set_value(
				"Review Rule",
				heir,
				"read_granted_to",
				"\n".join(dict.fromkeys([*held.splitlines(), role])),
				update_modified=False,
			)
			continue
		revoke_read(doctype, role)


def revoke_read(doctype: str, role: str) -> None:
	"""Remove read from the role's level-0 rule on the doctype (the rule goes when nothing is left)."""
	key = rule_key(doctype, role)
	name = frappe.db.get_value("Custom DocPerm", key)
	if not name:
		return
	frappe.db.set_value("Custom DocPerm", name, "read", 0)
	rights = frappe.db.get_value(
		"Custom DocPerm", name, ["select", *DOCUMENT_RIGHTS, "write", "create"], as_dict=True
	)
	if not any(rights.values()):
		frappe.db.delete("Custom DocPerm", {"name": name})
	frappe.clear_cache(doctype=doctype)


def can_see(doctype: str, role: str) -> bool:
	"""Whether the role (or everybody) may read or select the doctype's records."""
	table = "Custom DocPerm" if frappe.db.exists("Custom DocPerm", {"parent": doctype}) else "DocPerm"
	for who in (role, "All"):
		rule = frappe.db.get_value(table, rule_key(doctype, who), ("read", "select"), as_dict=True)
		if rule and (rule.read or rule.select):
			return True
	return False


def rule_key(doctype: str, role: str) -> dict:
	return {"parent": doctype, "role": role, "permlevel": 0, "if_owner": 0}
