"""Dashboard chart source: Contract Fulfilment tables counted by fulfilment status.

Frappe's "Group By" charts label each slice with the stored value, in English whatever the
user's language; this source translates them. Not cached: labels depend on the language.
"""

import frappe
from frappe import _

from neiqin.contract_fulfilment.live import flush


@frappe.whitelist()
def get(
	chart_name: str | None = None,
	chart: str | dict | None = None,
	no_cache: int | None = None,
	filters: str | dict | list | None = None,
	from_date: str | None = None,
	to_date: str | None = None,
	timespan: str | None = None,
	time_interval: str | None = None,
	heatmap_year: str | None = None,
	refresh: int | str | None = None,
) -> dict:
	frappe.has_permission("Contract Fulfilment", "read", throw=True)
	flush()
	rows = frappe.get_list(
		"Contract Fulfilment",
		fields=["fulfilment_status", "count(name) as count"],
		filters=frappe.parse_json(filters) or None,
		group_by="fulfilment_status",
		order_by="count desc",
	)
	return {
		"labels": [_(row.fulfilment_status) if row.fulfilment_status else "-" for row in rows],
		"datasets": [{"name": _("Contracts"), "values": [row.count for row in rows]}],
	}
