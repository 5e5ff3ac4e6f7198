"""Record the SQL statements a block sends, to assert that a count does not grow with data.

A pass-through spy on `frappe.db.sql` (every query, frappe.qb's included, goes through it):
instrumentation of the real database calls, not a mock.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import frappe


@contextmanager
def recorded_statements() -> Iterator[list[str]]:
	statements: list[str] = []
	original = frappe.db.sql

	def sql(query, *args, **kwargs):
		statements.append(str(query))
		return original(query, *args, **kwargs)

	frappe.db.sql = sql
	try:
		yield statements
	finally:
		del frappe.db.sql  # back to the class's method


def selects(statements: list[str]) -> int:
	return sum(1 for statement in statements if statement.lstrip().lower().startswith("select"))
