import frappe
from frappe.custom.doctype.custom_field.custom_field import create_custom_fields
from frappe.custom.doctype.property_setter.property_setter import make_property_setter

from neiqin.custom_fields import CUSTOM_FIELDS, PROPERTY_SETTERS, ROLES

# The workspaces of each role and who lands where (again after install-app synced the cards)
LANDING_STEPS: tuple[str, ...] = ("neiqin.workspaces.sync", "neiqin.overrides.user.set_default_workspaces")

# Capability set-up run after the common steps, in order (dotted paths to functions).
SETUP_STEPS: list[str] = [
	"neiqin.dual_review.setup.setup",
	"neiqin.sales_materials.setup.setup",
	"neiqin.registers.setup.setup",
	"neiqin.sales_compliance.setup.setup",
	"neiqin.documents_back.setup.setup",
	"neiqin.sales_expenses.setup.setup",
	"neiqin.sales_plans.setup.setup",
	"neiqin.permissions.resync_standard_rules",
	"neiqin.permissions.grant_role_rights",
	*LANDING_STEPS,
	"neiqin.contract_fulfilment.rebuild.enqueue_backfill",
	"neiqin.indexes.apply",
]


# Site config key naming a step of SETUP_STEPS at which `after_install` fails (the install test's
# way to make an install fail part-way on a throwaway site; never set on a real site)
FAIL_AT_KEY = "neiqin_install_fail_at"


class InstallStepFailedError(Exception):
	"""A step of neiqin's installation failed on purpose (site config `neiqin_install_fail_at`)."""


def before_install():
	"""`bench get-app` + `install-app` on a running site: the module map this process read from
	the site's cache was built before neiqin joined apps.txt, so frappe would sync none of
	neiqin's doctypes and `after_install` would find none of them. install-app has just cleared
	the cache; the map is rebuilt from apps.txt before frappe syncs the doctypes."""
	frappe.cache.delete_value(["app_modules", "installed_app_modules", "module_app", "module_installed_app"])
	frappe.setup_module_map()


def after_install():
	"""The set-up, or, when any of it fails, nothing of neiqin left on the site (the error is
	raised again, so install-app reports it and exits with an error)."""
	try:
		setup()
	except BaseException:
		frappe.db.rollback()
		undo_install()
		raise


def undo_install():
	"""Uninstall what install-app has done so far: neiqin's doctypes, module definitions, custom
	fields, roles, rights and indexes (the before_uninstall steps), its place in Installed
	Applications and its patches marked as run."""
	from frappe.installer import remove_app

	remove_app("neiqin", yes=True, no_backup=True, force=True)
	frappe.db.delete("Patch Log", {"patch": ("like", "neiqin.%")})
	frappe.db.commit()
	frappe.clear_cache()


def after_sync():
	"""install-app syncs an app's number cards and dashboard charts only after `after_install`:
	the landings are written again once they are on the site (on migrate, `after_migrate` comes
	after them)."""
	try:
		for step in LANDING_STEPS:
			frappe.get_attr(step)()
	except BaseException:
		frappe.db.rollback()
		undo_install()
		raise


def after_migrate():
	setup()


def setup():
	"""Idempotent, on install and every migrate: roles, custom fields, property setters and
	settings defaults are created or completed, then each capability's set-up step runs."""
	create_roles()
	create_custom_fields(CUSTOM_FIELDS, ignore_validate=True, update=True)
	create_property_setters()
	ensure_settings_defaults()
	for step in SETUP_STEPS:
		if frappe.flags.in_install == "neiqin" and frappe.conf.get(FAIL_AT_KEY) == step:
			raise InstallStepFailedError(step)
		frappe.get_attr(step)()


def create_roles():
	for role_name, values in ROLES.items():
		if frappe.db.exists("Role", role_name):
			continue
		frappe.get_doc({"doctype": "Role", "role_name": role_name, **values}).insert(ignore_permissions=True)


def ensure_settings_defaults():
	"""Store every default of Neiqin Settings that has no value yet.

	A Single doctype shows its defaults only while none of its values is stored; once one is
	saved, the others would read as empty. Storing them keeps the options stable.
	"""
	stored = frappe.db.get_singles_dict("Neiqin Settings")
	for df in frappe.get_meta("Neiqin Settings").fields:
		if df.default is not None and stored.get(df.fieldname) in (None, ""):
			frappe.db.set_single_value("Neiqin Settings", df.fieldname, df.default)


def create_property_setters():
	for doctype, fieldname, prop, value, property_type in PROPERTY_SETTERS:
		make_property_setter(
			doctype,
			fieldname,
			prop,
			value,
			property_type,
			for_doctype=not fieldname,
			validate_fields_for_doctype=False,
			is_system_generated=True,
		)
