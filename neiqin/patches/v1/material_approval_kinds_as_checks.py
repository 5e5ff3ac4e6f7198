"""Neiqin Settings kept the kinds of Sales Material Log needing approval as a text of English kind
names, one per line (`material_approval_kinds`); they are now one check per kind, shown in the
reader's language. The stored list becomes the checks; a site that never stored it keeps the
checks' defaults (stored by `neiqin.install.ensure_settings_defaults` after migrate)."""

import frappe

from neiqin.sales_materials.rules import KINDS, approval_field

SETTINGS = "Neiqin Settings"
OLD_FIELD = "material_approval_kinds"


def execute():
	old = frappe.db.get_value("Singles", {"doctype": SETTINGS, "field": OLD_FIELD}, "value", order_by=None)
	if old is None:
		return
	kinds = {line.strip() for line in old.splitlines()}
	for kind in KINDS:
		frappe.db.set_single_value(SETTINGS, approval_field(kind), int(kind in kinds), update_modified=False)
	frappe.db.delete("Singles", {"doctype": SETTINGS, "field": OLD_FIELD})
