"""What the contract fulfilment reports share beyond the app-wide filter checks."""

from __future__ import annotations

import frappe


def sales_person_and_descendants(sales_person: str) -> list[str]:
	"""A sales person filter also matches the team below a group sales person (one query)."""
	return [sales_person, *frappe.db.get_descendants("Sales Person", sales_person)]
