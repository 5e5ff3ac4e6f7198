"""Cheques, drafts and acceptance bills received (支票、承兑汇票 … 交财务部签收): the company's
working days, the hand-over flag, finance's sign-off, the Payment Entry an instrument becomes,
and the bills maturing soon."""

from __future__ import annotations

from datetime import date

import frappe
from frappe import _
from frappe.utils import add_days, escape_html, fmt_money, getdate, now_datetime, nowdate

from neiqin import payment_links
from neiqin.escaping import bold, existing_doc
from neiqin.registers import rules
from neiqin.registers.exceptions import (
	HandoverNotMadeError,
	HandoverNotYoursError,
	InstrumentCurrencyError,
	InstrumentFinanceOnlyError,
	InstrumentPaymentMismatchError,
	InstrumentReasonError,
	InstrumentSettledError,
	InstrumentStatusError,
)

DOCTYPE = "Receipt Instrument"
# Who may receive an instrument from the clerk and sign for it (财务部)
FINANCE_ROLES = ("Accounts User", "Accounts Manager")
# Recorded by the actions below only; a save never changes them.
RECORDED_FIELDS = (
	"signed_by",
	"signed_on",
	"payment_entry",
	"status_reason",
	"status_changed_by",
	"status_changed_on",
)
# Custom fields of Payment Entry (neiqin.custom_fields): the instrument it settles (kept by an
# amendment, not by a duplicate) and why it settles another amount than the instrument's.
PAYMENT_LINK = "receipt_instrument"
DIFFERENCE_REASON = "instrument_difference_reason"
# What finance signed for: fixed once signed.
SIGNED_FIELDS = (
	"instrument_type",
	"instrument_number",
	"drawer_bank",
	"amount",
	"currency",
	"customer",
	"company",
	"received_on",
	"due_date",
	"handed_over_to",
	"handed_over_on",
)


def company_holidays(company: str, start: date, end: date) -> set[date]:
	"""The days of the company's default Holiday List between `start` and `end` (none without one)."""
	holiday_list = frappe.get_cached_value("Company", company, "default_holiday_list")
	if not holiday_list:
		return set()
	days = frappe.get_all(
		"Holiday",
		filters={
			"parenttype": "Holiday List",
			"parent": holiday_list,
			"holiday_date": ("between", [start, end]),
		},
		pluck="holiday_date",
	)
	return {getdate(day) for day in days}


def handover_deadline(company: str, received_on: date | str) -> date:
	received_on = getdate(received_on)
	# a month ahead covers any run of holidays (Spring Festival included)
	return rules.handover_deadline(
		received_on, company_holidays(company, received_on, add_days(received_on, 31))
	)


def flag_late_handovers(today: date | str | None = None) -> int:
	"""Daily job: flag instruments still with the clerk after the end of the next working day."""
	today = getdate(today or nowdate())
	late = frappe.get_all(
		DOCTYPE,
		filters={
			"handed_over_on": ("is", "not set"),
			"handover_late": 0,
			"handover_deadline": ("<", today),
			"status": "Received",
		},
		pluck="name",
	)
	for name in late:
		frappe.db.set_value(DOCTYPE, name, "handover_late", 1, update_modified=False)
	return len(late)


def maturing_bills(
	on_date: date | str | None = None, days: int = 30, company: str | None = None
) -> list[dict]:
	"""Acceptance bills still held that fall due within `days` days of `on_date` (overdue ones
	included), earliest first: the one selection the tracking report and any channel use."""
	on_date = getdate(on_date or nowdate())
	filters = {
		"instrument_type": ("in", rules.BILL_TYPES),
		"due_date": ("<=", add_days(on_date, max(int(days or 0), 0))),
		"status": ("not in", rules.CLOSED_STATUSES),
	}
	if company:
		filters["company"] = company
	bills = frappe.get_all(
		DOCTYPE,
		filters=filters,
		fields=[
			"name",
			"instrument_type",
			"instrument_number",
			"drawer",
			"drawer_bank",
			"customer",
			"customer_name",
			"company",
			"amount",
			"currency",
			"due_date",
			"status",
		],
	)
	for bill in bills:
		bill.due_date = getdate(bill.due_date)
		bill.days_to_maturity = (bill.due_date - on_date).days
	return rules.maturing(bills, on_date, days)


# ----------------------------------------------------------------------------- actions


def is_finance(user: str | None = None) -> bool:
	return bool(set(FINANCE_ROLES) & set(frappe.get_roles(user or frappe.session.user)))


