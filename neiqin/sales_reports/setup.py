"""Who may run the sales reports.

A Script Report is open to the roles listed on it AND to users with "report" permission on
its reference doctype (Sales Order); Excel export also needs "export" there. ERPNext gives
Sales Manager all three on Sales Order, Accounts User only "read", and neiqin's Sales Admin
nothing, so set-up adds what is missing (never takes anything away).
"""

import frappe
from frappe.permissions import add_permission, setup_custom_perms, update_permission_property

REFERENCE_DOCTYPE = "Sales Order"
REPORT_ROLES = ("Sales Admin", "Sales Manager", "Accounts User")
RIGHTS = ("read", "report", "export")


def grant_report_access():
	"""Idempotent: give each report role read, report and export on Sales Order (level 0)."""
	setup_custom_perms(REFERENCE_DOCTYPE)
	changed = False
	for role in REPORT_ROLES:
		if not frappe.db.exists("Role", role):
			continue
		current = _custom_perm(role)
		if not current:
			add_permission(REFERENCE_DOCTYPE, role, 0)
			current = _custom_perm(role)
		for right in RIGHTS:
			if not current.get(right):
				update_permission_property(REFERENCE_DOCTYPE, role, 0, right, 1, validate=False)
				changed = True
	if changed:
		frappe.clear_cache(doctype=REFERENCE_DOCTYPE)


def revoke_report_access():
	"""Undo `grant_report_access` on uninstall: each role gets back ERPNext's standard rights."""
	for role in REPORT_ROLES:
		standard = frappe.db.get_value(
			"DocPerm",
			{"parent": REFERENCE_DOCTYPE, "role": role, "permlevel": 0, "if_owner": 0},
			RIGHTS,
			as_dict=True,
		)
		filters = {"parent": REFERENCE_DOCTYPE, "role": role, "permlevel": 0, "if_owner": 0}
		if not standard:
			frappe.db.delete("Custom DocPerm", filters)
			continue
		for right in RIGHTS:
			frappe.db.set_value("Custom DocPerm", filters, right, standard[right] or 0)
	frappe.clear_cache(doctype=REFERENCE_DOCTYPE)


def _custom_perm(role: str) -> dict | None:
	return frappe.db.get_value(
		"Custom DocPerm",
		{"parent": REFERENCE_DOCTYPE, "role": role, "permlevel": 0, "if_owner": 0},
		RIGHTS,
		as_dict=True,
	)
