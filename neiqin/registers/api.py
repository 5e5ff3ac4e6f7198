"""Whitelisted actions of the registers (typed, permission checked)."""

from __future__ import annotations

import json

import frappe
from frappe.utils import getdate, nowdate

from neiqin.registers import balances, instruments, rules
from neiqin.user_permissions import readable

CUSTOMER = {"customer": "Customer"}


@frappe.whitelist()
def sign_for_instrument(name: str) -> None:
	"""Finance signs for an instrument handed over to the caller (签收)."""
	instruments.sign_for(name)


@frappe.whitelist()
def draft_payment_entry(name: str) -> str:
	"""Draft the Payment Entry the instrument becomes; returns its name."""
	return instruments.draft_payment_entry(name)


@frappe.whitelist()
def maturing_bills(on_date: str | None = None, days: int = 30, company: str | None = None) -> list[dict]:
	frappe.has_permission("Receipt Instrument", "read", throw=True)
	bills = instruments.maturing_bills(on_date, days, company)
	allowed = readable(instruments.DOCTYPE, (bill.name for bill in bills), through=CUSTOMER)
	return [bill for bill in bills if bill.name in allowed]


@frappe.whitelist()
def create_balance_confirmations(company: str, period_end: str | None = None, send: bool = False) -> dict:
	"""Create the half-year's confirmations of the company (and e-mail the statements)."""
	frappe.has_permission("Customer Balance Confirmation", "create", throw=True)
	frappe.has_permission("Company", "read", doc=company, throw=True)
	period_end = getdate(period_end) if period_end else rules.last_half_year_end(getdate(nowdate()))
	balances.check_period_ended(period_end)
	created = balances.create_confirmations(company, period_end)
	result = {"created": created, "sent": [], "skipped": []}
	if send and created:
		result.update(balances.send_statements(created))
	return result


@frappe.whitelist()
def send_balance_statements(names: str | list) -> dict:
	"""E-mail the statements of these confirmations (write permission on each is checked)."""
	if isinstance(names, str):
		names = json.loads(names) if names.strip().startswith("[") else [names]
	return balances.send_statements([str(name) for name in names])
