"""Customer Visit Log: refusals, own-logs permissions (desk and REST), the daily reminder,
the Customer form's last/next visit and the Customer Visit Summary report."""

import frappe
import pytest
from frappe.utils import add_days, getdate, nowdate

from neiqin.registers import visits
from neiqin.registers.exceptions import VisitDateError
from tests.integration import factories, rest

DOCTYPE = "Customer Visit Log"


@pytest.fixture
def users(base):
	return factories.ensure_register_users()


def count() -> int:
	return frappe.db.count(DOCTYPE)


def test_a_visit_in_the_future_is_refused_and_nothing_saved(base):
	before = count()
	with pytest.raises(VisitDateError, match="in the future"):
		factories.make_visit_log(base.customer, visit_date=add_days(nowdate(), 1))
	assert count() == before


def test_a_next_visit_before_the_visit_is_refused(base):
	with pytest.raises(VisitDateError, match="before the visit date"):
		factories.make_visit_log(base.customer, visit_date=nowdate(), next_visit_date=add_days(nowdate(), -1))


def test_a_sales_user_reads_and_writes_only_his_own_logs(base, users):
	theirs = factories.make_visit_log(base.customer, visited_by=users.sales2, feedback="Wants a discount")
	frappe.set_user(users.sales)
	mine = factories.make_visit_log(base.customer, visited_by=users.sales, feedback="Stock is low")
	assert frappe.get_list(DOCTYPE, filters={"name": ("in", [mine.name, theirs.name])}, pluck="name") == [
		mine.name
	]
	assert not frappe.has_permission(DOCTYPE, "read", doc=theirs.name)
	with pytest.raises(frappe.PermissionError):
		frappe.get_doc(DOCTYPE, theirs.name).check_permission("read")
	mine.follow_up = "Send the price list"
	mine.save()
	# a Sales User cannot file a log in a colleague's name (nor hand his own to a colleague)
	before = count()
	with pytest.raises(frappe.PermissionError):
		factories.make_visit_log(base.customer, visited_by=users.sales2)
	mine.reload()
	mine.visited_by = users.sales2
	with pytest.raises(frappe.PermissionError):
		mine.save()
	assert count() == before


@pytest.mark.parametrize("role", ["clerk", "manager"])
def test_sales_admin_and_sales_manager_see_every_log(base, users, role):
	log = factories.make_visit_log(base.customer, visited_by=users.sales2)
	frappe.set_user(users[role])
	assert frappe.get_list(DOCTYPE, filters={"name": log.name}, pluck="name") == [log.name]
	assert frappe.has_permission(DOCTYPE, "write", doc=log.name)


def test_rest_gives_a_sales_user_neither_a_colleagues_log_nor_a_log_in_his_name(base, users, committed):
	theirs = committed.add(factories.make_visit_log(base.customer, visited_by=users.sales2))
	listed = rest.call("GET", f"/api/resource/{DOCTYPE}?limit_page_length=0", user=users.sales)
	assert listed.status_code == 200
	assert theirs.name not in {row["name"] for row in listed.json["data"]}
	assert rest.call("GET", f"/api/resource/{DOCTYPE}/{theirs.name}", user=users.sales).status_code == 403
	before = count()
	forged = rest.call(
		"POST",
		f"/api/resource/{DOCTYPE}",
		user=users.sales,
		json={
			"customer": base.customer,
			"visited_by": users.sales2,
			"visit_date": nowdate(),
			"channel": "Phone",
		},
	)
	assert forged.status_code == 403
	assert count() == before


