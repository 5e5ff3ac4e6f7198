"""Abuse of the money registers, as an insider does it over REST with his own token (frappe's
real request handling): receipt instruments (status after finance signed, one payment per
instrument through cancel → amend and two connections at once, the payment's amount,
duplicates written another way) and balance confirmations (a reply without the customer's
answer, a Disputed one turned Confirmed, the balance per books after sending).

Committed data, deleted afterwards."""

from __future__ import annotations

import threading
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

import frappe
import pytest
from frappe.utils import add_days, getdate, now_datetime, nowdate

from neiqin.registers import api, instruments, rules
from tests.integration import factories, rest
from tests.integration.conftest import SITE

INSTRUMENT = "Receipt Instrument"
CONFIRMATION = "Customer Balance Confirmation"


@pytest.fixture(scope="module")
def users(base):
	return factories.ensure_register_users()


def path(doctype: str, name: str | None = None) -> str:
	base = f"/api/resource/{urllib.parse.quote(doctype)}"
	return f"{base}/{urllib.parse.quote(name)}" if name else base


def method(name: str) -> str:
	return f"/api/method/neiqin.registers.api.{name}"


def signed_instrument(base, users, committed, **values):
	"""An instrument entered by the clerk, handed over to finance and signed for (committed)."""
	frappe.set_user(users.clerk)
	doc = factories.make_instrument(base.customer, handed_over_to=users.finance, **values)
	frappe.set_user(users.finance)
	api.sign_for_instrument(doc.name)
	frappe.set_user("Administrator")
	committed.add(doc)
	frappe.db.commit()
	return frappe.get_doc(INSTRUMENT, doc.name)


def submitted_payments(instrument: str) -> list[str]:
	return frappe.get_all(
		"Payment Entry", filters={instruments.PAYMENT_LINK: instrument, "docstatus": 1}, pluck="name"
	)


# ----------------------------------------------------------------------------- 1. instruments


def test_once_finance_signed_only_finance_changes_the_status_with_a_reason(base, users, committed):
	bill = signed_instrument(
		base,
		users,
		committed,
		instrument_type="Bank Acceptance Bill",
		amount=9000,
		due_date=add_days(nowdate(), 20),
	)
	# the reported hole: the clerk sets the signed bill to Endorsed (through the API, and by a save)
	refused = rest.call(
		"POST",
		method("change_instrument_status"),
		users.clerk,
		json={"name": bill.name, "status": "Endorsed", "reason": "given to a supplier"},
	)
	assert refused.status_code == 403 and "InstrumentFinanceOnlyError" in refused.exception
	saved = rest.call("PUT", path(INSTRUMENT, bill.name), users.clerk, json={"status": "Endorsed"})
	assert saved.status_code == 417 and "InstrumentStatusError" in saved.exception
	forged = rest.call(
		"PUT",
		path(INSTRUMENT, bill.name),
		users.clerk,
		json={"status_reason": "forged", "status_changed_by": users.finance},
	)
	assert forged.status_code == 200
	row = frappe.db.get_value(
		INSTRUMENT, bill.name, ["status", "status_reason", "status_changed_by"], as_dict=True
	)
	assert (row.status, row.status_reason, row.status_changed_by) == ("Handed Over", None, None)
	assert bill.name in [b.name for b in instruments.maturing_bills(nowdate(), 30, base.company)]

	# finance, without a reason: refused; with one: done, kept, on the timeline and in the report
	no_reason = rest.call(
		"POST",
		method("change_instrument_status"),
		users.finance,
		json={"name": bill.name, "status": "Endorsed", "reason": "  "},
	)
	assert no_reason.status_code == 417 and "InstrumentReasonError" in no_reason.exception
	assert frappe.db.get_value(INSTRUMENT, bill.name, "status") == "Handed Over"
	done = rest.call(
		"POST",
		method("change_instrument_status"),
		users.finance,
		json={"name": bill.name, "status": "Endorsed", "reason": "Endorsed to <b>Supplier</b> A"},
	)
	assert done.status_code == 200, done.text
	row = frappe.db.get_value(
		INSTRUMENT, bill.name, ["status", "status_reason", "status_changed_by"], as_dict=True
	)
	assert (row.status, row.status_reason, row.status_changed_by) == (
		"Endorsed",
		"Endorsed to <b>Supplier</b> A",
		users.finance,
	)
	notes = frappe.get_all(
		"Comment",
		filters={"reference_doctype": INSTRUMENT, "reference_name": bill.name, "comment_type": "Info"},
		pluck="content",
	)
	assert len(notes) == 1 and "Endorsed to &lt;b&gt;Supplier&lt;/b&gt; A" in notes[0]
	from neiqin.registers.report.receipt_document_tracking.receipt_document_tracking import execute

	rows = execute({"company": base.company, "date": nowdate()})[1]
	changed = [r for r in rows if r["name"] == bill.name and r["category"] == "Status Changed"]
	assert [(r["status"], r["status_reason"]) for r in changed] == [
		("Endorsed", "Endorsed to <b>Supplier</b> A")
	]
	# and the clerk cannot re-open it either
	reopen = rest.call(
		"POST",
		method("change_instrument_status"),
		users.clerk,
		json={"name": bill.name, "status": "Handed Over", "reason": "mistake"},
	)
	assert reopen.status_code == 403
	assert frappe.db.get_value(INSTRUMENT, bill.name, "status") == "Endorsed"


