"""Dashboard chart source: Contract Fulfilment tables counted by fulfilment status.

Frappe's "Group By" charts label each slice with the stored value, in English whatever the
user's language; this source translates them. Not cached: labels depend on the language.
Every status is returned, always in the same order, so that each keeps its colour (the chart's
`custom_options` colours, the list view's indicator colours: `STATUS_COLOURS`).
"""

import frappe
from frappe import _

from neiqin import charts
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
	)
	counts = {row.fulfilment_status: row.count for row in rows}
	return {
		"labels": [_(status) for status in STATUS_COLOURS],
		"datasets": [
			{"name": _("Contracts"), "values": [counts.get(status, 0) for status in STATUS_COLOURS]}
		],
	}


# fulfilment status -> colour, in the order of the doctype's Select (as the list view colours them)
STATUS_COLOURS = {
	"Not Started": "gray",
	"Partly Delivered": "orange",
	"Delivered": "blue",
	"Completed": "green",
	"Closed": "darkgrey",
	"Cancelled": "red",
}


def chart_colours() -> list[str]:
	return charts.colours(STATUS_COLOURS, STATUS_COLOURS)
