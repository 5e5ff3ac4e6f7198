"""Half-year balance confirmation (每年6月底和12月底与客户核对往来帐目): the balance per books
from ERPNext's ledger (`get_balance_on`), one confirmation per customer with activity or a
balance in the half-year, and the statement e-mailed through ERPNext's own Process Statement
Of Accounts (its General Ledger print, its e-mail)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import frappe
from frappe import _
from frappe.query_builder import Case
from frappe.query_builder.functions import Sum
from frappe.utils import getdate, now_datetime, nowdate

from neiqin.escaping import bold, existing_doc
from neiqin.registers import rules
from neiqin.registers.exceptions import PeriodInFutureError, StatementEmailError

DOCTYPE = "Customer Balance Confirmation"
STATEMENT = "Process Statement Of Accounts"


def check_period_ended(period_end: date | str) -> date:
	period_end = getdate(period_end)
	if period_end >= getdate(nowdate()):
		frappe.throw(
			_("The period end {0} has not passed yet: balances are confirmed after the period ends.").format(
				bold(frappe.format(period_end, "Date"))
			),
			PeriodInFutureError,
		)
	return period_end


def books_balance(customer: str, company: str, period_end: date | str) -> dict:
	"""{"company_currency", "balance_per_books", "account_currency", "balance_in_account_currency"}
	of a customer on `period_end` (receivable positive), read by ERPNext's `get_balance_on`."""
	from erpnext.accounts.party import get_party_account_currency
	from erpnext.accounts.utils import get_balance_on

	company_currency = frappe.get_cached_value("Company", company, "default_currency")
	account_currency = get_party_account_currency("Customer", customer, company) or company_currency
	common = {"date": period_end, "party_type": "Customer", "party": customer, "company": company}
	return {
		"company_currency": company_currency,
		"balance_per_books": get_balance_on(**common, in_account_currency=False),
		"account_currency": account_currency,
		"balance_in_account_currency": get_balance_on(**common, in_account_currency=True),
	}


def customers_to_confirm(company: str, period_end: date) -> list[str]:
	"""Customers with a ledger entry in the half-year ending on `period_end`, or a balance on it."""
	start = rules.half_year_start(period_end)
	gle = frappe.qb.DocType("GL Entry")
	moved = Sum(Case().when(gle.posting_date >= start, 1).else_(0))
	balance = Sum(gle.debit - gle.credit)
	rows = (
		frappe.qb.from_(gle)
		.select(gle.party, moved.as_("moves"), balance.as_("balance"))
		.where(
			(gle.company == company)
			& (gle.party_type == "Customer")
			& (gle.is_cancelled == 0)
			& (gle.posting_date <= period_end)
		)
		.groupby(gle.party)
	).run(as_dict=True)
	return sorted(row.party for row in rows if row.party and (row.moves or abs(row.balance or 0) >= 0.005))


def create_confirmations(company: str, period_end: date | str) -> list[str]:
	"""Create the missing confirmations of the half-year for every customer to confirm."""
	period_end = getdate(period_end)
	existing = set(
		frappe.get_all(DOCTYPE, filters={"company": company, "period_end": period_end}, pluck="customer")
	)
	created = []
	for customer in customers_to_confirm(company, period_end):
		if customer in existing:
			continue
		doc = frappe.get_doc(
			{"doctype": DOCTYPE, "customer": customer, "company": company, "period_end": period_end}
		)
		doc.insert()
		created.append(doc.name)
	return created


def statement_email(customer: str) -> str:
	"""The customer's billing contact e-mail (as the statement print finds it), else its e-mail."""
	from erpnext.accounts.doctype.process_statement_of_accounts.process_statement_of_accounts import (
		get_customer_emails,
	)

	return get_customer_emails(customer, 0, billing_and_primary=False) or (
		frappe.db.get_value("Customer", customer, "email_id") or ""
	)


def statement_name(company: str, period_end: str) -> str:
	abbr = frappe.get_cached_value("Company", company, "abbr")
	return f"{abbr}-BC-{period_end}-{frappe.generate_hash(length=5)}"


def send_statements(names: list[str]) -> dict:
	"""E-mail each confirmation's customer its statement of the half-year through ERPNext's
	Process Statement Of Accounts; mark them Sent. {"sent": [...], "skipped": [...]}"""
	from erpnext.accounts.doctype.process_statement_of_accounts.process_statement_of_accounts import (
		send_emails,
	)

	docs = [existing_doc(DOCTYPE, name) for name in names]
	groups: dict[tuple, list] = defaultdict(list)
	skipped = []
	for doc in docs:
		doc.check_permission("write")
		email = statement_email(doc.customer)
		if not email:
			skipped.append(doc.name)
			continue
		lang = frappe.db.get_value("Customer", doc.customer, "language") or frappe.local.lang
		groups[(doc.company, str(doc.period_start), str(doc.period_end), lang)].append((doc, email))
	if skipped and len(docs) == 1:
		frappe.throw(
			_(
				"Customer {0} has no e-mail address for its statement: add a billing contact with an e-mail."
			).format(bold(docs[0].customer_name or docs[0].customer)),
			StatementEmailError,
		)
	sent = []
	for (company, start, end, lang), members in groups.items():
		statement = frappe.get_doc(
			{
				"doctype": STATEMENT,
				"company": company,
				"report": "General Ledger",
				"from_date": start,
				"to_date": end,
				"posting_date": end,
				"primary_mandatory": 0,
				"subject": _("Balance confirmation: {0} as of {1}", lang=lang).format(
					"{{ customer.customer_name }}", "{{ doc.to_date }}"
				),
				"body": _(
					"Dear {0},<br>please find attached your statement of account from {1} to {2}. Kindly confirm the balance or tell us the difference.",
					lang=lang,
				).format("{{ customer.customer_name | e }}", "{{ doc.from_date }}", "{{ doc.to_date }}"),
				"customers": [
					{"customer": doc.customer, "customer_name": doc.customer_name, "billing_email": email}
					for doc, email in members
				],
			}
		)
		statement.insert(ignore_permissions=True, set_name=statement_name(company, end))
		send_emails(statement.name)
		for doc, _email in members:
			doc.sent_on = now_datetime()
			doc.statement_request = statement.name
			doc.flags.recording = True
			doc.save()
			sent.append(doc.name)
	return {"sent": sent, "skipped": skipped}
