"""The database indexes neiqin adds, for the columns its reports, number cards and lookups
filter on — in one place.

Each entry is (doctype, columns). Every index has two or more columns: frappe's schema sync
drops a single-column index on a field without `search_index` whenever it alters the table,
but leaves composite ones alone; a composite index also serves a filter on its first column
alone. Applied on install and every migrate (`neiqin.install.setup`) and by the patch
`neiqin.patches.v1.add_report_indexes` (existing sites); idempotent. Most live on neiqin's own
tables, so uninstall (which drops those tables) removes them too; the few on another app's
tables are dropped before uninstall (`drop_from_other_apps`).
"""

from __future__ import annotations

import frappe

INDEXES: tuple[tuple[str, tuple[str, ...]], ...] = (
	# Contract Fulfilment Statistics / Receivables: company and order date; the rest narrow it
	("Contract Fulfilment", ("company", "transaction_date")),
	("Contract Fulfilment", ("is_overdue", "company")),
	("Contract Fulfilment", ("sales_person", "transaction_date")),
	("Contract Fulfilment", ("territory", "transaction_date")),
	# lines falling due (daily job, overdue card) and by delivery date
	("Contract Fulfilment Item", ("status", "delivery_date")),
	("Contract Fulfilment Item", ("delivery_date", "status")),
	# Sales Material Ledger / Dispatch Register / Courier Fee Settlement
	("Sales Material Log", ("company", "dispatch_date")),
	("Sales Material Log", ("dispatch_date", "company")),
	("Sales Material Log", ("courier", "dispatch_date")),
	("Sales Material Log", ("status", "company")),
	("Sales Material Log", ("kind", "company")),
	# Awaiting My Review, review status of a document, Review Audit Trail
	("Document Review", ("reference_doctype", "reference_name")),
	("Document Review", ("reviewer", "status")),
	("Document Review", ("status", "reference_doctype")),
	("Document Review", ("review_rule", "status")),
	# Daily Receipts Detail / daily reports: a company's receipts by date (ERPNext's Payment
	# Entry has no index on either: EXPLAIN showed a scan of every payment for one day)
	("Payment Entry", ("company", "posting_date")),
)


def index_name(columns: tuple[str, ...]) -> str:
	return "_".join(columns) + "_index"


def missing() -> list[tuple[str, tuple[str, ...]]]:
	"""The indexes of INDEXES that the site does not have (one query per table)."""
	result = []
	for doctype in sorted({doctype for doctype, _columns in INDEXES}):
		if not frappe.db.table_exists(doctype):
			continue
		present = {row.Key_name for row in frappe.db.sql(f"SHOW INDEX FROM `tab{doctype}`", as_dict=True)}
		result += [
			(dt, columns) for dt, columns in INDEXES if dt == doctype and index_name(columns) not in present
		]
	return result


def apply() -> int:
	"""Set-up step (install, migrate) and patch: create the missing indexes; returns how many.

	An ALTER TABLE commits, like every schema change of a migrate."""
	todo = missing()
	for doctype, columns in todo:
		frappe.db.add_index(doctype, list(columns), index_name(columns))
	return len(todo)


def drop_from_other_apps() -> int:
	"""before_uninstall: drop the indexes neiqin added to other apps' tables (its own tables
	go with the app); returns how many."""
	modules = set(frappe.get_module_list("neiqin"))
	dropped = 0
	for doctype, columns in INDEXES:
		if frappe.db.get_value("DocType", doctype, "module") in modules or not frappe.db.table_exists(
			doctype
		):
			continue
		if (doctype, columns) in missing():
			continue
		frappe.db.sql_ddl(f"ALTER TABLE `tab{doctype}` DROP INDEX `{index_name(columns)}`")
		dropped += 1
	return dropped
