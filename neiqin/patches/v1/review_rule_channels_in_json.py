"""Review Rule's `notification_channels` was a Custom Field neiqin added to its own doctype;
it is now a field of review_rule.json (synced before this patch runs). The Custom Field record
goes; the rules' channels (rows of Review Rule Channel, same field name) stay as they are."""

import frappe


def execute():
	frappe.db.delete("Custom Field", {"dt": "Review Rule", "fieldname": "notification_channels"})
	frappe.clear_cache(doctype="Review Rule")
