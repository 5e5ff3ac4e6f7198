import frappe

from neiqin.custom_fields import CUSTOM_FIELDS, PROPERTY_SETTERS, ROLES


def before_uninstall():
	delete_custom_fields()
	delete_property_setters()
	delete_roles()


def delete_custom_fields():
	for doctype, fields in CUSTOM_FIELDS.items():
		fieldnames = [field["fieldname"] for field in fields]
		for name in frappe.get_all(
			"Custom Field", filters={"dt": doctype, "fieldname": ("in", fieldnames)}, pluck="name"
		):
			frappe.delete_doc("Custom Field", name, ignore_permissions=True, force=True)
		frappe.clear_cache(doctype=doctype)


def delete_property_setters():
	for doctype, fieldname, prop, _value, _type in PROPERTY_SETTERS:
		filters = {"doc_type": doctype, "property": prop}
		if fieldname:
			filters["field_name"] = fieldname
		for name in frappe.get_all("Property Setter", filters=filters, pluck="name"):
			frappe.delete_doc("Property Setter", name, ignore_permissions=True, force=True)


def delete_roles():
	for role in ROLES:
		for doctype in ("Has Role", "Custom DocPerm"):
			frappe.db.delete(doctype, {"role": role})
		if frappe.db.exists("Role", role):
			frappe.delete_doc("Role", role, ignore_permissions=True, force=True)
