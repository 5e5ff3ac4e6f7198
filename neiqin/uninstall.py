import frappe

from neiqin.custom_fields import CUSTOM_FIELDS, PROPERTY_SETTERS, ROLES

# The columns of a permission rule, to compare customised rules with the standard ones
PERMISSION_COLUMNS = (
	"role",
	"permlevel",
	"if_owner",
	"select",
	"read",
	"write",
	"create",
	"delete",
	"submit",
	"cancel",
	"amend",
	"report",
	"export",
	"import",
	"share",
	"print",
	"email",
)


def before_uninstall():
	delete_custom_fields()
	delete_property_setters()
	delete_roles()
	reset_permissions_equal_to_standard()


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


def reset_permissions_equal_to_standard():
	"""Drop Custom DocPerm rules that merely repeat a doctype's standard rules.

	Granting a right through frappe's permission API first copies the doctype's standard
	rules into Custom DocPerm (they then replace the standard ones). Once neiqin's own rows
	are gone, a copy equal to the standard rules is removed so that the doctype follows
	ERPNext's rules again, including future changes to them. Rules an admin changed differ
	from the standard ones and are kept.
	"""
	for doctype in frappe.get_all("Custom DocPerm", distinct=True, pluck="parent"):
		if permission_rules("Custom DocPerm", doctype) == permission_rules("DocPerm", doctype):
			frappe.db.delete("Custom DocPerm", {"parent": doctype})
			frappe.clear_cache(doctype=doctype)


def permission_rules(table: str, doctype: str) -> set[tuple]:
	rows = frappe.get_all(table, filters={"parent": doctype}, fields=list(PERMISSION_COLUMNS))
	return {tuple(row[column] or 0 for column in PERMISSION_COLUMNS) for row in rows}
