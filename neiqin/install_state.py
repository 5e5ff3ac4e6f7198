"""What neiqin has put into a site, for admins and the install/uninstall test:

bench --site <site> execute neiqin.install_state.snapshot
"""

import frappe

from neiqin.custom_fields import CUSTOM_FIELDS, PROPERTY_SETTERS, ROLES


def snapshot() -> dict:
	return {
		"apps": frappe.get_installed_apps(),
		"custom_fields": sorted(
			f"{dt}.{f['fieldname']}"
			for dt, fields in CUSTOM_FIELDS.items()
			for f in fields
			if frappe.db.exists("Custom Field", {"dt": dt, "fieldname": f["fieldname"]})
		),
		"property_setters": sum(
			frappe.db.count(
				"Property Setter", {"doc_type": dt, "property": prop, "field_name": fn or ("is", "not set")}
			)
			for dt, fn, prop, _value, _type in PROPERTY_SETTERS
		),
		"customised_permissions": sorted(frappe.get_all("Custom DocPerm", distinct=True, pluck="parent")),
		"roles": sorted(role for role in ROLES if frappe.db.exists("Role", role)),
		"doctypes": frappe.db.count("DocType", {"module": ("in", _modules())}),
		"module_defs": frappe.db.count("Module Def", {"app_name": "neiqin"}),
		"patches_run": frappe.db.count("Patch Log", {"patch": ("like", "neiqin.%")}),
		"installed_application_rows": frappe.db.count("Installed Application", {"app_name": "neiqin"}),
		"custom_fields_on_own_doctypes": frappe.db.count(
			"Custom Field", {"dt": ("in", _own_doctypes() or [""])}
		),
		"sales_order_fields": len(frappe.get_meta("Sales Order").fields),
		"other_apps_indexes": _other_apps_indexes(),
		"erpnext_works": _erpnext_works(),
	}


def _other_apps_indexes() -> list[str]:
	"""The indexes of `neiqin.indexes` present on tables of other apps (ERPNext's)."""
	from neiqin.indexes import INDEXES, index_name

	present = []
	for doctype, columns in INDEXES:
		if (
			not frappe.db.table_exists(doctype)
			or frappe.db.get_value("DocType", doctype, "module") in _modules()
		):
			continue  # neiqin's own tables (absent before install and after uninstall)
		if frappe.db.sql(f"SHOW INDEX FROM `tab{doctype}` WHERE Key_name = %s", index_name(columns)):
			present.append(f"{doctype}.{index_name(columns)}")
	return sorted(present)


def _own_doctypes() -> list[str]:
	"""neiqin's doctypes, from its folders (also when none of them is on the site)."""
	import json
	from pathlib import Path

	root = Path(frappe.get_app_path("neiqin"))
	return sorted(
		json.loads(path.read_text())["name"]
		for path in root.glob("*/doctype/*/*.json")
		if path.stem == path.parent.name
	)


def _modules() -> list[str]:
	return frappe.get_module_list("neiqin")


def _erpnext_works() -> bool:
	"""ERPNext still validates and saves its own documents (nothing is kept)."""
	doc = frappe.get_doc({"doctype": "UOM", "uom_name": f"_NQ Probe {frappe.generate_hash(length=5)}"})
	doc.insert(ignore_permissions=True)
	frappe.get_meta("Sales Invoice")
	frappe.db.rollback()
	return True
