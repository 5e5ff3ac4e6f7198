"""The contract fulfilment table (《合同履行一览表》) shows the sales expenses claimed against its
order: `Contract Fulfilment.expenses_claimed`, computed with the rest of the table
(`neiqin.contract_fulfilment.recompute`) and recomputed when a claim is submitted or cancelled."""

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
	"""Claim submit and cancel: the tables of the orders its lines cite are recomputed (with
	the rest of the transaction's changes, `neiqin.contract_fulfilment.live`)."""
	from neiqin.contract_fulfilment.live import refresh

	refresh(line.sales_order for line in claim.lines if line.sales_order)