def sign_for(name: str) -> None:
	"""Finance signs for an instrument handed over to it (签收): only the user it was handed to."""
	doc = existing_doc(DOCTYPE, name, for_update=True)
	doc.check_permission("read")
	if not doc.handed_over_to or not doc.handed_over_on:
		frappe.throw(
			_("{0} has not been handed over to finance yet.").format(bold(doc.name)),
			HandoverNotMadeError,
		)
	if doc.handed_over_to != frappe.session.user:
		frappe.throw(
			_("{0} was handed over to {1}, not to you: only {1} can sign for it.").format(
				bold(doc.name), bold(doc.handed_over_to)
			),
			HandoverNotYoursError,
		)
	if doc.signed_on:
		frappe.throw(_("{0} is already signed for.").format(bold(doc.name)), InstrumentStatusError)
	doc.signed_by = frappe.session.user
	doc.signed_on = now_datetime()
	doc.flags.recording = True
	doc.save(ignore_permissions=True)
	close_handover_todo(doc)


def announce_handover(doc) -> None:
	"""on_update: an instrument handed to a finance user lands in their to-do list (frappe's
	assignment: the bell, and e-mail when they take notifications by e-mail) until they sign for
	it; the channels that listen for Instrument Handed Over hear it too (neiqin.channels). Handed
	to someone else instead, the first one's to-do is cancelled."""
	before = doc.get_doc_before_save()
	previous = before.handed_over_to if before else None
	if not doc.handed_over_to or previous == doc.handed_over_to:
		return
	from frappe.desk.form import assign_to

	from neiqin.channels import events
	from neiqin.channels.publish import publish

	if previous and open_todo(doc.name, previous):
		assign_to.remove(DOCTYPE, doc.name, previous, ignore_permissions=True)
	lang = frappe.db.get_value("User", doc.handed_over_to, "language") or None
	assign_to.add(
		{
			"assign_to": [doc.handed_over_to],
			"doctype": DOCTYPE,
			"name": doc.name,
			"description": _(
				"{0} {1} of {2} for {3} was handed over to you: please sign for it", lang=lang
			).format(
				_(DOCTYPE, lang=lang),
				bold(doc.name),
				bold(doc.customer_name or doc.customer),
				bold(fmt_money(doc.amount, currency=doc.currency)),
			),
		},
		ignore_permissions=True,
	)
	publish(
		events.INSTRUMENT_HANDED_OVER, doc, handed_over_to=doc.handed_over_to, next_users=[doc.handed_over_to]
	)


def open_todo(name: str, user: str) -> str | None:
	return frappe.db.get_value(
		"ToDo", {"reference_type": DOCTYPE, "reference_name": name, "allocated_to": user, "status": "Open"}
	)


def close_handover_todo(doc) -> None:
	"""Signed for: the to-do of the hand-over is done."""
	if open_todo(doc.name, doc.signed_by):
		from frappe.desk.form import assign_to

		assign_to.close(DOCTYPE, doc.name, doc.signed_by, ignore_permissions=True)


def status_label(status: str) -> str:
	return _(status, context="Receipt Instrument")


def change_status(name: str, status: str, reason: str) -> None:
	"""Endorse, bounce or cancel an instrument, or re-open one to what its records say, with a
	reason; once finance has signed for it only finance may. The change, who made it and why are
	kept on the instrument, on its timeline and in Receipt Document Tracking."""
	doc = existing_doc(DOCTYPE, name, for_update=True)
	doc.check_permission("write")
	reason = (reason or "").strip()
	computed = rules.instrument_status(None, bool(doc.handed_over_on), payment_submitted(doc.payment_entry))
	problem = rules.status_change_problem(
		doc.status, status, computed, bool(doc.signed_on), is_finance(), reason
	)
	if problem == "finance_only":
		frappe.throw(
			_("{0} is signed for by finance: only finance ({1}) can change its status.").format(
				bold(doc.name), ", ".join(_(role) for role in FINANCE_ROLES)
			),
			InstrumentFinanceOnlyError,
		)
	if problem == "reason":
		frappe.throw(
			_("Give the reason why {0} becomes {1}.").format(bold(doc.name), bold(status_label(status))),
			InstrumentReasonError,
		)
	if problem:
		frappe.throw(
			_(
				"{0} cannot become {1}: it is {2}, and {3} follows from the records (hand-over, Payment Entry)."
			).format(
				bold(doc.name),
				bold(status_label(str(status or ""))),
				bold(status_label(doc.status)),
				bold(status_label(computed)),
			),
			InstrumentStatusError,
		)
	previous = doc.status
	doc.update(
		{
			"status": status,
			"status_reason": reason,
			"status_changed_by": frappe.session.user,
			"status_changed_on": now_datetime(),
		}
	)
	doc.flags.recording = True
	doc.flags.status_change = True
	doc.save(ignore_permissions=True)
	doc.add_comment(
		"Info",
		_("Status changed from {0} to {1}. Reason: {2}").format(
			bold(status_label(previous)), bold(status_label(doc.status)), escape_html(reason)
		),
	)


