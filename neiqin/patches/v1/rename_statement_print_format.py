"""The statement's print format was named `Contract Fulfilment`, shown untranslated in frappe's
print picker; it is now `合同履行一览表` (neiqin.contract_fulfilment.printing). Migrate has
already synced the new one: the old one is merged into it (frappe moves every link to it,
e.g. a default print format customised on the doctype). And Print Format stops being a
translated doctype: neiqin had set that, and frappe's print view then printed with the
translated name it showed, which names no print format."""

import frappe

from neiqin.contract_fulfilment.printing import OLD_NAME, PRINT_FORMAT


def execute():
	if frappe.db.exists("Print Format", OLD_NAME):
		if frappe.db.exists("Print Format", PRINT_FORMAT):
			frappe.rename_doc("Print Format", OLD_NAME, PRINT_FORMAT, merge=True, force=True)
		else:
			frappe.rename_doc("Print Format", OLD_NAME, PRINT_FORMAT, force=True)
	for name in frappe.get_all(
		"Property Setter",
		filters={
			"doc_type": "Print Format",
			"property": "translated_doctype",
			"is_system_generated": 1,
		},
		pluck="name",
	):
		frappe.delete_doc("Property Setter", name, ignore_permissions=True, force=True)
