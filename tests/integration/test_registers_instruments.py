"""Receipt Instrument: refusals, hand-over and finance's sign-off (签收), the Payment Entry it
becomes, the late hand-over flag on the company's working days, maturing bills and the daily
Receipt Document Tracking report."""

import frappe
import pytest
from frappe.utils import add_days, getdate, nowdate

from neiqin.registers import api, instruments
from neiqin.registers.exceptions import (
	DuplicateInstrumentError,
	HandoverDateError,
	HandoverNotMadeError,
	HandoverNotYoursError,
	HandoverRecipientError,
	InstrumentAmountError,
	InstrumentDateError,
	InstrumentLockedError,
	InstrumentSettledError,
	InstrumentStatusError,
)
from tests.integration import factories, rest
from tests.integration.factories import Days, dated

DOCTYPE = "Receipt Instrument"


@pytest.fixture
def users(base):
	return factories.ensure_register_users()


def count() -> int:
	return frappe.db.count(DOCTYPE)


@pytest.mark.parametrize(
	"values, error, message",
	[
		({"amount": 0}, InstrumentAmountError, "greater than zero"),
		({"amount": -50}, InstrumentAmountError, "greater than zero"),
		({"received_on": Days(1)}, InstrumentDateError, "in the future"),
		(
			{
				"instrument_type": "Bank Acceptance Bill",
				"received_on": Days(0),
				"due_date": Days(-1),
			},
			InstrumentDateError,
			"before the receipt date",
		),
		({"instrument_type": "Commercial Acceptance Bill"}, InstrumentDateError, "needs its due date"),
		(
			{
				"received_on": Days(0),
				"handed_over_to": "finance",
				"handed_over_on": Days(-1),
			},
			HandoverDateError,
			"before the receipt date",
		),
		(
			{"handed_over_to": "finance", "handed_over_on": Days(1)},
			HandoverDateError,
			"in the future",
		),
		({"handed_over_on": Days(0)}, HandoverDateError, "to whom"),
	],
)
def test_bad_input_is_refused_and_nothing_saved(base, users, values, error, message):
	values = dated(values)
	if values.get("handed_over_to") in users:
		values = {**values, "handed_over_to": users[values["handed_over_to"]]}
	before = count()
	with pytest.raises(error, match=message):
		factories.make_instrument(base.customer, **values)
	assert count() == before


@pytest.mark.parametrize(
	"recipient, message", [("clerk", "cannot also receive"), ("sales", "not a finance user")]
)
def test_a_hand_over_goes_to_finance_never_to_the_clerk_himself(base, users, recipient, message):
	frappe.set_user(users.clerk)
	doc = factories.make_instrument(base.customer)
	doc.handed_over_to = users[recipient]
	with pytest.raises(HandoverRecipientError, match=message):
		doc.save()
	assert not frappe.db.get_value(DOCTYPE, doc.name, "handed_over_to")


def test_two_instruments_with_the_same_number_and_drawer_bank_are_refused(base):
	first = factories.make_instrument(
		base.customer, instrument_number="CH 0001234", drawer_bank="Bank of Hangzhou"
	)
	before = count()
	with pytest.raises(DuplicateInstrumentError, match=first.name):
		factories.make_instrument(
			base.customer, instrument_number="CH 0001234 ", drawer_bank="bank of  hangzhou"
		)
	assert count() == before
	# the same number from another bank is another instrument
	factories.make_instrument(base.customer, instrument_number="CH 0001234", drawer_bank="ICBC Hangzhou")


def test_hand_over_and_sign_off_by_the_finance_user_it_was_handed_to(base, users):
	doc = factories.make_instrument(base.customer)
	assert doc.status == "Received"
	with pytest.raises(HandoverNotMadeError):
		frappe.set_user(users.finance)
		api.sign_for_instrument(doc.name)
	frappe.set_user(users.clerk)
	doc.reload()
	doc.handed_over_to = users.finance
	doc.save()
	assert doc.status == "Handed Over"
	assert getdate(doc.handed_over_on) == getdate(nowdate())

	frappe.set_user(users.finance2)
	with pytest.raises(HandoverNotYoursError, match=users.finance):
		api.sign_for_instrument(doc.name)
	frappe.set_user(users.clerk)
	with pytest.raises(HandoverNotYoursError):
		api.sign_for_instrument(doc.name)
	assert not frappe.db.get_value(DOCTYPE, doc.name, "signed_on")

	frappe.set_user(users.finance)
	api.sign_for_instrument(doc.name)
	doc.reload()
	assert doc.signed_by == users.finance and doc.signed_on
	with pytest.raises(InstrumentStatusError):
		api.sign_for_instrument(doc.name)

	# what finance signed for is fixed
	frappe.set_user(users.clerk)
	doc.amount = 1
	with pytest.raises(InstrumentLockedError):
		doc.save()
	doc.reload()
	doc.handed_over_to = users.finance2
	with pytest.raises(InstrumentLockedError):
		doc.save()


