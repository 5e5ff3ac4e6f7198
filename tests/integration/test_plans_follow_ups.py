"""Collection Follow-up: the figures from the Payment Ledger, the status each day, the promise
kept or broken, the notices, and the Collection Follow-up Board against ERPNext's Accounts
Receivable."""

import frappe
import pytest
from frappe.desk.query_report import run
from frappe.utils import add_days, nowdate

from neiqin.sales_plans import followups
from neiqin.sales_plans.exceptions import (
	FollowUpDateError,
	FollowUpLockedError,
	FollowUpOwnerError,
	FollowUpPromiseError,
	FollowUpReferenceError,
)
from tests.integration import factories, plans_support
from tests.integration.plans_support import make_follow_up, make_invoice, pass_days


@pytest.fixture
def users(base):
	return plans_support.ensure_plan_users()


@pytest.fixture
def customer(base):
	return factories.make_customer().name


def test_the_outstanding_is_the_ledgers_at_the_moment_of_the_follow_up(users, customer):
	invoice = make_invoice(customer, 1000, days_ago=40)
	make_invoice(customer, 300)
	whole = make_follow_up(customer, users.sales)
	assert whole.outstanding_amount == 1300
	one = make_follow_up(customer, users.sales, sales_invoice=invoice.name)
	assert one.outstanding_amount == 1000
	factories.make_payment_entry(invoice, amount=400)
	whole.reload()
	whole.outcome = "called again"
	whole.save()
	assert whole.outstanding_amount == 1300  # the moment it was recorded, not now


def test_a_promise_is_kept_when_the_customer_paid_it_by_the_promised_date(users, customer):
	invoice = make_invoice(customer, 1000, days_ago=40)
	follow_up = make_follow_up(
		customer, users.sales, promised_amount=600, promised_date=add_days(nowdate(), 3)
	)
	assert follow_up.status == "Open"
	factories.make_payment_entry(invoice, amount=250)
	followups.refresh_statuses()
	assert frappe.db.get_value("Collection Follow-up", follow_up.name, "status") == "Open"
	factories.make_payment_entry(invoice, amount=350)
	followups.refresh_statuses()
	status, paid = frappe.db.get_value("Collection Follow-up", follow_up.name, ("status", "paid_since"))
	assert (status, paid) == ("Promise Kept", 600)


def test_a_promise_is_broken_when_the_date_passed_and_the_follower_and_sales_admins_are_told(users, customer):
	invoice = make_invoice(customer, 1000, days_ago=40)
	admin = factories.ensure_user("nq-plan-admin-2@example.com", ["Sales Admin"])
	factories.make_outgoing_email_account()
	channel = factories.make_notification_channel(
		"WeCom Robot", "http://127.0.0.1:18399/plans", events=["Promise Broken"]
	)
	follow_up = make_follow_up(customer, users.sales, promised_amount=600, promised_date=nowdate())
	factories.make_payment_entry(invoice, amount=100)
	pass_days(follow_up, 2)
	from neiqin.sales_plans.cards import broken_promises

	card_before = broken_promises()["value"]
	mailed_before = frappe.db.count("Email Queue Recipient", {"recipient": ("in", [users.sales, admin])})
	done = followups.refresh_statuses()
	assert follow_up.name in done["broken"]
	assert frappe.db.get_value("Collection Follow-up", follow_up.name, "status") == "Promise Broken"
	bells = frappe.get_all("Notification Log", filters={"document_name": follow_up.name}, pluck="for_user")
	assert users.sales in bells and admin in bells
	mailed = frappe.db.count("Email Queue Recipient", {"recipient": ("in", [users.sales, admin])})
	assert mailed - mailed_before == 2
	messages = frappe.get_all(
		"Channel Message",
		filters={"reference_name": follow_up.name, "event": "Promise Broken"},
		pluck="notification_channel",
	)
	assert messages == [channel.name]
	assert broken_promises()["value"] == card_before + 1
	# broken stays broken: the next day announces nothing again
	assert follow_up.name not in followups.refresh_statuses()["broken"]


def test_a_follow_up_falling_due_is_announced_once(users, customer):
	make_invoice(customer, 1000, days_ago=40)
	follow_up = make_follow_up(customer, users.sales, next_follow_up_on=add_days(nowdate(), 1))
	assert follow_up.name not in followups.refresh_statuses()["due"]
	pass_days(follow_up, 1)
	assert follow_up.name in followups.refresh_statuses()["due"]
	assert follow_up.name not in followups.refresh_statuses()["due"]
	assert frappe.get_all("Notification Log", filters={"document_name": follow_up.name}, pluck="for_user")


def test_after_its_promised_date_a_follow_up_cannot_be_changed(users, customer):
	make_invoice(customer, 1000, days_ago=40)
	follow_up = make_follow_up(customer, users.sales, promised_amount=600, promised_date=nowdate())
	pass_days(follow_up, 2)
	for change in ({"promised_amount": 50}, {"promised_date": add_days(nowdate(), 5)}, {"outcome": "paid"}):
		with factories.as_user(users.sales), pytest.raises(FollowUpLockedError, match="has passed"):
			doc = frappe.get_doc("Collection Follow-up", follow_up.name)
			doc.update(change)
			doc.save()
	assert frappe.db.get_value("Collection Follow-up", follow_up.name, "promised_amount") == 600