def payment_submitted(payment_entry: str | None) -> bool:
	return bool(payment_entry and frappe.db.get_value("Payment Entry", payment_entry, "docstatus") == 1)


def open_payments(name: str, exclude: str | None = None, for_update: bool = False) -> list[frappe._dict]:
	"""Draft and submitted Payment Entries that settle instrument `name`."""
	return payment_links.open_payments(PAYMENT_LINK, name, exclude=exclude, for_update=for_update)


def draft_payment_entry(name: str) -> str:
	"""Draft the Payment Entry (Receive) the instrument becomes, link it, return its name."""
	doc = existing_doc(DOCTYPE, name, for_update=True)
	doc.check_permission("write")
	frappe.has_permission("Payment Entry", "create", throw=True)
	if doc.status in rules.MANUAL_STATUSES or doc.status == "Deposited":
		frappe.throw(
			_("{0} is {1}: it cannot become a payment.").format(bold(doc.name), status_label(doc.status)),
			InstrumentStatusError,
		)
	existing = open_payments(doc.name, for_update=True)
	if existing:
		frappe.throw(
			_("{0} already has the Payment Entry {1}.").format(bold(doc.name), bold(existing[0].name)),
			InstrumentSettledError,
		)
	payment = new_payment_entry(doc)
	payment.insert()
	doc.payment_entry = payment.name
	doc.flags.recording = True
	doc.save(ignore_permissions=True)
	return payment.name


def new_payment_entry(doc):
	"""A Payment Entry built through ERPNext's own API: receivable of the customer to the
	company's default bank (else cash) account, the instrument's number as reference."""
	from erpnext.accounts.party import get_party_account
	from erpnext.accounts.utils import get_account_currency
	from erpnext.setup.utils import get_exchange_rate

	company_currency = frappe.get_cached_value("Company", doc.company, "default_currency")
	paid_from = get_party_account("Customer", doc.customer, doc.company)
	from_currency = get_account_currency(paid_from)
	if doc.currency != from_currency:
		frappe.throw(
			_("{0} is in {1}, but the account of customer {2} is in {3}.").format(
				bold(doc.name),
				bold(doc.currency),
				bold(doc.customer),
				bold(from_currency),
			),
			InstrumentCurrencyError,
		)
	paid_to = frappe.get_cached_value(
		"Company", doc.company, "default_bank_account"
	) or frappe.get_cached_value("Company", doc.company, "default_cash_account")
	to_currency = get_account_currency(paid_to)
	posting_date = nowdate()
	source_rate = (
		1
		if from_currency == company_currency
		else get_exchange_rate(from_currency, company_currency, posting_date)
	)
	target_rate = (
		1
		if to_currency == company_currency
		else get_exchange_rate(to_currency, company_currency, posting_date)
	)
	payment = frappe.new_doc("Payment Entry")
	payment.update(
		{
			"payment_type": "Receive",
			"company": doc.company,
			"posting_date": posting_date,
			"party_type": "Customer",
			"party": doc.customer,
			"paid_from": paid_from,
			"paid_from_account_currency": from_currency,
			"paid_to": paid_to,
			"paid_to_account_currency": to_currency,
			"paid_amount": doc.amount,
			"source_exchange_rate": source_rate,
			"target_exchange_rate": target_rate,
			"received_amount": doc.amount * source_rate / target_rate,
			"reference_no": doc.instrument_number,
			PAYMENT_LINK: doc.name,
			"reference_date": doc.due_date or doc.received_on,
			"remarks": _("{0} {1} from {2}, drawn on {3}").format(
				_(doc.instrument_type),
				doc.instrument_number,
				doc.drawer or doc.customer_name,
				doc.drawer_bank,
			),
		}
	)
	payment.setup_party_account_field()
	payment.set_missing_values()
	return payment


