"""Half-year balance confirmation: the ledger balance on a known data set (invoices, a payment,
a credit note, a foreign-currency customer), refusals, creation for the customers with activity
or a balance, the statement e-mail in the Email Queue, the customer's reply, the report."""

import frappe
import pytest
from frappe.utils import add_days, getdate, nowdate

from neiqin.registers import api, balances, rules
from neiqin.registers.exceptions import (
	ConfirmationLockedError,
	ConfirmationReplyError,
	ConfirmationStateError,
	DuplicateConfirmationError,
	PeriodInFutureError,
	StatementEmailError,
)
from tests.integration import factories

DOCTYPE = "Customer Balance Confirmation"
SERVICE = "_NQ Service"


@pytest.fixture
def period(base):
	end = rules.last_half_year_end(getdate(nowdate()))
	start = rules.half_year_start(end)
	for day in (add_days(start, -40), start, end, add_days(end, 10)):
		factories.ensure_fiscal_year(day)
	return frappe._dict(start=start, end=end, day=lambda n: add_days(start, n))


@pytest.fixture
def print_host():
	"""An outgoing e-mail account, and: ERPNext's statement PDF (wkhtmltopdf) loads the print style from the site's URL. The test
	site's name does not resolve here, so for the test the site's host is a throwaway file server
	on 127.0.0.1 (a free port) that serves the bench's built assets; stopped afterwards."""
	import functools
	import threading
	from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

	from tests.integration.conftest import BENCH

	handler = functools.partial(SimpleHTTPRequestHandler, directory=str(BENCH / "sites"))
	handler.log_message = lambda *args: None
	server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
	thread = threading.Thread(target=server.serve_forever, daemon=True)
	thread.start()
	factories.make_outgoing_email_account()
	previous = frappe.local.conf.get("host_name")
	frappe.local.conf.host_name = f"http://127.0.0.1:{server.server_address[1]}"
	try:
		yield
	finally:
		frappe.local.conf.host_name = previous
		frappe.local.outgoing_email_account = {}
		server.shutdown()
		server.server_close()


def invoice(customer, amount, posting_date, qty: int = 1, **values):
	return factories.make_direct_sales_invoice(
		customer,
		[{"item_code": SERVICE, "qty": qty, "rate": amount / qty}],
		posting_date=posting_date,
		**values,
	)


@pytest.fixture
def ledger(base, period):
	"""Customer with 1000 + 500 invoiced, 600 paid, a 200 credit note in the half-year, and an
	invoice of 300 after its end: 700 owed on the period end."""
	customer = factories.make_customer().name
	first = invoice(customer, 1000, period.day(10))
	second = invoice(customer, 500, period.day(40), qty=5)
	factories.make_payment_entry(first, amount=600, posting_date=period.day(50))
	factories.make_return(second, qty={SERVICE: 2}, posting_date=period.day(60))
	invoice(customer, 300, add_days(period.end, 5))
	return customer


def make_confirmation(customer, company, period_end, **values):
	return frappe.get_doc(
		{"doctype": DOCTYPE, "customer": customer, "company": company, "period_end": period_end, **values}
	).insert()


def test_balance_per_books_on_the_period_end_from_the_ledger(base, period, ledger):
	doc = make_confirmation(ledger, base.company, period.end)
	assert (doc.balance_per_books, doc.balance_in_account_currency) == (700, 700)
	assert doc.company_currency == doc.account_currency == "CNY"
	assert getdate(doc.period_start) == period.start
	assert doc.status == "Draft"
	assert balances.books_balance(ledger, base.company, add_days(period.end, 5))["balance_per_books"] == 1000


