"""Collection follow-ups (催款记录): the rules of a follow-up, its status from the Payment Ledger,
and the daily job that tells the follower and the Sales Admins of broken promises and follow-ups
falling due (bell, e-mail, the robot channels' events).

A follow-up's figures come from the ledger, never from the form: the outstanding when it was
recorded (kept as it was), the money received since, the status. Once its promised date has
passed it is kept as it was: a broken promise cannot be made to look kept."""

from __future__ import annotations

import datetime

import frappe
from frappe import _
from frappe.utils import add_days, fmt_money, format_date, get_fullname, getdate, nowdate

from neiqin.escaping import bold, text
from neiqin.sales_plans import ledger, people, rules
from neiqin.sales_plans.exceptions import (
	FollowUpDateError,
	FollowUpLockedError,
	FollowUpOwnerError,
	FollowUpPromiseError,
	FollowUpReferenceError,
)

DOCTYPE = "Collection Follow-up"
# how many days back a follow-up may be recorded (a call of last week typed in today)
BACKDATE_DAYS = 7
# what the follower writes; everything else is the ledger's or the job's
FIXED_AFTER_INSERT = ("customer", "company", "followed_up_on", "followed_up_by")
SALES_ADMIN = "Sales Admin"


def today() -> datetime.date:
	return getdate(nowdate())


# ----------------------------------------------------------------------------- validate steps


def check_follower(doc) -> None:
	if doc.followed_up_by != frappe.session.user and not people.manages():
		frappe.throw(
			_("You may record only your own follow-ups, not one by {0}.").format(bold(doc.followed_up_by)),
			FollowUpOwnerError,
		)


def check_locked(doc) -> None:
	"""After its promised date a follow-up stays as it was; who, whom and when never change."""
	before = doc.get_doc_before_save()
	if not before:
		return
	if rules.locked(getdate(before.promised_date) if before.promised_date else None, today()):
		frappe.throw(
			_("Follow-up {0} cannot be changed: its promised date {1} has passed.").format(
				bold(doc.name), bold(format_date(before.promised_date))
			),
			FollowUpLockedError,
		)
	for field in FIXED_AFTER_INSERT:
		if str(before.get(field) or "") != str(doc.get(field) or ""):
			frappe.throw(
				_("The {0} of follow-up {1} cannot be changed; record a new follow-up.").format(
					_(doc.meta.get_label(field)), bold(doc.name)
				),
				FollowUpLockedError,
			)


def check_dates(doc) -> None:
	day, now = getdate(doc.followed_up_on), today()
	if doc.is_new() and not (add_days(now, -BACKDATE_DAYS) <= day <= now):
		frappe.throw(
			_("The follow-up date {0} must be within the last {1} days and not in the future.").format(
				bold(format_date(day)), BACKDATE_DAYS
			),
			FollowUpDateError,
		)
	before = doc.get_doc_before_save()
	if doc.promised_date and (not before or str(before.promised_date) != str(doc.promised_date)):
		if getdate(doc.promised_date) < now:
			frappe.throw(
				_("The promised date {0} has passed: a promise is for a day to come.").format(
					bold(format_date(doc.promised_date))
				),
				FollowUpDateError,
			)
	if doc.next_follow_up_on and getdate(doc.next_follow_up_on) < day:
		frappe.throw(
			_("The next follow-up {0} is before this follow-up {1}.").format(
				bold(format_date(doc.next_follow_up_on)), bold(format_date(day))
			),
			FollowUpDateError,
		)


def check_promise(doc) -> None:
	if (doc.promised_amount or 0) < 0:
		frappe.throw(_("The promised amount cannot be negative."), FollowUpPromiseError)
	if bool(doc.promised_amount) != bool(doc.promised_date):
		frappe.throw(
			_("A promise needs both the amount and the date the customer promised."), FollowUpPromiseError
		)


def check_references(doc) -> None:
	for doctype, field in (("Sales Invoice", "sales_invoice"), ("Sales Order", "sales_order")):
		name = doc.get(field)
		if not name:
			continue
		values = frappe.db.get_value(doctype, name, ("customer", "company", "docstatus"), as_dict=True)
		if (
			not values
			or values.customer != doc.customer
			or values.company != doc.company
			or values.docstatus != 1
		):
			frappe.throw(
				_("{0} {1} is not a submitted document of customer {2} in {3}.").format(
					_(doctype), bold(name), bold(doc.customer), bold(doc.company)
				),
				FollowUpReferenceError,
			)


def set_sales_person(doc) -> None:
	"""The sales person of the invoice, the order or the customer (the largest share), unless named."""
	if doc.sales_person:
		return
	for doctype, name in (
		("Sales Invoice", doc.sales_invoice),
		("Sales Order", doc.sales_order),
		("Customer", doc.customer),
	):
		if not name:
			continue
		found = frappe.get_all(
			"Sales Team",
			filters={"parenttype": doctype, "parent": name},
			fields=["sales_person"],
			order_by="allocated_percentage desc, idx asc",
			limit=1,
			pluck="sales_person",
		)
		if found:
			doc.sales_person = found[0]
			return


def set_figures(doc) -> None:
	"""The outstanding when recorded (kept as it was), the money received since and the status:
	all from the ledger, whatever the form sent."""
	before = doc.get_doc_before_save()
	if before:
		doc.outstanding_amount = before.outstanding_amount
		doc.notified_on = before.notified_on
	else:
		doc.outstanding_amount = ledger.outstanding(doc.company, doc.customer, today(), doc.sales_invoice)
		doc.notified_on = None
	refresh(doc)


