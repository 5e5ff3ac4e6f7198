"""The tracking link shown on a Sales Material Log and a Delivery Note with a courier."""

from __future__ import annotations

import frappe

from neiqin.channels.tracking import tracking_url

SETTINGS = "Courier Tracking Settings"


def link_for(courier: str | None, tracking_number: str | None) -> str | None:
	if not (courier and tracking_number):
		return None
	template = frappe.db.get_value(SETTINGS, courier, "tracking_url")
	return tracking_url(template, tracking_number) if template else None


def material_log_onload(doc, method=None):
	"""doc_events onload of Sales Material Log: the link and the latest tracking state."""
	doc.set_onload("tracking_url", link_for(doc.courier, doc.tracking_number))
	state = frappe.db.get_value(
		"Shipment Tracking",
		{"sales_material_log": doc.name},
		["name", "state_label", "last_checked", "last_error"],
		as_dict=True,
	)
	if state:
		doc.set_onload("shipment_tracking", state)


def delivery_note_onload(doc, method=None):
	"""doc_events onload of Delivery Note: its transporter (courier) and Transport Receipt No."""
	doc.set_onload("tracking_url", link_for(doc.get("transporter"), doc.get("lr_no")))