def test_the_sign_off_cannot_be_typed_in_by_the_clerk(base, users):
	doc = factories.make_instrument(base.customer, handed_over_to=users.finance)
	frappe.set_user(users.clerk)
	doc.signed_by = users.finance
	doc.signed_on = frappe.utils.now_datetime()
	doc.save()
	assert not doc.signed_by and not doc.signed_on
	# nor can it be forged through REST
	assert not frappe.db.get_value(DOCTYPE, doc.name, "signed_on")


def test_rest_sign_off_by_someone_else_is_refused(base, users, committed):
	doc = committed.add(factories.make_instrument(base.customer, handed_over_to=users.finance))
	response = rest.call(
		"POST",
		"/api/method/neiqin.registers.api.sign_for_instrument",
		user=users.finance2,
		json={"name": doc.name},
	)
	assert response.status_code == 403
	assert "HandoverNotYoursError" in response.exception
	assert not frappe.db.get_value(DOCTYPE, doc.name, "signed_on")
	forged = rest.call(
		"PUT",
		f"/api/resource/{DOCTYPE}/{doc.name}",
		user=users.clerk,
		json={"signed_by": users.clerk, "signed_on": "2026-01-01 10:00:00"},
	)
	assert forged.status_code == 200
	assert not frappe.db.get_value(DOCTYPE, doc.name, "signed_on")


def test_status_set_by_hand_must_match_the_records(base):
	doc = factories.make_instrument(base.customer)
	for status in ("Deposited", "Bounced"):
		doc.status = status
		with pytest.raises(InstrumentStatusError, match="Change Status"):
			doc.save()
		doc.reload()
	with pytest.raises(InstrumentStatusError, match="follows from the records"):
		api.change_instrument_status(doc.name, "Deposited", "paid in")
	api.change_instrument_status(doc.name, "Bounced", "Returned by the bank: no funds")
	doc.reload()
	assert (doc.status, doc.status_reason, doc.status_changed_by) == (
		"Bounced",
		"Returned by the bank: no funds",
		"Administrator",
	)
	# a later save keeps it, and re-opening returns to what the records say
	doc.remarks = "Drawer called"
	doc.save()
	assert doc.status == "Bounced"
	api.change_instrument_status(doc.name, "Received", "Bank error, re-presented")
	assert frappe.db.get_value(DOCTYPE, doc.name, "status") == "Received"
	api.change_instrument_status(doc.name, "Bounced", "Returned again")
	with pytest.raises(InstrumentStatusError, match="cannot become a payment"):
		api.draft_payment_entry(doc.name)


def test_the_instrument_becomes_a_draft_payment_entry_and_its_status_follows(base, users):
	doc = factories.make_instrument(base.customer, amount=1234.5, handed_over_to=users.finance)
	name = api.draft_payment_entry(doc.name)
	payment = frappe.get_doc("Payment Entry", name)
	assert payment.docstatus == 0
	assert (payment.payment_type, payment.party_type, payment.party) == ("Receive", "Customer", base.customer)
	assert payment.paid_amount == 1234.5 and payment.received_amount == 1234.5
	assert payment.reference_no == doc.instrument_number
	doc.reload()
	assert doc.payment_entry == name and doc.status == "Handed Over"
	with pytest.raises(InstrumentSettledError, match="already has"):
		api.draft_payment_entry(doc.name)

	payment.submit()
	assert frappe.db.get_value(DOCTYPE, doc.name, "status") == "Deposited"
	gl = frappe.get_all("GL Entry", filters={"voucher_no": name, "is_cancelled": 0}, pluck="credit")
	assert sum(gl) == 1234.5
	payment.cancel()
	assert frappe.db.get_value(DOCTYPE, doc.name, "status") == "Handed Over"


