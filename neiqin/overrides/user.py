"""User events neiqin listens to: each of neiqin's roles lands on its workspace
(`neiqin.workspaces.LANDINGS`: Sales Admin → Sales Back Office, Sales Manager → Sales Management,
Sales Reviewer → Sales Review, Accounts User → Sales Finance; the first of `HOME_ORDER` the user
holds).

frappe opens a user's `default_workspace` after login and from the desk's home. A user who is
given one of these roles and has no default workspace gets neiqin's; a default the user or an
administrator chose is never replaced. Install and migrate do the same for the users already on
the site; uninstall clears the default where it still points to one of neiqin's workspaces.
"""

import frappe

from neiqin.workspaces import HOME_ORDER, LANDINGS, home_for


def set_default_workspace(doc, method=None):
	"""validate: a user of a neiqin role without a default workspace gets the role's landing."""
	if doc.default_workspace or doc.name in ("Administrator", "Guest"):
		return
	home = home_for({row.role for row in doc.get("roles", [])})
	if home and frappe.db.exists("Workspace", home):
		doc.default_workspace = home


def set_default_workspaces():
	"""Set-up step (idempotent): existing users of neiqin's roles without a default workspace get
	their landing."""
	users = frappe.get_all(
		"Has Role",
		filters={"role": ("in", HOME_ORDER), "parenttype": "User"},
		fields=["parent", "role"],
	)
	roles_of: dict[str, set[str]] = {}
	for row in users:
		roles_of.setdefault(row.parent, set()).add(row.role)
	for user, roles in roles_of.items():
		if user in ("Administrator", "Guest") or frappe.db.get_value("User", user, "default_workspace"):
			continue
		home = home_for(roles)
		if home and frappe.db.exists("Workspace", home):
			frappe.db.set_value("User", user, "default_workspace", home, update_modified=False)


def clear_default_workspaces():
	"""Before uninstall: users whose default is one of neiqin's workspaces get frappe's default back."""
	names = [landing.name for landing in LANDINGS]
	for user in frappe.get_all("User", filters={"default_workspace": ("in", names)}, pluck="name"):
		frappe.db.set_value("User", user, "default_workspace", None, update_modified=False)
