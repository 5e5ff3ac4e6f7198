"""Daily tracking (定时查件): dispatched logs not confirmed in time are flagged and notified once."""

import frappe
import pytest
from frappe.utils import add_days, nowdate

from neiqin.sales_materials import api
from neiqin.sales_materials.tasks import mark_overdue_logs
from tests.integration import factories

REQUESTER = "nq-mat-overdue-requester@example.com"
CLERK = "nq-mat-overdue-clerk@example.com"


@pytest.fixture
def users(base):
	factories.ensure_user(REQUESTER, ["Sales User"])
	factories.ensure_user(CLERK, ["Sales Admin"])
	return frappe._dict(requester=REQUESTER, clerk=CLERK)


@pytest.fixture
def overdue_days():
	frappe.db.set_single_value("Neiqin Settings", "material_overdue_days", 7)  # rolled back
	return 7


def dispatched_log(days_ago: int, requested_by: str):
	return factories.make_material_log(
		"Document",
		items=[{"description": "Quotation and catalogue", "qty": 1}],
		requested_by=requested_by,
		dispatch_date=add_days(nowdate(), -days_ago),
		submit=True,
	)


def notified(log_name: str) -> list[str]:
	return sorted(
		frappe.get_all(
			"Notification Log",
			filters={"document_type": "Sales Material Log", "document_name": log_name},
			pluck="for_user",
		)
	)


def test_overdue_logs_are_flagged_and_notified_once(users, overdue_days):
	late = dispatched_log(overdue_days + 1, users.requester)
	on_time = dispatched_log(overdue_days, users.requester)
	flagged = mark_overdue_logs()
	assert late.name in flagged and on_time.name not in flagged
	assert frappe.db.get_value("Sales Material Log", late.name, "is_overdue") == 1
	assert frappe.db.get_value("Sales Material Log", on_time.name, "is_overdue") == 0
	recipients = notified(late.name)
	assert users.requester in recipients and users.clerk in recipients
	assert notified(on_time.name) == []
	subject = frappe.db.get_value("Notification Log", {"document_name": late.name}, "subject")
	assert late.name in subject and "not confirmed" in subject

	count = len(recipients)
	assert late.name not in mark_overdue_logs()  # the next day: no second notification
	assert len(notified(late.name)) == count


def test_confirmed_returned_or_lost_logs_are_not_overdue(users, overdue_days):
	confirmed = dispatched_log(30, users.requester)
	api.confirm_receipt(confirmed.name, confirmed_on=add_days(nowdate(), -25))
	lost = dispatched_log(30, users.requester)
	api.mark_lost(lost.name, reason="Parcel lost")
	draft = factories.make_material_log(
		"Document", items=[{"description": "x", "qty": 1}], dispatch_date=add_days(nowdate(), -30)
	)
	flagged = mark_overdue_logs()
	assert not {confirmed.name, lost.name, draft.name} & set(flagged)


def test_delivered_but_unconfirmed_logs_are_still_overdue_and_confirming_clears_the_flag(users, overdue_days):
	log = dispatched_log(10, users.requester)
	api.mark_delivered(log.name, delivered_on=add_days(nowdate(), -8))
	assert log.name in mark_overdue_logs()
	assert frappe.db.get_value("Sales Material Log", log.name, ["status", "is_overdue"]) == ("Delivered", 1)
	api.confirm_receipt(log.name)
	assert frappe.db.get_value("Sales Material Log", log.name, ["status", "is_overdue"]) == ("Confirmed", 0)


def test_the_job_is_scheduled_daily():
	assert "neiqin.sales_materials.tasks.mark_overdue_logs" in frappe.get_hooks("scheduler_events")["daily"]
