"""Run inside another site with `frappe --site X execute tests.integration.site_probe.snapshot`."""

import frappe

from neiqin.custom_fields import CUSTOM_FIELDS, ROLES


def snapshot() -> dict:
	return {
		"apps": frappe.get_installed_apps(),
		"custom_fields": sorted(
			f"{dt}.{f['fieldname']}"
			for dt, fields in CUSTOM_FIELDS.items()
			for f in fields
			if frappe.db.exists("Custom Field", {"dt": dt, "fieldname": f["fieldname"]})
		),
		"property_setters": frappe.db.count("Property Setter", {"module": ("in", _modules())}),
		"roles": sorted(role for role in ROLES if frappe.db.exists("Role", role)),
		"doctypes": frappe.db.count("DocType", {"module": ("in", _modules())}),
		"sales_order_fields": len(frappe.get_meta("Sales Order").fields),
		"settings_table": bool(frappe.db.table_exists("Singles")),
		"erpnext_works": _erpnext_works(),
	}


def _modules() -> list[str]:
	return ["Neiqin", "Dual Review", "Contract Fulfilment", "Sales Materials", "Sales Reports"]


def _erpnext_works() -> bool:
	"""ERPNext still validates and saves its own documents."""
	doc = frappe.get_doc({"doctype": "UOM", "uom_name": f"_NQ Probe {frappe.generate_hash(length=5)}"})
	doc.insert(ignore_permissions=True)
	frappe.get_meta("Sales Invoice")
	frappe.db.rollback()
	return True
