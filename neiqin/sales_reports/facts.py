"""Facts (see `attribution`) for the daily reports, read from ERPNext in a fixed number of queries."""

from __future__ import annotations

from datetime import date

from neiqin.sales_reports import queries
from neiqin.sales_reports.attribution import (
	keep,
	receipt_facts,
	receipt_portions,
	sales_facts,
	settled_documents,
)


def get_facts(
	filters, from_date: date, to_date: date, by_team: bool = False, by_item_group: bool = False
) -> list[dict]:
	"""Ordered … credited amounts from the sales documents dated in the range, received amounts
	from the receipts of the range spread over the documents they settle.

	Amounts are split by sales person when `by_team` (or a sales person filter) asks for it and
	receipts are spread over item groups when `by_item_group` (or an item group filter) does;
	otherwise the queries that would split them are not run.
	"""
	by_team = by_team or bool(filters.get("sales_person"))
	by_item_group = by_item_group or bool(filters.get("item_group"))
	period = (filters, from_date, to_date)

	found = sales_facts(
		**{
			kind: queries.sales_lines(doctype, *period, with_team=by_team, with_item_group=by_item_group)
			for kind, doctype in (
				("order_lines", "Sales Order"),
				("delivery_lines", "Delivery Note"),
				("invoice_lines", "Sales Invoice"),
			)
		}
	)
	portions = receipt_portions(queries.payment_receipts(*period), queries.journal_receipts(*period))
	settled = settled_documents(portions) if by_team or by_item_group else set()
	received = receipt_facts(
		portions,
		document_lines=queries.lines_by_document(queries.document_lines(settled)) if by_item_group else None,
		document_teams=queries.document_teams(settled) if by_team else None,
	)
	received = keep(
		received,
		sales_persons=queries.tree_names("Sales Person", filters.sales_person)
		if filters.get("sales_person")
		else None,
		item_groups=queries.tree_names("Item Group", filters.item_group)
		if filters.get("item_group")
		else None,
	)
	return found + received
