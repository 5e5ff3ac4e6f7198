"""Who may run the sales reports.

A Script Report opens for the roles listed on it, and only to users with "report" permission
on its reference doctype (Sales Order; Excel export also needs "export" there). When it runs,
frappe drops the result for users who can neither read nor select a doctype named in one of
its Link columns (Customer, Item …). ERPNext's Sales Manager and Accounts User lack some of
these and neiqin's Sales Admin has none, so set-up adds exactly what is missing for the three
report roles: read/report/export on Sales Order, and "select" (see the name, pick it in a
filter — not open the record) on the masters the reports show or filter by. It never takes a
right away; `revoke_report_access` puts ERPNext's standard rules back on uninstall.
"""

import frappe

REPORT_ROLES = ("Sales Admin", "Sales Manager", "Accounts User")
REFERENCE_DOCTYPE = "Sales Order"
RIGHTS = ("read", "report", "export")
LINKED_DOCTYPES = (
	"Company",
	"Customer",
	"Sales Person",
	"Territory",
	"Item Group",
	"Item",
	"Mode of Payment",
)


def grant_report_access():
	"""Idempotent: give each report role what the reports need (see the module docstring)."""
	for role in REPORT_ROLES:
		if not frappe.db.exists("Role", role):
			continue
		_grant(REFERENCE_DOCTYPE, role, RIGHTS)
		for doctype in LINKED_DOCTYPES:
			if not _can_see(doctype, role):
				_grant(doctype, role, ("select",))


def revoke_report_access():
	"""Put ERPNext's standard level-0 rules of the report roles back on the doctypes set-up touches."""
	for doctype in (REFERENCE_DOCTYPE, *LINKED_DOCTYPES):
		if not frappe.db.exists("Custom DocPerm", {"parent": doctype}):
			continue
		for role in REPORT_ROLES:
			key = _key(doctype, role)
			standard = frappe.db.get_value(
				"DocPerm", key, ("read", "report", "export", "select"), as_dict=True
			)
			if standard:
				frappe.db.set_value("Custom DocPerm", key, standard)
			else:
				frappe.db.delete("Custom DocPerm", key)
		frappe.clear_cache(doctype=doctype)


def _key(doctype: str, role: str) -> dict:
	return {"parent": doctype, "role": role, "permlevel": 0, "if_owner": 0}


def _rules_table(doctype: str) -> str:
	"""Custom DocPerm once a doctype's rules were customised (they then replace the standard ones)."""
	return "Custom DocPerm" if frappe.db.exists("Custom DocPerm", {"parent": doctype}) else "DocPerm"


def _can_see(doctype: str, role: str) -> bool:
	table = _rules_table(doctype)
	for who in (role, "All"):
		rule = frappe.db.get_value(table, _key(doctype, who), ("read", "select"), as_dict=True)
		if rule and (rule.read or rule.select):
			return True
	return False


def _grant(doctype: str, role: str, rights: tuple[str, ...]):
	from frappe.permissions import setup_custom_perms

	setup_custom_perms(doctype)
	current = frappe.db.get_value("Custom DocPerm", _key(doctype, role), rights, as_dict=True)
	if current and all(current.values()):
		return
	if current:
		frappe.db.set_value("Custom DocPerm", _key(doctype, role), dict.fromkeys(rights, 1))
	else:
		frappe.get_doc(
			{
				"doctype": "Custom DocPerm",
				"parent": doctype,
				"parenttype": "DocType",
				"parentfield": "permissions",
				"role": role,
				"permlevel": 0,
				"read": 0,
				"export": 0,
				**dict.fromkeys(rights, 1),
			}
		).insert(ignore_permissions=True)
	frappe.clear_cache(doctype=doctype)
