"""Daily delivery reminder: lines due within N days and not fully delivered are announced
to the configured roles and the order's owner, once per line and due date."""

import json

import frappe
import pytest
from frappe.utils import add_days, getdate, nowdate

from neiqin.contract_fulfilment.reminders import parse_roles, send_delivery_reminders
from tests.integration import factories

PURCHASER = "nq-cf-purchaser@example.com"
STOCKMAN = "nq-cf-stockman@example.com"
SELLER = "nq-cf-seller@example.com"
PLANNER = "nq-cf-planner@example.com"


@pytest.fixture(scope="module")
def users(base):
	return frappe._dict(
		purchaser=factories.ensure_user(PURCHASER, ["Purchase User"]),
		stockman=factories.ensure_user(STOCKMAN, ["Stock User"]),
		seller=factories.ensure_user(SELLER, ["Sales User"]),
		planner=factories.ensure_user(PLANNER, ["Manufacturing User"]),
	)


@pytest.fixture(autouse=True)
def default_settings():
	settings = frappe.get_single("Neiqin Settings")
	settings.delivery_reminder_days = 10
	settings.delivery_reminder_roles = "Purchase User\nStock User"
	settings.save()


def notifications(order, user=None) -> list[dict]:
	filters = {"document_type": "Sales Order", "document_name": order.name}
	if user:
		filters["for_user"] = user
	return frappe.get_all("Notification Log", filters=filters, fields=["for_user", "subject"])


def owner_of(order) -> str:
	return frappe.db.get_value("Sales Order", order.name, "owner")


def test_parse_roles():
	assert parse_roles(" Purchase User \n\nStock User\nPurchase User\n") == ["Purchase User", "Stock User"]
	assert parse_roles(None) == []


def test_due_lines_are_announced_once_to_roles_and_owner(base, users):
	today = getdate(nowdate())
	order = factories.make_sales_order(
		items=[{"item_code": base.widget, "qty": 4}, {"item_code": base.gadget, "qty": 2}],
		delivery_date=add_days(today, 5),
	)
	send_delivery_reminders(today)

	for user in (PURCHASER, STOCKMAN):
		logs = notifications(order, user)
		assert len(logs) == 2, logs  # one per line
		assert all(order.name in log.subject for log in logs)
		assert any(base.gadget in log.subject for log in logs)
	assert len(notifications(order, owner_of(order))) == 2
	assert notifications(order, SELLER) == []
	assert notifications(order, PLANNER) == []
	assert frappe.db.count("Contract Delivery Reminder Log", {"sales_order": order.name}) == 2

	before = len(notifications(order))
	send_delivery_reminders(today)
	send_delivery_reminders(add_days(today, 1))  # the next day: nothing new for the same due dates
	assert len(notifications(order)) == before
	assert frappe.db.count("Contract Delivery Reminder Log", {"sales_order": order.name}) == 2


def test_window_and_delivery_state_decide_which_lines(base, users):
	today = getdate(nowdate())
	at_limit = factories.make_sales_order(delivery_date=add_days(today, 10))
	too_far = factories.make_sales_order(delivery_date=add_days(today, 11))
	past_due = factories.make_sales_order(
		transaction_date=add_days(today, -5), delivery_date=add_days(today, -1)
	)
	partly = factories.make_sales_order(
		items=[{"item_code": base.widget, "qty": 5}, {"item_code": base.gadget, "qty": 3}],
		delivery_date=add_days(today, 3),
	)
	factories.make_delivery_note(partly, qty={base.widget: 5, base.gadget: 1})  # widget done, gadget partly
	closed = factories.make_sales_order(delivery_date=add_days(today, 2))
	closed.update_status("Closed")

	send_delivery_reminders(today)

	assert len(notifications(at_limit, PURCHASER)) == 1
	assert notifications(too_far) == []
	assert notifications(past_due) == []
	partly_logs = notifications(partly, PURCHASER)
	assert len(partly_logs) == 1
	assert base.gadget in partly_logs[0].subject
	assert notifications(closed) == []


def test_a_changed_due_date_reminds_again(base, users):
	from erpnext.controllers.accounts_controller import update_child_qty_rate

	today = getdate(nowdate())
	order = factories.make_sales_order(delivery_date=add_days(today, 8))
	send_delivery_reminders(today)
	assert len(notifications(order, PURCHASER)) == 1

	row = order.items[0]
	new_date = add_days(today, 6)
	update_child_qty_rate(
		"Sales Order",
		json.dumps(
			[
				{
					"docname": row.name,
					"item_code": row.item_code,
					"qty": row.qty,
					"rate": row.rate,
					"conversion_factor": row.conversion_factor,
					"delivery_date": str(new_date),
				}
			]
		),
		order.name,
	)
	assert getdate(frappe.db.get_value("Sales Order Item", row.name, "delivery_date")) == getdate(new_date)

	send_delivery_reminders(today)
	assert len(notifications(order, PURCHASER)) == 2
	send_delivery_reminders(today)
	assert len(notifications(order, PURCHASER)) == 2
	logged = frappe.get_all(
		"Contract Delivery Reminder Log", filters={"sales_order_item": row.name}, pluck="delivery_date"
	)
	assert sorted(map(getdate, logged)) == [getdate(new_date), getdate(add_days(today, 8))]


def test_settings_choose_roles_and_days(base, users):
	today = getdate(nowdate())
	settings = frappe.get_single("Neiqin Settings")
	settings.delivery_reminder_days = 3
	settings.delivery_reminder_roles = "Manufacturing User"
	settings.save()

	soon = factories.make_sales_order(delivery_date=add_days(today, 3))
	later = factories.make_sales_order(delivery_date=add_days(today, 4))
	send_delivery_reminders(today)

	assert len(notifications(soon, PLANNER)) == 1
	assert notifications(soon, PURCHASER) == []
	assert len(notifications(soon, owner_of(soon))) == 1
	assert notifications(later) == []


def test_reminder_is_a_daily_scheduled_job():
	assert "neiqin.contract_fulfilment.reminders.send_delivery_reminders" in frappe.get_hooks(
		"scheduler_events"
	).get("daily", [])