@pytest.mark.parametrize(
	"values, error, message",
	[
		({"followed_up_on": "future"}, FollowUpDateError, "not in the future"),
		({"followed_up_on": "long ago"}, FollowUpDateError, "within the last 7 days"),
		({"promised_amount": 100}, FollowUpPromiseError, "both the amount and the date"),
		({"promised_date": "tomorrow"}, FollowUpPromiseError, "both the amount and the date"),
		({"promised_amount": 100, "promised_date": "yesterday"}, FollowUpDateError, "has passed"),
		({"next_follow_up_on": "long ago"}, FollowUpDateError, "before this follow-up"),
	],
)
def test_bad_follow_ups_are_refused_and_nothing_saved(users, customer, values, error, message):
	days = {"future": 1, "long ago": -8, "tomorrow": 1, "yesterday": -1}
	values = {
		key: add_days(nowdate(), days[value]) if value in days else value for key, value in values.items()
	}
	before = frappe.db.count("Collection Follow-up")
	with pytest.raises(error, match=message):
		make_follow_up(customer, users.sales, **values)
	assert frappe.db.count("Collection Follow-up") == before


def test_an_invoice_of_another_customer_is_refused(users, customer, base):
	other = make_invoice(base.customer_b, 100)
	with pytest.raises(FollowUpReferenceError):
		make_follow_up(customer, users.sales, sales_invoice=other.name)


def test_a_sales_user_records_only_his_own_follow_ups(users, customer):
	with pytest.raises(FollowUpOwnerError):
		with factories.as_user(users.sales):
			frappe.get_doc(
				{
					"doctype": "Collection Follow-up",
					"customer": customer,
					"company": factories.COMPANY,
					"followed_up_by": users.sales_b,
					"followed_up_on": nowdate(),
				}
			).insert()
	assert make_follow_up(customer, users.clerk, followed_up_by=users.clerk).followed_up_by == users.clerk


def ar_by_customer(company: str, customer: str, report_date: str) -> dict:
	result = run(
		"Accounts Receivable",
		filters={
			"company": company,
			"report_date": report_date,
			"party_type": "Customer",
			"party": [customer],
			"ageing_based_on": "Due Date",
			"range": "30, 60, 90, 120",
		},
		ignore_prepared_report=True,
	)
	totals = dict.fromkeys(("outstanding", "range1", "range2", "range3", "range4", "range5"), 0.0)
	for row in result["result"]:
		if isinstance(row, dict) and row.get("party") == customer:
			for key in totals:
				totals[key] += row.get(key) or 0
	return totals


def test_the_board_shows_the_ageing_erpnexts_accounts_receivable_shows(users, customer, base):
	person = plans_support.ensure_sales_person_of(users.sales)
	frappe.get_doc("Customer", customer).append(
		"sales_team", {"sales_person": person, "allocated_percentage": 100}
	).save()
	old = make_invoice(customer, 1000, days_ago=100, due_in=30)  # 70 days overdue
	make_invoice(customer, 500, days_ago=45, due_in=10)  # 35 days overdue
	make_invoice(customer, 200, days_ago=5, due_in=30)  # not yet due
	make_invoice(customer, 700, days_ago=200)  # 200 days overdue
	factories.make_payment_entry(old, amount=300)
	frappe.get_doc(
		{
			"doctype": "Payment Entry",
			"payment_type": "Receive",
			"company": base.company,
			"party_type": "Customer",
			"party": customer,
			"paid_amount": 50,
			"received_amount": 50,
			"paid_to": base.cash_account,
			"paid_from": base.receivable_account,
			"reference_no": "NQ-ADV",
			"reference_date": nowdate(),
		}
	).insert(ignore_permissions=True).submit()
	follow_up = make_follow_up(
		customer, users.sales, promised_amount=400, promised_date=add_days(nowdate(), 2)
	)
	frappe.set_user(users.clerk)
	result = run(
		"Collection Follow-up Board",
		filters={"company": base.company, "report_date": nowdate(), "customer": customer},
		ignore_prepared_report=True,
	)
	frappe.set_user("Administrator")
	(row,) = result["result"]
	ar = ar_by_customer(base.company, customer, nowdate())
	assert row["outstanding"] == pytest.approx(ar["outstanding"]) == pytest.approx(2050)
	for bucket in ("range1", "range2", "range3", "range4", "range5"):
		assert row[bucket] == pytest.approx(ar[bucket]), bucket
	assert row["range1"] == pytest.approx(-50)  # the payment on account, dated today
	assert row["range2"] == pytest.approx(500)  # 35 days overdue
	assert row["range3"] == pytest.approx(700)  # 700 left of the first, 70 days overdue
	assert row["range5"] == pytest.approx(700)
	assert row["not_due"] == pytest.approx(200)
	assert row["total_due"] == pytest.approx(1850)
	assert row["sales_person"] == person
	assert row["last_follow_up_name"] == follow_up.name
	assert row["open_promise_amount"] == 400
	assert result["chart"]


def test_a_kept_promise_whose_payment_is_cancelled_before_the_date_is_open_again(users, customer):
	invoice = make_invoice(customer, 1000, days_ago=40)
	follow_up = make_follow_up(
		customer, users.sales, promised_amount=300, promised_date=add_days(nowdate(), 3)
	)
	payment = factories.make_payment_entry(invoice, amount=300)
	followups.refresh_statuses()
	assert frappe.db.get_value("Collection Follow-up", follow_up.name, "status") == "Promise Kept"
	payment.reload()
	payment.cancel()
	followups.refresh_statuses()
	assert frappe.db.get_value("Collection Follow-up", follow_up.name, "status") == "Open"