def test_daily_job_reminds_the_visitor_once_with_a_todo_and_a_notification(base, users):
	customer = factories.make_customer().name
	old = factories.make_visit_log(
		customer,
		visited_by=users.sales,
		visit_date=add_days(nowdate(), -40),
		next_visit_date=add_days(nowdate(), -10),
	)
	log = factories.make_visit_log(
		customer, visited_by=users.sales, visit_date=add_days(nowdate(), -30), next_visit_date=nowdate()
	)
	later = factories.make_customer().name
	factories.make_visit_log(later, visited_by=users.sales, next_visit_date=add_days(nowdate(), 1))

	visits.send_visit_reminders()

	todos = frappe.get_all(
		"ToDo",
		filters={"reference_type": DOCTYPE, "reference_name": ("in", [old.name, log.name])},
		fields=["*"],
	)
	assert [(t.reference_name, t.allocated_to) for t in todos] == [(log.name, users.sales)]
	notes = frappe.get_all(
		"Notification Log",
		filters={"document_type": DOCTYPE, "document_name": log.name},
		fields=["for_user", "subject"],
	)
	assert [n.for_user for n in notes] == [users.sales]
	assert customer in notes[0].subject
	assert getdate(frappe.db.get_value(DOCTYPE, log.name, "reminded_on")) == getdate(nowdate())

	visits.send_visit_reminders()  # once per visit
	assert frappe.db.count("ToDo", {"reference_type": DOCTYPE, "reference_name": log.name}) == 1
	assert frappe.db.count("Notification Log", {"document_type": DOCTYPE, "document_name": log.name}) == 1


def test_the_reminder_is_written_in_the_visitors_language(base, users):
	frappe.db.set_value("User", users.sales, "language", "zh")
	customer = factories.make_customer().name
	log = factories.make_visit_log(
		customer, visited_by=users.sales, visit_date=add_days(nowdate(), -3), next_visit_date=nowdate()
	)
	visits.send_visit_reminders()
	subject = frappe.db.get_value("Notification Log", {"document_name": log.name}, "subject")
	assert "拜访到期" in subject


def test_the_reminder_state_cannot_be_forged_and_a_new_next_visit_is_reminded_again(base, users):
	log = factories.make_visit_log(
		base.customer, visited_by=users.sales, visit_date=add_days(nowdate(), -3), next_visit_date=nowdate()
	)
	log.reminded_on = nowdate()
	log.save()
	assert log.reminded_on is None
	visits.send_visit_reminders()
	log.reload()
	assert log.reminded_on
	log.next_visit_date = add_days(nowdate(), 7)
	log.save()
	assert log.reminded_on is None


def test_customer_form_shows_last_and_next_visit_and_connects_the_logs(base):
	customer = factories.make_customer().name
	factories.make_visit_log(
		customer, visit_date=add_days(nowdate(), -20), next_visit_date=add_days(nowdate(), -5)
	)
	factories.make_visit_log(
		customer, visit_date=add_days(nowdate(), -2), next_visit_date=add_days(nowdate(), 12)
	)
	doc = frappe.get_doc("Customer", customer)
	doc.run_method("onload")
	info = doc.get_onload().neiqin_visits
	assert getdate(info["last_visit"]) == getdate(add_days(nowdate(), -2))
	assert getdate(info["next_visit"]) == getdate(add_days(nowdate(), 12))
	assert info["days_since"] == 2 and info["overdue"] is False
	# a Sales User sees the visits he may read only
	frappe.set_user(factories.ensure_register_users().sales)
	doc = frappe.get_doc("Customer", customer)
	doc.run_method("onload")
	assert doc.get_onload().neiqin_visits == {}
	frappe.set_user("Administrator")

	assert factories.connection_counts("Customer", customer)[DOCTYPE] == 2


def test_customer_visit_summary_per_customer_and_per_user(base, users):
	from neiqin.registers.report.customer_visit_summary.customer_visit_summary import execute

	customer = factories.make_customer().name
	factories.make_visit_log(
		customer, visited_by=users.sales, visit_date=add_days(nowdate(), -9), channel="Visit"
	)
	factories.make_visit_log(
		customer,
		visited_by=users.sales2,
		visit_date=add_days(nowdate(), -4),
		next_visit_date=add_days(nowdate(), -1),
	)
	_columns, rows, *_ = execute({"customer": customer})
	assert [(r["customer"], r["days_since"], r["overdue"], r["visits"]) for r in rows] == [
		(customer, 4, True, 2)
	]
	_columns, rows, *_ = execute({"customer": customer, "group_by": "User"})
	assert {(r["visited_by"], r["visits"]) for r in rows} == {(users.sales, 1), (users.sales2, 1)}
	frappe.set_user(users.sales)
	_columns, rows, *_ = execute({"customer": customer, "group_by": "User"})
	assert [(r["visited_by"], r["visits"]) for r in rows] == [(users.sales, 1)]
