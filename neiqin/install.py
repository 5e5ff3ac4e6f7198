import frappe
from frappe.custom.doctype.custom_field.custom_field import create_custom_fields
from frappe.custom.doctype.property_setter.property_setter import make_property_setter

from neiqin.custom_fields import CUSTOM_FIELDS, PROPERTY_SETTERS, ROLES

# Capability set-up run after the common steps, in order (dotted paths to functions).
SETUP_STEPS: list[str] = [
	"neiqin.dual_review.setup.setup",
	"neiqin.sales_materials.setup.setup",
	"neiqin.registers.setup.setup",
	"neiqin.sales_compliance.setup.setup",
	"neiqin.documents_back.setup.setup",
	"neiqin.sales_expenses.setup.setup",
	"neiqin.permissions.grant_role_rights",
	"neiqin.overrides.user.set_default_workspaces",
	"neiqin.contract_fulfilment.rebuild.enqueue_backfill",
	"neiqin.indexes.apply",
]


def after_install():
	setup()


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
