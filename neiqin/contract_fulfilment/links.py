"""Which Sales Orders a document touches — the overrides ask here, then recompute those.

Each function takes documents (or names) and answers with a set of Sales Order names,
using at most a few queries whatever the number of rows.
"""

from __future__ import annotations

from collections.abc import Iterable

import frappe

ADVANCE_ORDER = "Sales Order"
INVOICE = "Sales Invoice"


def orders_of_order_lines(so_details: Iterable[str | None]) -> set[str]:
	names = sorted({name for name in so_details if name})
	if not names:
		return set()
	return set(frappe.get_all("Sales Order Item", filters={"name": ("in", names)}, pluck="parent"))


def orders_of_delivery_note_lines(dn_details: Iterable[str | None]) -> set[str]:
	names = sorted({name for name in dn_details if name})
	if not names:
		return set()
	rows = frappe.get_all(
		"Delivery Note Item", filters={"name": ("in", names)}, fields=["against_sales_order", "so_detail"]
	)
	return {row.against_sales_order for row in rows if row.against_sales_order} | orders_of_order_lines(
		row.so_detail for row in rows if not row.against_sales_order
	)


def orders_of_delivery_note(doc) -> set[str]:
	orders = {row.against_sales_order for row in doc.get("items", []) if row.against_sales_order}
	return orders | orders_of_order_lines(
		row.so_detail for row in doc.get("items", []) if not row.against_sales_order
	)


def orders_of_invoice_rows(rows: Iterable) -> set[str]:
	rows = list(rows)
	orders = {row.sales_order for row in rows if row.get("sales_order")}
	unlinked = [row for row in rows if not row.get("sales_order")]
	return (
		orders
		| orders_of_order_lines(row.so_detail for row in unlinked)
		| orders_of_delivery_note_lines(row.dn_detail for row in unlinked if not row.get("so_detail"))
	)


def orders_of_invoice(doc) -> set[str]:
	orders = orders_of_invoice_rows(doc.get("items", []))
	if doc.get("return_against"):
		orders |= orders_of_invoices([doc.return_against])
	return orders


def orders_of_invoices(names: Iterable[str | None]) -> set[str]:
	names = sorted({name for name in names if name})
	if not names:
		return set()
	rows = frappe.get_all(
		"Sales Invoice Item",
		filters={"parent": ("in", names), "parenttype": INVOICE},
		fields=["sales_order", "so_detail", "dn_detail"],
	)
	return orders_of_invoice_rows(rows)


def orders_of_references(references: Iterable[tuple[str | None, str | None]]) -> set[str]:
	"""Orders behind (doctype, name) references of payments: an order itself, or an invoice."""
	references = list(references)
	orders = {name for doctype, name in references if doctype == ADVANCE_ORDER and name}
	return orders | orders_of_invoices(name for doctype, name in references if doctype == INVOICE)


def orders_of_payment(doc) -> set[str]:
	"""A Payment Entry's or Journal Entry's orders, now and before this save."""
	docs = [doc]
	before = doc.get_doc_before_save() if hasattr(doc, "get_doc_before_save") else None
	if before:
		docs.append(before)
	references = []
	for d in docs:
		if d.doctype == "Payment Entry":
			references += [(row.reference_doctype, row.reference_name) for row in d.get("references", [])]
		else:
			references += [(row.reference_type, row.reference_name) for row in d.get("accounts", [])]
	return orders_of_references(references)


def orders_advanced_by(vouchers: Iterable[tuple[str, str]]) -> set[str]:
	"""Orders a Payment Entry / Journal Entry references (as an advance)."""
	vouchers = list(vouchers)
	payments = sorted({name for doctype, name in vouchers if doctype == "Payment Entry"})
	journals = sorted({name for doctype, name in vouchers if doctype == "Journal Entry"})
	orders: set[str] = set()
	if payments:
		orders |= set(
			frappe.get_all(
				"Payment Entry Reference",
				filters={"parent": ("in", payments), "reference_doctype": ADVANCE_ORDER},
				pluck="reference_name",
			)
		)
	if journals:
		orders |= set(
			frappe.get_all(
				"Journal Entry Account",
				filters={"parent": ("in", journals), "reference_type": ADVANCE_ORDER},
				pluck="reference_name",
			)
		)
	return orders


def orders_of_ledger_entry(doc) -> set[str]:
	"""Orders whose money a Payment Ledger Entry changes: those of the invoice it is held
	against, or those a payment it is held against advances."""
	if doc.party_type and doc.party_type != "Customer":
		return set()
	if doc.against_voucher_type == INVOICE:
		return orders_of_invoices([doc.against_voucher_no])
	if doc.against_voucher_type in ("Payment Entry", "Journal Entry"):
		return orders_advanced_by([(doc.against_voucher_type, doc.against_voucher_no)])
	return set()