# ----------------------------------------------------------------------------- Payment Entry events


def validate_payment(payment, method=None):
	"""doc_events validate of Payment Entry: a payment that settles an instrument is a receipt
	from its customer, for its company and currency, of its amount (or another amount with a
	reason); an amendment keeps the instrument of the entry it amends."""
	name = payment.get(PAYMENT_LINK)
	if not name:
		if payment.amended_from and frappe.db.get_value("Payment Entry", payment.amended_from, PAYMENT_LINK):
			frappe.throw(
				_("{0} amends a payment of a receipt instrument: it keeps that instrument.").format(
					bold(payment.name)
				),
				InstrumentPaymentMismatchError,
			)
		return
	instrument = frappe.db.get_value(
		DOCTYPE, name, ["name", "customer", "company", "currency", "amount", "status"], as_dict=True
	)
	if not instrument:
		return  # frappe's own link validation refuses the unknown name
	expected = {
		"payment_type": "Receive",
		"party_type": "Customer",
		"party": instrument.customer,
		"company": instrument.company,
		"paid_from_account_currency": instrument.currency,
	}
	wrong = [field for field, value in expected.items() if payment.get(field) != value]
	if wrong:
		frappe.throw(
			_("{0} settles the receipt instrument {1}: its {2} must be those of the instrument.").format(
				bold(payment.name),
				bold(instrument.name),
				", ".join(_(payment.meta.get_label(field)) for field in wrong),
			),
			InstrumentPaymentMismatchError,
		)
	if instrument.status in rules.MANUAL_STATUSES:
		frappe.throw(
			_("{0} is {1}: it cannot become a payment.").format(
				bold(instrument.name), status_label(instrument.status)
			),
			InstrumentStatusError,
		)
	difference = rules.settlement_difference(instrument.amount, payment.paid_amount)
	if difference and not (payment.get(DIFFERENCE_REASON) or "").strip():
		frappe.throw(
			_(
				"{0} pays {1} for the receipt instrument {2} of {3}: give the reason for the difference."
			).format(
				bold(payment.name),
				bold(
					frappe.format(
						payment.paid_amount, {"fieldtype": "Currency", "options": instrument.currency}
					)
				),
				bold(instrument.name),
				bold(
					frappe.format(
						instrument.amount, {"fieldtype": "Currency", "options": instrument.currency}
					)
				),
			),
			InstrumentReasonError,
		)
	if not difference:
		payment.set(DIFFERENCE_REASON, None)


def before_submit_payment(payment, method=None):
	"""doc_events before_submit of Payment Entry: at most one submitted payment settles an
	instrument. The instrument's row is locked first, so two submissions for one instrument
	(two connections, an amendment beside a new draft) follow each other, and the second sees
	the first."""
	name = payment.get(PAYMENT_LINK)
	if not name:
		return
	frappe.db.get_value(DOCTYPE, name, "name", for_update=True)
	submitted = [
		row.name for row in open_payments(name, exclude=payment.name, for_update=True) if row.docstatus == 1
	]
	if submitted:
		frappe.throw(
			_("The receipt instrument {0} is already settled by the Payment Entry {1}.").format(
				bold(name), bold(submitted[0])
			),
			InstrumentSettledError,
		)


def instruments_of(payment) -> list[str]:
	names = set(frappe.get_all(DOCTYPE, filters={"payment_entry": payment.name}, pluck="name"))
	if payment.get(PAYMENT_LINK):
		names.add(payment.get(PAYMENT_LINK))
	return sorted(names)


def on_payment_change(payment, method=None):
	"""doc_events of Payment Entry (submit, cancel): the instrument it settles follows."""
	for name in instruments_of(payment):
		doc = frappe.get_doc(DOCTYPE, name, for_update=True)
		if payment.docstatus == 1:
			doc.db_set("payment_entry", payment.name, update_modified=False)
		submitted = payment_submitted(doc.payment_entry)
		status = rules.instrument_status(
			doc.status if doc.status in rules.MANUAL_STATUSES else None,
			bool(doc.handed_over_on),
			submitted,
		)
		if status != doc.status:
			doc.db_set("status", status)


def on_payment_deleted(payment, method=None):
	"""doc_events of Payment Entry (on_trash): a deleted draft is unlinked from its instrument,
	which may then become a payment again."""
	for name in frappe.get_all(DOCTYPE, filters={"payment_entry": payment.name}, pluck="name"):
		frappe.db.set_value(DOCTYPE, name, "payment_entry", None)
