"""Keep the tables current: the overrides call `refresh()` with the orders a document touched.

One Delivery Note submit touches its order several times (the note's own event, the order's
status change, each Payment Ledger Entry of an invoice; a Payment Entry over N invoices
touches each of their orders N + 1 times). So `refresh()` only collects the orders; each is
recomputed **once** (all of them read together, `recompute_many`), still inside the same
transaction, just before it commits (`frappe.db.before_commit`: the request's, the
background job's or an explicit `frappe.db.commit()`). The table is never stale in the
database and never half-written, and a rolled-back change leaves no trace
(`frappe.db.after_rollback` drops the pending set).

Readers inside the same transaction (the API, the reports, the print format, tests that read
right after a submit) call `flush()` first: it recomputes what is pending now.
"""

from __future__ import annotations

from collections.abc import Iterable

import frappe

from neiqin.contract_fulfilment.recompute import recompute_many


class _Pending:
	"""The orders waiting for their recomputation in the current transaction of one connection."""

	__slots__ = ("db", "orders", "registered")

	def __init__(self, db) -> None:
		self.db = db
		self.orders: set[str] = set()
		self.registered = False


def _pending() -> _Pending:
	state = getattr(frappe.local, "neiqin_pending_fulfilment", None)
	if state is None or state.db is not frappe.db:  # a new connection starts with nothing pending
		state = _Pending(frappe.db)
		frappe.local.neiqin_pending_fulfilment = state
	return state


def refresh(orders: Iterable[str | None]) -> None:
	"""Mark these Sales Orders' tables for recomputation before the transaction commits."""
	if frappe.flags.in_install and not frappe.db.table_exists("Contract Fulfilment"):
		return
	names = {name for name in orders if name}
	if not names:
		return
	state = _pending()
	state.orders |= names
	if not state.registered:
		state.registered = True
		frappe.db.before_commit.add(_before_commit)
		frappe.db.after_rollback.add(drop)


def is_pending(sales_order: str) -> bool:
	"""Whether this order's table is waiting for its recomputation in this transaction."""
	return sales_order in _pending().orders


def flush() -> int:
	"""Recompute every pending order now (each once); returns how many were recomputed.

	Runs before every commit and at the start of every neiqin read of fulfilment tables."""
	state = _pending()
	done = 0
	while state.orders:  # a recomputation may touch further orders: those are done as well
		orders, state.orders = state.orders, set()
		recompute_many(orders)
		done += len(orders)
	return done


def _before_commit() -> None:
	"""before_commit: the last recomputations of the transaction (commit has already dropped
	the rollback callbacks, so the next change registers both again)."""
	flush()
	_pending().registered = False


def drop() -> None:
	"""after_rollback: what was rolled back needs no recomputation."""
	state = _pending()
	state.orders.clear()
	state.registered = False