def test_a_foreign_currency_customer_has_both_balances(base, period):
	factories.ensure_receivable_account()
	factories.make_currency_exchange(period.day(-30))
	customer = factories.make_foreign_customer().name
	invoice(
		customer,
		100,
		period.day(20),
		currency=factories.FOREIGN_CURRENCY,
		conversion_rate=factories.FOREIGN_RATE,
		plc_conversion_rate=1,
	)
	doc = make_confirmation(customer, base.company, period.end)
	assert doc.account_currency == factories.FOREIGN_CURRENCY
	assert doc.balance_in_account_currency == 100
	assert doc.balance_per_books == 100 * factories.FOREIGN_RATE


def test_a_period_end_in_the_future_or_today_is_refused_and_nothing_saved(base):
	before = frappe.db.count(DOCTYPE)
	for day in (nowdate(), add_days(nowdate(), 30)):
		with pytest.raises(PeriodInFutureError):
			make_confirmation(base.customer, base.company, day)
		with pytest.raises(PeriodInFutureError):
			api.create_balance_confirmations(base.company, day)
	assert frappe.db.count(DOCTYPE) == before


def test_a_second_confirmation_of_the_same_half_year_is_refused(base, period, ledger):
	first = make_confirmation(ledger, base.company, period.end)
	with pytest.raises(DuplicateConfirmationError, match=first.name):
		make_confirmation(ledger, base.company, period.end)


def test_the_action_creates_one_confirmation_per_customer_with_activity_or_a_balance(base, period, ledger):
	dormant_with_balance = factories.make_customer().name
	invoice(dormant_with_balance, 80, add_days(period.start, -20))
	settled_before = factories.make_customer().name
	old = invoice(settled_before, 50, add_days(period.start, -30))
	factories.make_payment_entry(old, posting_date=add_days(period.start, -25))
	only_after = factories.make_customer().name
	invoice(only_after, 90, add_days(period.end, 3))

	result = api.create_balance_confirmations(base.company, str(period.end))
	made = {
		frappe.db.get_value(DOCTYPE, name, "customer"): frappe.db.get_value(
			DOCTYPE, name, "balance_per_books"
		)
		for name in result["created"]
	}
	assert made[ledger] == 700
	assert made[dormant_with_balance] == 80
	assert settled_before not in made and only_after not in made
	# a second run creates nothing new
	assert api.create_balance_confirmations(base.company, str(period.end))["created"] == []


def test_creating_confirmations_needs_the_right(base, period):
	user = factories.ensure_register_users().sales
	frappe.set_user(user)
	with pytest.raises(frappe.PermissionError):
		api.create_balance_confirmations(base.company, str(period.end))


def test_the_statement_is_emailed_through_erpnexts_statement_of_accounts(base, period, ledger, print_host):
	frappe.db.set_value("Customer", ledger, "email_id", "accounts@nq-customer.example.com")
	doc = make_confirmation(ledger, base.company, period.end)
	result = api.send_balance_statements([doc.name])
	assert result["sent"] == [doc.name]
	doc.reload()
	assert doc.status == "Sent" and doc.sent_on and doc.statement_request
	statement = frappe.get_doc("Process Statement Of Accounts", doc.statement_request)
	assert (statement.report, getdate(statement.from_date), getdate(statement.to_date)) == (
		"General Ledger",
		period.start,
		period.end,
	)
	queued = frappe.get_all(
		"Email Queue",
		filters={"reference_doctype": "Process Statement Of Accounts", "reference_name": statement.name},
		pluck="name",
	)
	assert len(queued) == 1
	mail = frappe.get_doc("Email Queue", queued[0])
	assert [r.recipient for r in mail.recipients] == ["accounts@nq-customer.example.com"]
	assert "Balance confirmation" in mail.message
	assert ".pdf" in (mail.attachments or "") or "application/pdf" in mail.message


def test_no_email_address_is_refused_and_the_confirmation_stays_draft(base, period, ledger):
	doc = make_confirmation(ledger, base.company, period.end)
	with pytest.raises(StatementEmailError):
		api.send_balance_statements([doc.name])
	assert frappe.db.get_value(DOCTYPE, doc.name, "status") == "Draft"


