"""Build and rebuild tables in bulk: the install/migrate backfill and the on-demand rebuild.

- `enqueue_backfill()` is a set-up step (install and every migrate): when submitted orders
  have no table yet — a company that ran ERPNext before installing neiqin — it enqueues one
  background job that builds exactly those. Idempotent: nothing missing, nothing enqueued;
  a job already queued is not queued twice.
- `rebuild_tables()` rebuilds given orders, or all of them (and drops tables whose order
  is gone); used by `api.rebuild` and `bench --site X rebuild-contract-fulfilment`.
- `refresh_overdue_tables()` is a daily job: a line falls overdue with the date alone — no
  document changes — so the tables with a line that passed its delivery date since they were
  written (still stored Pending / Partly Delivered) are recomputed: each line once in its
  life. Days overdue are never stored (derived when read), so a table whose lines are already
  Overdue is not touched again, and a recomputation that changes nothing writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import frappe
from frappe.utils import getdate, nowdate

from neiqin.contract_fulfilment import status
from neiqin.contract_fulfilment.recompute import DOCTYPE, recompute_many

BACKFILL_JOB = "neiqin-contract-fulfilment-backfill"
REBUILD_JOB = "neiqin-contract-fulfilment-rebuild"
CHUNK = 200


def orders_without_table() -> list[str]:
	"""Submitted Sales Orders that have no Contract Fulfilment yet (one query)."""
	so = frappe.qb.DocType("Sales Order")
	cf = frappe.qb.DocType(DOCTYPE)
	return [
		row[0]
		for row in frappe.qb.from_(so)
		.left_join(cf)
		.on(cf.name == so.name)
		.select(so.name)
		.where(so.docstatus == 1)
		.where(cf.name.isnull())
		.orderby(so.name)
		.run()
	]


def all_orders() -> list[str]:
	"""Every order that has or should have a table: submitted ones and those with a table."""
	submitted = frappe.get_all("Sales Order", filters={"docstatus": 1}, pluck="name", order_by="name")
	return sorted(set(submitted) | set(frappe.get_all(DOCTYPE, pluck="name")))


def enqueue_backfill() -> bool:
	"""Set-up step: enqueue the backfill job when some submitted order has no table."""
	if not frappe.db.table_exists(DOCTYPE) or not orders_without_table():
		return False
	from frappe.utils.background_jobs import is_job_enqueued

	if is_job_enqueued(BACKFILL_JOB):
		return False
	frappe.enqueue(
		"neiqin.contract_fulfilment.rebuild.build_missing_tables",
		queue="long",
		job_id=BACKFILL_JOB,
		deduplicate=True,
		enqueue_after_commit=True,
	)
	return True


def build_missing_tables() -> int:
	"""Background job: build the tables of submitted orders that have none."""
	return rebuild_tables(orders_without_table(), commit=True)


def rebuild_all_tables() -> int:
	"""Background job: rebuild every table from scratch."""
	return rebuild_tables(None, commit=True)


def orders_with_open_lines_past_due(today=None) -> list[str]:
	"""Tables of open orders with a line still stored as not overdue although its delivery date
	is before `today` — the lines the date alone turned overdue (one query)."""
	cf = frappe.qb.DocType(DOCTYPE)
	item = frappe.qb.DocType("Contract Fulfilment Item")
	return [
		row[0]
		for row in frappe.qb.from_(item)
		.join(cf)
		.on(cf.name == item.parent)
		.select(cf.name)
		.distinct()
		.where(item.parenttype == DOCTYPE)
		.where(cf.fulfilment_status.notin([status.CLOSED, status.CANCELLED]))
		.where(item.status.isin([status.PENDING, status.PARTLY_DELIVERED]))
		.where(item.delivery_date < getdate(today or nowdate()))
		.orderby(cf.name)
		.run()
	]


def refresh_overdue_tables(commit: bool = True) -> int:
	"""Daily job: recompute the tables in which the date alone turned a line overdue."""
	return rebuild_tables(orders_with_open_lines_past_due(), commit=commit)


def rebuild_tables(
	orders: Iterable[str] | None = None,
	commit: bool = False,
	progress: Callable[[int, int], None] | None = None,
) -> int:
	"""Rebuild these orders' tables (all when None); returns how many orders were processed.

	The orders are read and written a chunk at a time (`recompute_many`). With `commit`
	(background jobs, the bench command) every chunk is committed, so a long rebuild neither
	holds locks for long nor loses finished work when interrupted."""
	orders = all_orders() if orders is None else sorted(set(orders))
	for start in range(0, len(orders), CHUNK):
		chunk = orders[start : start + CHUNK]
		recompute_many(chunk)  # read together; a gone order's table is dropped
		if commit:
			frappe.db.commit()  # nosemgrep: background job / CLI, not request code
		if progress:
			progress(start + len(chunk), len(orders))
	return len(orders)