def test_a_discarded_draft_payment_frees_the_instrument(base, users):
	doc = factories.make_instrument(base.customer, handed_over_to=users.finance)
	first = api.draft_payment_entry(doc.name)
	doc.reload()
	doc.onload()
	assert doc.get_onload().can_draft_payment is False
	frappe.delete_doc("Payment Entry", first)
	doc.reload()
	assert not doc.payment_entry
	doc.onload()
	assert doc.get_onload().can_draft_payment is True
	doc.remarks = "Drawer asked to wait"
	doc.save()
	second = api.draft_payment_entry(doc.name)
	assert frappe.db.get_value(DOCTYPE, doc.name, "payment_entry") == second
	assert frappe.db.get_value("Payment Entry", second, "docstatus") == 0


def test_draft_payment_needs_payment_entry_rights(base, users):
	doc = factories.make_instrument(base.customer)
	frappe.set_user(users.sales)
	with pytest.raises(frappe.PermissionError):
		api.draft_payment_entry(doc.name)
	assert not frappe.db.get_value(DOCTYPE, doc.name, "payment_entry")


def test_not_handed_over_by_the_end_of_the_next_working_day_is_flagged(base, users):
	# received on a Friday; Saturday and Sunday are holidays of the company: deadline is Monday
	today = getdate(nowdate())
	friday = add_days(today, -((today.weekday() - 4) % 7) - 7)
	saturday, sunday, monday = (add_days(friday, n) for n in (1, 2, 3))
	holidays = factories.make_holiday_list([saturday, sunday], add_days(friday, -10), add_days(friday, 30))
	frappe.db.set_value("Company", base.company, "default_holiday_list", holidays.name)
	frappe.clear_cache(doctype="Company")

	on_time = factories.make_instrument(base.customer, received_on=friday)
	assert getdate(on_time.handover_deadline) == getdate(monday)
	assert on_time.handover_late == 1  # still with the clerk a week later
	late = factories.make_instrument(
		base.customer, received_on=friday, handed_over_to=users.finance, handed_over_on=add_days(monday, 1)
	)
	assert late.handover_late == 1
	fine = factories.make_instrument(
		base.customer, received_on=friday, handed_over_to=users.finance, handed_over_on=monday
	)
	assert fine.handover_late == 0

	# the daily job flags instruments whose deadline passed since they were saved
	fresh = factories.make_instrument(base.customer, received_on=add_days(today, -1))
	frappe.db.set_value(DOCTYPE, fresh.name, "handover_deadline", add_days(today, -1))
	assert frappe.db.get_value(DOCTYPE, fresh.name, "handover_late") == 0
	instruments.flag_late_handovers(today)
	assert frappe.db.get_value(DOCTYPE, fresh.name, "handover_late") == 1


def test_maturing_bills_selects_bills_still_held_due_within_n_days(base):
	today = nowdate()
	soon = factories.make_instrument(
		base.customer, instrument_type="Bank Acceptance Bill", received_on=today, due_date=add_days(today, 10)
	)
	factories.make_instrument(
		base.customer,
		instrument_type="Commercial Acceptance Bill",
		received_on=today,
		due_date=add_days(today, 60),
	)
	endorsed = factories.make_instrument(
		base.customer, instrument_type="Bank Acceptance Bill", received_on=today, due_date=add_days(today, 5)
	)
	api.change_instrument_status(endorsed.name, "Endorsed", "Endorsed to a supplier")
	factories.make_instrument(base.customer, instrument_type="Cheque", due_date=add_days(today, 3))
	mine = [b for b in instruments.maturing_bills(today, 30, base.company) if b.customer == base.customer]
	assert [(b.name, b.days_to_maturity) for b in mine if b.name in (soon.name, endorsed.name)] == [
		(soon.name, 10)
	]
	assert all(b.instrument_type != "Cheque" for b in mine)
	assert soon.name not in [b.name for b in instruments.maturing_bills(today, 9, base.company)]