def attach_reply(doc, name: str = "reply.txt") -> str:
	"""The customer's reply, uploaded to the confirmation (as the desk's Attach field does)."""
	return (
		frappe.get_doc(
			{
				"doctype": "File",
				"file_name": f"{frappe.generate_hash(length=6)}-{name}",
				"content": f"Reply {name} {frappe.generate_hash()}".encode(),
				"attached_to_doctype": doc.doctype,
				"attached_to_name": doc.name,
				"attached_to_field": "customer_reply",
				"is_private": 1,
			}
		)
		.insert()
		.file_url
	)


def test_the_customers_reply_confirms_or_disputes(base, period, ledger, print_host):
	doc = make_confirmation(ledger, base.company, period.end)
	doc.replied_on = nowdate()
	doc.balance_confirmed = 700
	doc.customer_reply = attach_reply(doc)
	with pytest.raises(ConfirmationStateError):
		doc.save()
	# the sent state is recorded by the statement action only
	doc.reload()
	doc.sent_on = frappe.utils.now_datetime()
	doc.save()
	assert not doc.sent_on and doc.status == "Draft"

	frappe.db.set_value("Customer", ledger, "email_id", "accounts@nq-customer.example.com")
	api.send_balance_statements(doc.name)
	doc.reload()
	doc.replied_on = nowdate()
	doc.balance_confirmed = 650
	with pytest.raises(ConfirmationReplyError):
		doc.save()  # no reply attached
	doc.reload()
	doc.replied_on = nowdate()
	doc.balance_confirmed = 650
	doc.customer_reply = attach_reply(doc)
	doc.save()
	assert (doc.status, doc.difference, doc.replied_by) == ("Disputed", -50, "Administrator")
	doc.balance_confirmed = 700
	with pytest.raises(ConfirmationLockedError):
		doc.save()  # the same reply, read differently
	doc.reload()
	doc.balance_confirmed = 700
	doc.customer_reply = attach_reply(doc, "corrected-reply.txt")
	doc.save()
	assert (doc.status, doc.difference) == ("Confirmed", 0)
	assert doc.balance_per_books == 700  # what was sent stays as sent


def test_balance_confirmation_status_report(base, period, ledger):
	from neiqin.registers.report.balance_confirmation_status.balance_confirmation_status import execute

	doc = make_confirmation(ledger, base.company, period.end)
	_columns, rows, _msg, chart, summary = execute(
		{"company": base.company, "period_end": str(period.end), "customer": ledger}
	)
	assert [(r.name, r.balance_per_books, r.status) for r in rows] == [(doc.name, 700, "Draft")]
	assert chart["data"]["datasets"][0]["values"] == [1, 0, 0, 0]
	assert {s["label"]: s["value"] for s in summary}["Draft"] == 1


def test_the_bench_command_creates_the_confirmations(base, period, committed):
	import subprocess
	import sys

	from tests.integration.conftest import BENCH, SITE

	customer = committed.add(factories.make_customer())
	committed.add(invoice(customer.name, 420, period.day(30)))
	frappe.db.commit()
	command = ["create-balance-confirmations", "--company", base.company, "--period-end", str(period.end)]
	try:
		run = subprocess.run(
			[sys.executable, "-m", "frappe.utils.bench_helper", "frappe", "--site", SITE, *command],
			cwd=BENCH / "sites",
			capture_output=True,
			text=True,
			timeout=300,
		)
		assert run.returncode == 0, run.stderr
		assert "balance confirmation(s)" in run.stdout
		frappe.db.rollback()
		made = frappe.db.get_value(
			DOCTYPE, {"customer": customer.name, "period_end": period.end}, ["balance_per_books", "status"]
		)
		assert made == (420, "Draft")
	finally:
		frappe.db.rollback()
		frappe.db.delete(DOCTYPE, {"company": base.company, "period_end": period.end})
		frappe.db.commit()