def test_cancel_amend_and_draft_again_never_makes_two_payments_of_one_cheque(base, users, committed):
	cheque = signed_instrument(base, users, committed, amount=7000)
	frappe.set_user(users.finance)
	first = frappe.get_doc("Payment Entry", api.draft_payment_entry(cheque.name))
	committed.add(first)
	first.submit()
	first.cancel()
	frappe.set_user("Administrator")
	frappe.db.commit()
	assert frappe.db.get_value(INSTRUMENT, cheque.name, "status") == "Handed Over"

	# the amendment, as the desk sends it (an amendment keeps the instrument)
	amended = frappe.copy_doc(first, ignore_no_copy=True).as_dict(convert_dates_to_str=True)
	amended.update({"amended_from": first.name, "docstatus": 0, "posting_date": nowdate()})
	made = rest.call("POST", path("Payment Entry"), users.finance, json=amended)
	assert made.status_code == 200, made.exception
	amendment = made.json["data"]["name"]
	committed.add("Payment Entry", amendment)
	assert made.json["data"][instruments.PAYMENT_LINK] == cheque.name

	# Draft Payment Entry again: refused while the amendment is open
	again = rest.call("POST", method("draft_payment_entry"), users.finance, json={"name": cheque.name})
	assert again.status_code == 417 and "InstrumentSettledError" in again.exception
	# an amendment cannot drop the instrument it settles
	stripped = rest.call(
		"PUT", path("Payment Entry", amendment), users.finance, json={instruments.PAYMENT_LINK: None}
	)
	assert stripped.status_code == 417 and "InstrumentPaymentMismatchError" in stripped.exception

	submitted = rest.call("PUT", path("Payment Entry", amendment), users.finance, json={"docstatus": 1})
	assert submitted.status_code == 200, submitted.exception
	assert submitted_payments(cheque.name) == [amendment]
	assert frappe.db.get_value(INSTRUMENT, cheque.name, ["status", "payment_entry"]) == (
		"Deposited",
		amendment,
	)

	# a second payment built by hand for the same cheque is refused on submit
	other = rest.call(
		"POST",
		path("Payment Entry"),
		users.finance,
		json={**amended, "amended_from": None, "reference_no": "again"},
	)
	if other.status_code == 200:
		committed.add("Payment Entry", other.json["data"]["name"])
		twice = rest.call(
			"PUT", path("Payment Entry", other.json["data"]["name"]), users.finance, json={"docstatus": 1}
		)
		assert twice.status_code == 417 and "InstrumentSettledError" in twice.exception
	else:
		assert "InstrumentSettledError" in other.exception
	assert submitted_payments(cheque.name) == [amendment]


def submit_concurrently(user: str, names: list[str]) -> list[rest.Response]:
	"""PUT docstatus=1 on each Payment Entry, each from its own thread and database connection,
	released together."""
	from frappe.utils import get_test_client

	token = factories.api_token(user)
	frappe.db.commit()
	start = threading.Barrier(len(names), timeout=60)

	def send(name):
		client = get_test_client()
		headers = {"Authorization": f"token {token}", "X-Frappe-Site-Name": SITE}
		start.wait()
		return client.put(path("Payment Entry", name), json={"docstatus": 1}, headers=headers)

	with ThreadPoolExecutor(max_workers=len(names)) as pool:
		raws = [future.result(timeout=300) for future in [pool.submit(send, name) for name in names]]
	frappe.db.commit()
	return [rest.Response(raw) for raw in raws]


