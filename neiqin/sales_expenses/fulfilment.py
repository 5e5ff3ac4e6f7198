"""The contract fulfilment table (《合同履行一览表》) shows the sales expenses claimed against its
order: `Contract Fulfilment.expenses_claimed`, written when a claim is submitted or cancelled."""

from __future__ import annotations

import frappe
from frappe.query_builder.functions import Coalesce, Sum
from frappe.utils import flt

CLAIM = "Sales Expense Claim"
LINE = "Sales Expense Claim Line"


def claimed_by_order(orders: list[str]) -> dict[str, float]:
	"""{sales order: expenses claimed} over submitted claims (one statement)."""
	if not orders:
		return {}
	line, claim = frappe.qb.DocType(LINE), frappe.qb.DocType(CLAIM)
	rows = (
		frappe.qb.from_(line)
		.join(claim)
		.on(line.parent == claim.name)
		.select(line.sales_order, Coalesce(Sum(line.amount), 0))
		.where((line.parenttype == CLAIM) & (claim.docstatus == 1) & line.sales_order.isin(orders))
		.groupby(line.sales_order)
		.run()
	)
	return {order: flt(amount) for order, amount in rows}


def refresh_orders(claim) -> None:
	orders = sorted({line.sales_order for line in claim.lines if line.sales_order})
	claimed = claimed_by_order(orders)
	for order in orders:
		name = frappe.db.get_value("Contract Fulfilment", {"sales_order": order})
		if name:
			frappe.db.set_value(
				"Contract Fulfilment",
				name,
				"expenses_claimed",
				claimed.get(order, 0.0),
				update_modified=False,
			)
