"""Payment Entries that a neiqin document stands behind through a link field of theirs (a
receipt instrument's settlement, a sales expense request's advance, a claim's payment)."""

from __future__ import annotations

import frappe


def open_payments(
	field: str, name: str, exclude: str | None = None, for_update: bool = False
) -> list[frappe._dict]:
	"""Draft and submitted Payment Entries citing `name` in `field` (a locking read when
	`for_update`, which sees what other transactions committed)."""
	pe = frappe.qb.DocType("Payment Entry")
	query = (
		frappe.qb.from_(pe)
		.select(pe.name, pe.docstatus, pe.paid_amount)
		.where((pe[field] == name) & (pe.docstatus < 2))
		.orderby(pe.name)
	)
	if exclude:
		query = query.where(pe.name != exclude)
	if for_update:
		query = query.for_update()
	return query.run(as_dict=True)