def test_two_payments_of_one_instrument_submitted_at_once_settle_it_once(base, users, committed):
	cheque = signed_instrument(base, users, committed, amount=5000)
	frappe.set_user(users.finance)
	first = api.draft_payment_entry(cheque.name)
	frappe.set_user("Administrator")
	committed.add("Payment Entry", first)
	copy = frappe.copy_doc(frappe.get_doc("Payment Entry", first), ignore_no_copy=True)
	copy.insert(ignore_permissions=True)  # a second draft naming the same instrument
	committed.add(copy)
	frappe.db.commit()

	responses = submit_concurrently(users.finance, [first, copy.name])
	ok = [r for r in responses if r.status_code == 200]
	assert len(ok) == 1, [(r.status_code, r.exception[:200]) for r in responses]
	refused = next(r for r in responses if r.status_code != 200)
	assert "InstrumentSettledError" in refused.exception or "Deadlock" in refused.exception
	settled = submitted_payments(cheque.name)
	assert len(settled) == 1
	assert frappe.db.get_value(INSTRUMENT, cheque.name, ["status", "payment_entry"]) == (
		"Deposited",
		settled[0],
	)


def test_a_payment_of_another_amount_needs_a_reason_that_shows_in_the_report(base, users, committed):
	bill = signed_instrument(base, users, committed, amount=9000)
	frappe.set_user(users.finance)
	name = api.draft_payment_entry(bill.name)
	frappe.set_user("Administrator")
	committed.add("Payment Entry", name)
	frappe.db.commit()

	ninety = rest.call(
		"PUT",
		path("Payment Entry", name),
		users.finance,
		json={"paid_amount": 90, "received_amount": 90, "docstatus": 1},
	)
	assert ninety.status_code == 417 and "InstrumentReasonError" in ninety.exception
	assert frappe.db.get_value(INSTRUMENT, bill.name, "status") == "Handed Over"
	assert frappe.db.get_value("Payment Entry", name, ["docstatus", "paid_amount"]) == (0, 9000)

	stranger = committed.add(factories.make_customer()).name
	other_customer = rest.call("PUT", path("Payment Entry", name), users.finance, json={"party": stranger})
	assert other_customer.status_code == 417 and "InstrumentPaymentMismatchError" in other_customer.exception

	explained = rest.call(
		"PUT",
		path("Payment Entry", name),
		users.finance,
		json={
			"paid_amount": 8990,
			"received_amount": 8990,
			instruments.DIFFERENCE_REASON: "Bank charge of 10 deducted",
			"docstatus": 1,
		},
	)
	assert explained.status_code == 200, explained.exception
	assert frappe.db.get_value(INSTRUMENT, bill.name, "status") == "Deposited"
	from neiqin.registers.report.receipt_document_tracking.receipt_document_tracking import execute

	rows = execute({"company": base.company, "date": nowdate()})[1]
	paid = [r for r in rows if r["name"] == bill.name and r["category"] == "Turned into Payment"]
	assert [(r["paid_amount"], r["difference"], r["difference_reason"]) for r in paid] == [
		(8990, -10, "Bank charge of 10 deducted")
	]


@pytest.mark.parametrize("written", ["H4ES-VETK", "h4es vetk", "Ｈ４ＥＳ－ＶＥＴＫ", " H4ES  VETK "])
def test_the_same_cheque_written_another_way_is_a_duplicate(base, users, committed, written):
	first = factories.make_instrument(
		base.customer,
		instrument_number="H4ES VETK",
		drawer_bank=f"_NQ Dup Bank {frappe.generate_hash(length=5)}",
	)
	committed.add(first)
	frappe.db.commit()
	before = frappe.db.count(INSTRUMENT)
	response = rest.call(
		"POST",
		path(INSTRUMENT),
		users.clerk,
		json={
			"instrument_type": "Cheque",
			"instrument_number": written,
			"drawer_bank": first.drawer_bank.upper().replace(" ", "  "),
			"amount": 1000,
			"customer": base.customer,
			"company": base.company,
			"received_on": nowdate(),
		},
	)
	assert response.status_code == 417 and "DuplicateInstrumentError" in response.exception
	assert first.name in response.exception
	assert frappe.db.count(INSTRUMENT) == before


# ----------------------------------------------------------------------------- 2. balance confirmations


@pytest.fixture
def sent_confirmation(base, committed):
	"""A confirmation whose statement was sent (as the statement action records it)."""
	period_end = rules.last_half_year_end(getdate(nowdate()))
	factories.ensure_fiscal_year(period_end)
	customer = committed.add(factories.make_customer())
	doc = frappe.get_doc(
		{
			"doctype": CONFIRMATION,
			"customer": customer.name,
			"company": base.company,
			"period_end": period_end,
		}
	).insert()
	committed.add(doc)
	doc.sent_on = now_datetime()
	doc.flags.recording = True
	doc.save()
	frappe.db.commit()
	return doc


