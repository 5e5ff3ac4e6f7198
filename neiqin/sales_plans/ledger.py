"""What the customers owe and paid, from ERPNext's Payment Ledger (Payment Ledger Entry: one row
per receivable movement, in company currency, `delinked` when cancelled or unreconciled) — the
ledger ERPNext's Accounts Receivable reads."""

from __future__ import annotations

import datetime
from collections import defaultdict

import frappe
from frappe.query_builder.functions import Sum

PAYMENT_VOUCHERS = ("Payment Entry", "Journal Entry")


def _receivable(ple, company: str):
	return (
		frappe.qb.from_(ple)
		.where(ple.company == company)
		.where(ple.party_type == "Customer")
		.where(ple.account_type == "Receivable")
		.where(ple.delinked == 0)
	)


def outstanding(company: str, customer: str, on_date: datetime.date, invoice: str | None = None) -> float:
	"""The customer's outstanding receivable on `on_date` (the invoice's, when one is named)."""
	ple = frappe.qb.DocType("Payment Ledger Entry")
	query = (
		_receivable(ple, company)
		.select(Sum(ple.amount))
		.where(ple.party == customer)
		.where(ple.posting_date <= on_date)
	)
	if invoice:
		query = query.where(ple.against_voucher_type == "Sales Invoice").where(
			ple.against_voucher_no == invoice
		)
	return float(query.run()[0][0] or 0)


def received_by_day(
	company: str, customers: list[str], from_date: datetime.date, to_date: datetime.date
) -> dict[str, list[tuple[datetime.date, float]]]:
	"""{customer: [(day, money received that day)]} between the dates (one query)."""
	if not customers or from_date > to_date:
		return {}
	ple = frappe.qb.DocType("Payment Ledger Entry")
	rows = (
		_receivable(ple, company)
		.select(ple.party, ple.posting_date, Sum(-ple.amount))
		.where(ple.party.isin(sorted(set(customers))))
		.where(ple.voucher_type.isin(PAYMENT_VOUCHERS))
		.where(ple.posting_date[from_date:to_date])
		.groupby(ple.party, ple.posting_date)
		.run()
	)
	found = defaultdict(list)
	for party, day, amount in rows:
		found[party].append((day, float(amount or 0)))
	return found


def received(company: str, customer: str, from_date: datetime.date, to_date: datetime.date) -> float:
	return sum(
		amount for _day, amount in received_by_day(company, [customer], from_date, to_date).get(customer, [])
	)