def test_receipt_document_tracking_of_a_day(base, users):
	from neiqin.registers.report.receipt_document_tracking.receipt_document_tracking import execute

	customer = factories.make_customer().name
	yesterday = add_days(nowdate(), -1)
	received = factories.make_instrument(customer, amount=100)
	handed = factories.make_instrument(
		customer, amount=200, received_on=yesterday, handed_over_to=users.finance, handed_over_on=nowdate()
	)
	bill = factories.make_instrument(
		customer,
		amount=300,
		instrument_type="Bank Acceptance Bill",
		received_on=yesterday,
		due_date=add_days(nowdate(), 7),
	)
	paid = factories.make_instrument(
		customer, amount=400, received_on=yesterday, handed_over_to=users.finance, handed_over_on=yesterday
	)
	frappe.get_doc("Payment Entry", api.draft_payment_entry(paid.name)).submit()

	_columns, rows, _msg, chart, summary = execute(
		{"company": base.company, "date": nowdate(), "maturity_days": 10}
	)
	mine = {(r["category"], r["name"]) for r in rows if r["customer"] == customer}
	assert mine == {
		("Received", received.name),
		("With the Clerk", received.name),
		("Handed Over", handed.name),
		("With the Clerk", bill.name),
		("Maturing", bill.name),
		("Turned into Payment", paid.name),
	}
	assert chart["data"]["labels"][0] == "Received"
	assert any(s["label"] == "Turned into Payment of type Cheque" and s["value"] >= 400 for s in summary)


def test_finance_hears_of_an_instrument_handed_to_it_by_todo_bell_email_and_robot(base, users):
	from neiqin.registers import api

	channel = factories.make_notification_channel(
		"WeCom Robot", "http://127.0.0.1:18399/hook", events=["Instrument Handed Over"]
	)
	deaf = factories.make_notification_channel(
		"WeCom Robot", "http://127.0.0.1:18399/b", events=["Bill Maturing"]
	)
	frappe.set_user(users.clerk)
	doc = factories.make_instrument(base.customer)
	frappe.set_user("Administrator")
	ref = {"document_type": DOCTYPE, "document_name": doc.name}
	todo = {"reference_type": DOCTYPE, "reference_name": doc.name}
	assert not frappe.db.exists("ToDo", todo)  # received, not handed over yet

	frappe.set_user(users.clerk)
	doc.handed_over_to = users.finance
	doc.save()
	doc.remarks = "kept in the safe"  # a later save does not announce it again
	doc.save()
	frappe.set_user("Administrator")

	todos = frappe.get_all("ToDo", filters=todo, fields=["allocated_to", "status", "description"])
	assert [(t.allocated_to, t.status) for t in todos] == [(users.finance, "Open")]
	assert "please sign for it" in todos[0].description
	logs = frappe.get_all("Notification Log", filters=ref, fields=["for_user", "type"])
	assert [(log.for_user, log.type) for log in logs] == [(users.finance, "Assignment")]
	# frappe e-mails an assignment (an "Alert" it does not) unless the user turned it off (the
	# test site mutes outgoing mail, so the decision is what is checked here)
	from frappe.desk.doctype.notification_settings.notification_settings import (
		is_email_notifications_enabled_for_type,
	)

	assert is_email_notifications_enabled_for_type(users.finance, "Assignment")
	messages = frappe.get_all(
		"Channel Message",
		filters={"reference_doctype": DOCTYPE, "reference_name": doc.name},
		fields=["notification_channel", "event", "message"],
	)
	assert [(m.notification_channel, m.event) for m in messages] == [(channel.name, "Instrument Handed Over")]
	assert deaf.name not in {m.notification_channel for m in messages}
	assert frappe.utils.get_fullname(users.finance) in messages[0].message

	frappe.set_user(users.clerk)
	doc.reload()
	doc.handed_over_to = users.finance2  # handed to someone else instead: the first to-do goes
	doc.save()
	frappe.set_user("Administrator")
	statuses = dict(frappe.get_all("ToDo", filters=todo, fields=["allocated_to", "status"], as_list=True))
	assert statuses == {users.finance: "Cancelled", users.finance2: "Open"}

	frappe.set_user(users.finance2)
	api.sign_for_instrument(doc.name)
	frappe.set_user("Administrator")
	assert frappe.db.get_value("ToDo", {**todo, "allocated_to": users.finance2}, "status") == "Closed"
