"""User events neiqin listens to: a Sales Admin (销售内勤) lands on the Sales Back Office
workspace.

frappe opens a user's `default_workspace` after login and from the desk's home. A user who
is given the Sales Admin role and has no default workspace gets neiqin's; a default the user
or an administrator chose is never replaced. Install and migrate do the same for the Sales
Admins already on the site; uninstall clears the default where it still points here.
"""

import frappe

from neiqin.custom_fields import WORKSPACE

HOME_ROLE = "Sales Admin"


def set_default_workspace(doc, method=None):
	"""validate: a Sales Admin without a default workspace gets the Sales Back Office."""
	if doc.default_workspace or not frappe.db.exists("Workspace", WORKSPACE):
		return
	if HOME_ROLE in {row.role for row in doc.get("roles", [])}:
		doc.default_workspace = WORKSPACE


def set_default_workspaces():
	"""Set-up step (idempotent): existing Sales Admins without a default workspace get it."""
	if not frappe.db.exists("Workspace", WORKSPACE):
		return
	users = frappe.get_all(
		"Has Role", filters={"role": HOME_ROLE, "parenttype": "User"}, pluck="parent", distinct=True
	)
	for user in users:
		if user != "Administrator" and not frappe.db.get_value("User", user, "default_workspace"):
			frappe.db.set_value("User", user, "default_workspace", WORKSPACE, update_modified=False)


def clear_default_workspaces():
	"""Before uninstall: users whose default is neiqin's workspace get frappe's default back."""
	for user in frappe.get_all("User", filters={"default_workspace": WORKSPACE}, pluck="name"):
		frappe.db.set_value("User", user, "default_workspace", None, update_modified=False)