def attach(doc, name: str = "reply.txt", to=None) -> str:
	to = to or doc
	file = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": f"{frappe.generate_hash(length=6)}-{name}",
			"content": f"The customer replies ({name}, {frappe.generate_hash()}).".encode(),
			"attached_to_doctype": to.doctype,
			"attached_to_name": to.name,
			"is_private": 1,
		}
	).insert(ignore_permissions=True)
	frappe.db.commit()
	return file.file_url


def test_a_reply_needs_the_customers_answer_attached_and_records_who_and_when(
	base, users, sent_confirmation, committed
):
	doc = sent_confirmation
	url = path(CONFIRMATION, doc.name)
	bare = rest.call("PUT", url, users.clerk, json={"replied_on": nowdate(), "balance_confirmed": 0})
	assert bare.status_code == 417 and "ConfirmationReplyError" in bare.exception
	elsewhere = attach(committed.add(factories.make_customer()))
	borrowed = rest.call(
		"PUT",
		url,
		users.clerk,
		json={"replied_on": nowdate(), "balance_confirmed": 0, "customer_reply": elsewhere},
	)
	assert borrowed.status_code == 417 and "ConfirmationReplyError" in borrowed.exception
	assert frappe.db.get_value(CONFIRMATION, doc.name, "status") == "Sent"

	reply = attach(doc)
	disputed = rest.call(
		"PUT",
		url,
		users.clerk,
		json={"replied_on": nowdate(), "balance_confirmed": 120, "customer_reply": reply},
	)
	assert disputed.status_code == 200, disputed.exception
	row = frappe.db.get_value(
		CONFIRMATION, doc.name, ["status", "replied_by", "reply_recorded_on"], as_dict=True
	)
	assert row.status == "Disputed" and row.replied_by == users.clerk and row.reply_recorded_on


def test_a_disputed_confirmation_changes_only_by_a_new_reply(base, users, sent_confirmation):
	doc = sent_confirmation
	url = path(CONFIRMATION, doc.name)
	first = attach(doc)
	assert (
		rest.call(
			"PUT",
			url,
			users.clerk,
			json={"replied_on": nowdate(), "balance_confirmed": 120, "customer_reply": first},
		).status_code
		== 200
	)
	for attempt in (
		{"balance_confirmed": 0},  # the reported hole: Disputed made Confirmed with no reply
		{"replied_on": None, "balance_confirmed": 0, "customer_reply": None},
		{"customer_reply": None},
		{"replied_by": users.manager, "reply_recorded_on": "2020-01-01 00:00:00", "balance_confirmed": 0},
	):
		response = rest.call("PUT", url, users.manager, json=attempt)
		assert response.status_code == 417 and "ConfirmationLockedError" in response.exception, attempt
	row = frappe.db.get_value(
		CONFIRMATION, doc.name, ["status", "balance_confirmed", "replied_by"], as_dict=True
	)
	assert (row.status, row.balance_confirmed, row.replied_by) == ("Disputed", 120, users.clerk)

	second = attach(doc, "second-reply.txt")
	confirmed = rest.call(
		"PUT",
		url,
		users.manager,
		json={"replied_on": nowdate(), "balance_confirmed": 0, "customer_reply": second},
	)
	assert confirmed.status_code == 200, confirmed.exception
	row = frappe.db.get_value(CONFIRMATION, doc.name, ["status", "replied_by"], as_dict=True)
	assert (row.status, row.replied_by) == ("Confirmed", users.manager)
	notes = frappe.get_all(
		"Comment",
		filters={"reference_doctype": CONFIRMATION, "reference_name": doc.name, "comment_type": "Info"},
		pluck="content",
	)
	assert len(notes) == 2


def test_the_balance_per_books_is_fixed_when_sent(base, users, sent_confirmation):
	doc = sent_confirmation
	url = path(CONFIRMATION, doc.name)
	sent_balance = frappe.db.get_value(CONFIRMATION, doc.name, "balance_per_books")
	forged = rest.call(
		"PUT", url, users.clerk, json={"balance_per_books": 123456, "balance_in_account_currency": 123456}
	)
	assert forged.status_code == 200
	assert frappe.db.get_value(CONFIRMATION, doc.name, "balance_per_books") == sent_balance
	for field, value in (
		("period_end", str(rules.last_half_year_end(add_days(getdate(doc.period_end), -1)))),
		("customer", base.customer),
	):
		moved = rest.call("PUT", url, users.clerk, json={field: value})
		assert moved.status_code == 417 and "ConfirmationLockedError" in moved.exception, field
	assert str(frappe.db.get_value(CONFIRMATION, doc.name, "period_end")) == str(doc.period_end)
