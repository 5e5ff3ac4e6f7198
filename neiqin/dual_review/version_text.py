"""A frappe Version's data ({"changed", "added", "removed", "row_changed"}) as one line of
text: "Enabled: 1 → 0; Reviewer Roles: 1 row(s) added" (pure: no frappe)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

ARROW = " → "


def _value(value) -> str:
	return "" if value is None else str(value)


def plain(_fieldname: str, value) -> str:
	return _value(value)


def describe(
	data: Mapping,
	label: Callable[[str], str],
	rows_added: str,
	rows_removed: str,
	value: Callable[[str, object], str] = plain,
) -> str:
	"""`label(fieldname)` gives a field's label, `value(fieldname, value)` a value as shown (as
	stored unless given); `rows_added` / `rows_removed` are texts with {0} (count) and {1} (table
	label), already translated."""

	def change(field, old, new) -> str:
		return f"{label(field)}: {value(field, old)}{ARROW}{value(field, new)}"

	parts = [change(field, old, new) for field, old, new in data.get("changed") or ()]
	for key, text in (("added", rows_added), ("removed", rows_removed)):
		counts: dict[str, int] = {}
		for table, _row in data.get(key) or ():
			counts[table] = counts.get(table, 0) + 1
		parts += [text.format(count, label(table)) for table, count in counts.items()]
	for table, idx, _name, changes in data.get("row_changed") or ():
		parts += [f"{label(table)} #{idx} {change(field, old, new)}" for field, old, new in changes]
	return "; ".join(parts)
