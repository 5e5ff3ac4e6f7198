"""Helpers of the contract fulfilment integration tests (test_cf_*.py).

`assert_current(so)` is the heart of them: the live table written by the doc_events equals
a from-scratch recomputation, and its quantities agree with what ERPNext itself booked on
the Sales Order lines.
"""

from __future__ import annotations

import json

import frappe
from frappe.utils import flt, nowdate

from neiqin.contract_fulfilment.live import flush
from neiqin.contract_fulfilment.recompute import DOCTYPE, compute, snapshot
from tests.integration.factories import COMPANY


def table(sales_order):
	"""The stored table as a reader in this transaction sees it (pending recomputations done)."""
	flush()
	return frappe.get_doc(DOCTYPE, _name(sales_order))


def live(sales_order) -> dict:
	return snapshot(table(sales_order))


def rebuilt(sales_order) -> dict:
	return snapshot(compute(_name(sales_order))["doc"])


def assert_current(sales_order) -> frappe._dict:
	"""The stored table equals a recomputation from scratch, and its delivered quantities
	are those ERPNext booked on the order lines."""
	name = _name(sales_order)
	stored, fresh = live(name), rebuilt(name)
	diff = {
		key: (stored.get(key), fresh.get(key))
		for key in fresh
		if key != "items" and stored.get(key) != fresh.get(key)
	}
	assert not diff, f"live table of {name} differs from a recomputation: {diff}"
	assert stored["items"] == fresh["items"], f"live lines of {name} differ from a recomputation"
	order_lines = {
		row.name: row
		for row in frappe.get_all(
			"Sales Order Item",
			filters={"parent": name},
			fields=["name", "qty", "delivered_qty"],
		)
	}
	doc = table(name)
	for row in doc.items:
		erp = order_lines[row.sales_order_item]
		assert flt(row.qty) == flt(erp.qty)
		assert flt(row.delivered_qty) == flt(erp.delivered_qty), (
			row.item_code,
			row.delivered_qty,
			erp.delivered_qty,
		)

	return doc


def lines(sales_order) -> dict[str, frappe._dict]:
	"""{item_code: table row} (tests use one line per item)."""
	return {row.item_code: row for row in table(sales_order).items}


# ----------------------------------------------------------------------------- ERPNext actions


def journal_receipt(customer: str, amount: float, against=None, posting_date=None, submit: bool = True):
	"""Journal Entry: cash received from `customer`, against a Sales Invoice or (as an
	advance) a Sales Order, or on account when `against` is None."""
	company = frappe.get_cached_doc("Company", COMPANY)
	credit = {
		"account": company.default_receivable_account,
		"party_type": "Customer",
		"party": customer,
		"credit_in_account_currency": amount,
		"cost_center": company.cost_center,
	}
	if against is not None:
		credit.update(reference_type=against.doctype, reference_name=against.name)
		if against.doctype == "Sales Order":
			credit["is_advance"] = "Yes"
	doc = frappe.get_doc(
		{
			"doctype": "Journal Entry",
			"voucher_type": "Journal Entry",
			"company": COMPANY,
			"posting_date": posting_date or nowdate(),
			"accounts": [
				{
					"account": company.default_cash_account,
					"debit_in_account_currency": amount,
					"cost_center": company.cost_center,
				},
				credit,
			],
		}
	)
	doc.insert(ignore_permissions=True)
	if submit:
		doc.submit()
	return doc


def payment_on_account(customer: str, amount: float):
	"""A Payment Entry received from `customer` that references nothing (unallocated)."""
	company = frappe.get_cached_doc("Company", COMPANY)
	doc = frappe.get_doc(
		{
			"doctype": "Payment Entry",
			"payment_type": "Receive",
			"company": COMPANY,
			"party_type": "Customer",
			"party": customer,
			"paid_from": company.default_receivable_account,
			"paid_to": company.default_cash_account,
			"paid_amount": amount,
			"received_amount": amount,
			"source_exchange_rate": 1,
			"target_exchange_rate": 1,
			"reference_no": f"NQ-{frappe.generate_hash(length=8)}",
			"reference_date": nowdate(),
		}
	)
	doc.insert(ignore_permissions=True)
	doc.submit()
	return doc


def reconcile(payment, invoice, amount: float | None = None):
	"""Allocate an unallocated payment to an invoice with ERPNext's Payment Reconciliation tool."""
	pr = frappe.get_doc("Payment Reconciliation")
	pr.company = COMPANY
	pr.party_type = "Customer"
	pr.party = invoice.customer
	pr.receivable_payable_account = invoice.debit_to
	pr.invoice_name = invoice.name
	pr.payment_name = payment.name
	pr.get_unreconciled_entries()
	invoices = [row.as_dict() for row in pr.invoices if row.invoice_number == invoice.name]
	payments = [row.as_dict() for row in pr.payments if row.reference_name == payment.name]
	assert invoices and payments, "nothing to reconcile"
	pr.allocate_entries(frappe._dict(invoices=invoices, payments=payments))
	if amount is not None:
		for row in pr.allocation:
			row.allocated_amount = amount
	pr.reconcile()


def unreconcile(payment, invoice):
	"""Take a payment off an invoice with ERPNext's Unreconcile Payment."""
	doc = frappe.get_doc(
		{
			"doctype": "Unreconcile Payment",
			"company": COMPANY,
			"voucher_type": payment.doctype,
			"voucher_no": payment.name,
		}
	)
	doc.add_references()
	for row in list(doc.allocations):
		if row.reference_name != invoice.name:
			doc.remove(row)
	doc.save()
	doc.submit()
	return doc


def update_items(sales_order, rows: list[dict]):
	"""ERPNext's "Update Items" on a submitted order: rows of {docname?, item_code, qty, rate}."""
	from erpnext.controllers.accounts_controller import update_child_qty_rate

	update_child_qty_rate("Sales Order", json.dumps(rows, default=str), _name(sales_order))


def set_order_status(sales_order, status: str):
	"""Close ("Closed") or reopen ("Draft") an order as the desk buttons do."""
	from erpnext.selling.doctype.sales_order.sales_order import update_status

	update_status(status, _name(sales_order))


def _name(doc_or_name) -> str:
	return doc_or_name if isinstance(doc_or_name, str) else doc_or_name.name
