"""People as readers know them: full names instead of login e-mails in reports (one query)."""

from __future__ import annotations

from collections.abc import Iterable

import frappe


def full_names(users: Iterable[str | None]) -> dict[str, str]:
	"""{user: full name} for the given users, in one query (the user id where a user has no name)."""
	wanted = sorted({user for user in users if user})
	if not wanted:
		return {}
	names = dict(
		frappe.get_all("User", filters={"name": ("in", wanted)}, fields=["name", "full_name"], as_list=True)
	)
	return {user: names.get(user) or user for user in wanted}


def show_full_names(rows: list[dict], fields: Iterable[str]) -> list[dict]:
	"""Replace the user ids in `fields` of every row by full names, in place."""
	fields = tuple(fields)
	names = full_names(row.get(field) for row in rows for field in fields)
	for row in rows:
		for field in fields:
			if row.get(field):
				row[field] = names.get(row[field], row[field])
	return rows


def person_column(label: str, fieldname: str, width: int = 140) -> dict:
	"""A report column showing a person by name."""
	return {"label": label, "fieldname": fieldname, "fieldtype": "Data", "width": width}
