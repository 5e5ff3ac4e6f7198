"""The Customer form's Connections show its qualifications (客户资质)."""

import frappe
from frappe import _


def add_qualifications_to_dashboard(data):
	"""override_doctype_dashboards for Customer."""
	data = frappe._dict(data)
	data.setdefault("transactions", []).append(
		{"label": _("Qualifications"), "items": ["Customer Qualification", "Promotion Approval"]}
	)
	return data
