"""What the contract fulfilment reports share beyond the app-wide filter checks."""

from __future__ import annotations

import frappe


def sales_person_and_descendants(sales_person: str) -> list[str]:
	"""A sales person filter also matches the team below a group sales person (one query)."""
	return [sales_person, *frappe.db.get_descendants("Sales Person", sales_person)]


def overdue_filters(today=None) -> list[list]:
	"""`frappe.get_list` filters of the contracts with a line overdue on `today` — derived from
	the delivery dates when read, so a table written before its line fell due counts too."""
	from frappe.utils import getdate, nowdate

	from neiqin.contract_fulfilment import status

	return [
		["Contract Fulfilment", "fulfilment_status", "not in", [status.CLOSED, status.CANCELLED]],
		[
			"Contract Fulfilment Item",
			"status",
			"in",
			[status.PENDING, status.PARTLY_DELIVERED, status.OVERDUE],
		],
		["Contract Fulfilment Item", "delivery_date", "<", getdate(today or nowdate())],
	]


def count_overdue_contracts(today=None) -> int:
	"""How many contracts the current user may read have a line overdue on `today` (one query)."""
	from neiqin.contract_fulfilment.live import flush

	flush()
	rows = frappe.get_list(
		"Contract Fulfilment",
		filters=overdue_filters(today),
		fields=["count(distinct `tabContract Fulfilment`.`name`) as count"],
		order_by=None,
	)
	return int(rows[0].count) if rows else 0
