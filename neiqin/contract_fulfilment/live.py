"""Keep the tables current: the overrides call `refresh()` with the orders a document touched.

The recomputation runs synchronously, inside the transaction of the document that changed,
after ERPNext has finished its own bookkeeping for that event (doc_events run after the
controller's method). So whoever reads the table in the same transaction — the user's next
screen, a test, a report — sees it current, and a rolled-back change leaves no trace.
"""

from __future__ import annotations

from collections.abc import Iterable

import frappe

from neiqin.contract_fulfilment.recompute import recompute


def refresh(orders: Iterable[str | None]) -> None:
	"""Recompute the tables of these Sales Orders (each once)."""
	if frappe.flags.in_install and not frappe.db.table_exists("Contract Fulfilment"):
		return
	for sales_order in sorted({name for name in orders if name}):
		recompute(sales_order)
