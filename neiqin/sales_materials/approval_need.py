"""Whether a Sales Material Log needs a manager's approval, decided on its values: its kind, the
kinds its items are (Neiqin Settings › Material Kinds by Item Group, subgroups included) and the
value of its stocked lines (valuation, company currency) against Neiqin Settings › Material Issue
Value Needing Approval (default 500). The rule is `rules.needs_approval`."""

from __future__ import annotations

import frappe
from frappe.utils import flt
from frappe.utils.nestedset import get_ancestors_of

from neiqin.sales_materials import rules

SETTINGS = "Neiqin Settings"
THRESHOLD = "material_approval_threshold"


def needs_approval(log) -> bool:
	from neiqin.sales_materials.setup import approval_kinds

	rows = [row for row in log.get("items") or [] if row.item_code]
	return rules.needs_approval(
		log.kind, item_kinds(rows), stock_value(rows, log.get("set_warehouse")), threshold(), approval_kinds()
	)


def threshold() -> float:
	value = frappe.db.get_single_value(SETTINGS, THRESHOLD)
	if value is None:
		value = frappe.get_meta(SETTINGS).get_field(THRESHOLD).default
	return flt(value)


def kinds_by_group() -> dict[str, str]:
	return {
		row.item_group: row.kind
		for row in frappe.get_all(
			"Material Kind Item Group",
			filters={"parent": SETTINGS, "parenttype": SETTINGS},
			fields=["item_group", "kind"],
		)
	}


def item_kinds(rows) -> list[str]:
	"""The kinds the items are, by their item group or a group above it."""
	mapping = kinds_by_group()
	if not mapping or not rows:
		return []
	groups = dict(
		frappe.get_all(
			"Item",
			filters={"name": ("in", list({row.item_code for row in rows}))},
			fields=["name", "item_group"],
			as_list=True,
		)
	)
	kinds = []
	for group in set(groups.values()) - {None}:
		for name in (group, *get_ancestors_of("Item Group", group)):
			if name in mapping:
				kinds.append(mapping[name])
				break
	return kinds


def stock_value(rows, default_warehouse: str | None = None) -> float:
	"""What the stocked lines are worth (stock qty x valuation rate of their warehouse, else of the item)."""
	value = 0.0
	for row in rows:
		if not row.get("is_stock_item"):
			continue
		warehouse = row.get("warehouse") or default_warehouse
		rate = frappe.db.get_value(
			"Bin", {"item_code": row.item_code, "warehouse": warehouse}, "valuation_rate"
		)
		if not rate:
			rate = frappe.get_cached_value("Item", row.item_code, "valuation_rate")
		value += flt(row.get("stock_qty") or row.qty) * flt(rate)
	return value