def refresh(doc, received: list[tuple[datetime.date, float]] | None = None) -> None:
	"""Set `paid_since` and `status` from the ledger (`received`: the customer's payments by day,
	when already read)."""
	now = today()
	start = getdate(doc.followed_up_on)
	promised = getdate(doc.promised_date) if doc.promised_date else None
	end = rules.payment_window_end(promised, now)
	if received is None:
		doc.paid_since = ledger.received(doc.company, doc.customer, start, end)
	else:
		doc.paid_since = sum(amount for day, amount in received if start <= getdate(day) <= end)
	owed = ledger.outstanding(doc.company, doc.customer, now, doc.sales_invoice) if not promised else 1
	doc.status = rules.promise_status(doc.promised_amount, promised, doc.paid_since, owed, now)


# ----------------------------------------------------------------------------- daily job


def refresh_statuses() -> dict[str, list[str]]:
	"""Daily: the status of every open follow-up, and of every kept promise whose promised date
	is not yet a day past (a payment cancelled meanwhile breaks it), from the ledger; broken
	promises and follow-ups falling due are announced. Returns {"broken": [...], "due": [...]}."""
	done = {"broken": [], "due": []}
	cfu = frappe.qb.DocType(DOCTYPE)
	open_ones = (
		frappe.qb.from_(cfu)
		.select(cfu.name, cfu.company, cfu.customer, cfu.followed_up_on)
		.where(
			(cfu.status == rules.OPEN)
			| ((cfu.status == rules.KEPT) & (cfu.promised_date >= add_days(today(), -1)))
		)
		.orderby(cfu.name)
		.run(as_dict=True)
	)
	by_company: dict[str, list] = {}
	for row in open_ones:
		by_company.setdefault(row.company, []).append(row)
	for company, rows in by_company.items():
		start = min(getdate(row.followed_up_on) for row in rows)
		received = ledger.received_by_day(company, [row.customer for row in rows], start, today())
		for row in rows:
			doc = frappe.get_doc(DOCTYPE, row.name)
			was = doc.status
			refresh(doc, received.get(doc.customer, []))
			changed = doc.status != rules.OPEN
			frappe.db.set_value(
				DOCTYPE, doc.name, {"status": doc.status, "paid_since": doc.paid_since}, update_modified=False
			)
			if doc.status == rules.BROKEN and was != rules.BROKEN:
				notify(doc, "broken")
				done["broken"].append(doc.name)
			elif not changed and is_due(doc):
				notify(doc, "due")
				frappe.db.set_value(DOCTYPE, doc.name, "notified_on", today(), update_modified=False)
				done["due"].append(doc.name)
	return done


def is_due(doc) -> bool:
	return bool(doc.next_follow_up_on) and getdate(doc.next_follow_up_on) <= today() and not doc.notified_on


def recipients(doc) -> list[str]:
	"""The follower and the enabled Sales Admins."""
	from frappe.utils.user import get_users_with_role

	found = [doc.followed_up_by, *sorted(get_users_with_role(SALES_ADMIN))]
	return [user for user in dict.fromkeys(found) if user and user not in ("Administrator", "Guest")]


def notify(doc, kind: str) -> None:
	"""Bell and e-mail to the follower and the Sales Admins, and the robot channels' event."""
	from frappe.desk.doctype.notification_log.notification_log import enqueue_create_notification

	from neiqin.channels import events, publish, render

	users = recipients(doc)
	with render.in_site_language():
		subject = message_subject(doc, kind)
	if users:
		enqueue_create_notification(
			users,
			{"type": "Alert", "document_type": DOCTYPE, "document_name": doc.name, "subject": subject},
		)
		mail(users, subject, doc)
	event = events.PROMISE_BROKEN if kind == "broken" else events.FOLLOW_UP_DUE
	publish.publish(event, doc, amount=doc.promised_amount or doc.outstanding_amount)


def mail(users: list[str], subject: str, doc) -> None:
	"""The e-mail beside the bell (queued; a site without an outgoing account logs it and goes on)."""
	from frappe.utils import strip_html

	try:
		frappe.sendmail(
			recipients=users,
			subject=strip_html(subject),
			message=subject,
			reference_doctype=DOCTYPE,
			reference_name=doc.name,
		)
	except frappe.OutgoingEmailError:
		frappe.log_error(
			title=_("Collection follow-up e-mail not sent"),
			reference_doctype=DOCTYPE,
			reference_name=doc.name,
		)


def message_subject(doc, kind: str) -> str:
	currency = frappe.get_cached_value("Company", doc.company, "default_currency")
	if kind == "broken":
		return _(
			"{0} promised to pay {1} by {2} and paid {3}: the promise is broken ({4}, followed up by {5})."
		).format(
			text(doc.customer_name or doc.customer),
			fmt_money(doc.promised_amount, currency=currency),
			format_date(doc.promised_date),
			fmt_money(doc.paid_since, currency=currency),
			doc.name,
			text(get_fullname(doc.followed_up_by)),
		)
	return _("Follow up {0} today: {1} owed {2} when last followed up ({3}).").format(
		text(doc.customer_name or doc.customer),
		doc.name,
		fmt_money(doc.outstanding_amount, currency=currency),
		text(get_fullname(doc.followed_up_by)),
	)
