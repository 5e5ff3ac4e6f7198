"""Secrets kept before as plain or length-revealing values move to frappe's encrypted store:
robot webhook addresses (a Data field before) are encrypted, every secret column gets the one
fixed mask of `neiqin.secret_fields`, and the Version history of these documents no longer
shows any of them."""

import json

import frappe
from frappe.utils.password import set_encrypted_password

from neiqin.secret_fields import MASK, SECRET_FIELDS, is_mask


def execute():
	for doctype, fields in SECRET_FIELDS.items():
		if frappe.get_meta(doctype).issingle:
			move_single(doctype, fields)
		else:
			for name in frappe.get_all(doctype, pluck="name"):
				move_row(doctype, name, fields)
		scrub_versions(doctype, fields)


def move_row(doctype: str, name: str, fields) -> None:
	for fieldname in fields:
		value = frappe.db.get_value(doctype, name, fieldname)
		if not value:
			continue
		if not is_mask(value):
			set_encrypted_password(doctype, name, value, fieldname)
		frappe.db.set_value(doctype, name, fieldname, MASK, update_modified=False)


def move_single(doctype: str, fields) -> None:
	for fieldname in fields:
		value = frappe.db.get_single_value(doctype, fieldname)
		if not value:
			continue
		if not is_mask(value):
			set_encrypted_password(doctype, doctype, value, fieldname)
		frappe.db.set_single_value(doctype, fieldname, MASK)


def scrub_versions(doctype: str, fields) -> None:
	for version in frappe.get_all("Version", filters={"ref_doctype": doctype}, fields=["name", "data"]):
		try:
			data = json.loads(version.data or "{}")
		except ValueError:
			continue
		changed = data.get("changed") or []
		scrubbed = [
			[row[0], MASK if row[1] else row[1], MASK if row[2] else row[2]]
			if isinstance(row, list) and len(row) == 3 and row[0] in fields
			else row
			for row in changed
		]
		if scrubbed != changed:
			data["changed"] = scrubbed
			frappe.db.set_value("Version", version.name, "data", json.dumps(data), update_modified=False)
