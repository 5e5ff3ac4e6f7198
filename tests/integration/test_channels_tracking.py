"""Courier tracking (定时查件): the tracking link on the forms, and the scheduled job against a
fake Kuaidi100 server on 127.0.0.1 — signed-for logs become Delivered, the others stay."""

import json

import frappe
import pytest
from frappe.utils import add_days, getdate, nowdate

from neiqin.channels.exceptions import TrackingProviderError, TrackingTemplateError
from neiqin.channels.tracking import kuaidi100
from neiqin.channels.tracking.job import poll_tracking
from tests.integration import factories
from tests.integration.factories import make_courier_tracking
from tests.integration.fake_http import FakeServer
from tests.integration.test_channels_publish import assert_no_secret_in_log_files

CUSTOMER_ID = "NQCUSTOMER8D1F"
KEY = "nqKuaidiKey5e0b77"


def answer(state: str, when: str, context: str) -> dict:
	# the documented shape of a real-time query answer (newest event first)
	return {
		"message": "ok",
		"nu": "X",
		"ischeck": "1" if state == "3" else "0",
		"condition": "F00",
		"com": "shunfeng",
		"status": "200",
		"state": state,
		"data": [
			{"time": f"{when} 15:20:11", "ftime": f"{when} 15:20:11", "context": context, "location": "上海"},
			{
				"time": f"{when} 08:01:00",
				"ftime": f"{when} 08:01:00",
				"context": "快件已到达【上海浦东集散中心】",
			},
		],
	}


@pytest.fixture
def courier(base):
	supplier = factories.make_supplier().name
	make_courier_tracking(supplier, provider="kuaidi100", carrier_code="shunfeng")
	return supplier


@pytest.fixture
def account():
	def point_at(url: str):
		settings = frappe.get_single("Neiqin Settings")
		settings.kuaidi100_customer = CUSTOMER_ID
		settings.kuaidi100_key = KEY
		settings.kuaidi100_url = url
		settings.save()

	return point_at


def dispatched(courier: str, days_ago: int = 3):
	return factories.make_material_log(
		"Document",
		items=[{"description": "Contract copy", "qty": 1}],
		courier=courier,
		dispatch_date=add_days(nowdate(), -days_ago),
		submit=True,
	)


def test_the_job_marks_signed_logs_delivered_and_leaves_in_transit_ones(courier, account):
	signed, moving, broken = dispatched(courier), dispatched(courier), dispatched(courier)
	yesterday = add_days(nowdate(), -1)
	answers = {
		signed.tracking_number: (200, answer("3", yesterday, "已签收，签收人：前台"), 0),
		moving.tracking_number: (200, answer("0", yesterday, "运输中"), 0),
		broken.tracking_number: (200, {"result": False, "returnCode": "500", "message": "服务器错误"}, 0),
	}
	with FakeServer(
		answers=lambda r: answers[json.loads(r["form"]["param"])["num"]], max_requests=10
	) as server:
		account(f"{server.url}/poll/query.do")
		outcomes = poll_tracking()
		assert {name: outcomes.get(name) for name in (signed.name, moving.name, broken.name)} == {
			signed.name: "delivered",
			moving.name: "in transit",
			broken.name: "error",
		}
		first = {json.loads(r["form"]["param"])["num"]: r for r in server.requests}
		again = poll_tracking()  # the errored and in-transit logs are asked again, the delivered one not
		assert (
			signed.name not in again and again[broken.name] == "error" and again[moving.name] == "in transit"
		)

	request = first[signed.tracking_number]
	assert request["path"] == "/poll/query.do" and request["form"]["customer"] == CUSTOMER_ID
	assert json.loads(request["form"]["param"]) == {
		"com": "shunfeng",
		"num": signed.tracking_number,
		"resultv2": "1",
	}
	assert request["form"]["sign"] == kuaidi100.sign(request["form"]["param"], KEY, CUSTOMER_ID)

	log = frappe.db.get_value("Sales Material Log", signed.name, ["status", "delivered_on"], as_dict=True)
	assert log.status == "Delivered" and getdate(log.delivered_on) == getdate(yesterday)
	state = frappe.get_doc("Shipment Tracking", {"sales_material_log": signed.name})
	assert state.signed == 1 and state.state == "3" and state.state_label == "Signed For"
	assert [e.context for e in state.events] == ["已签收，签收人：前台", "快件已到达【上海浦东集散中心】"]

	assert frappe.db.get_value("Sales Material Log", moving.name, "status") == "Dispatched"
	assert (
		frappe.db.get_value("Shipment Tracking", {"sales_material_log": moving.name}, "state_label")
		== "In Transit"
	)

	assert frappe.db.get_value("Sales Material Log", broken.name, "status") == "Dispatched"
	errors = frappe.db.get_value(
		"Shipment Tracking", {"sales_material_log": broken.name}, ["error_count", "last_error"], as_dict=True
	)
	assert errors.error_count == 2 and "服务器错误" in errors.last_error
	for text in (errors.last_error, json.dumps(state.as_dict(), default=str)):
		assert KEY not in text and CUSTOMER_ID not in text
	assert_no_secret_in_log_files(KEY)


def test_a_run_is_bounded_and_an_unreachable_provider_is_an_error_per_log(courier, account):
	logs = [dispatched(courier) for _ in range(3)]
	account("http://127.0.0.1:18300/nothing-listens-here")  # connection refused
	frappe.db.set_single_value("Neiqin Settings", "tracking_batch_size", 2)
	outcomes = poll_tracking()
	ours = [log.name for log in logs if log.name in outcomes]
	assert len(outcomes) == 2 and all(outcomes[name] == "error" for name in ours)
	assert poll_tracking()  # the next run takes the logs not checked yet first
	assert all(frappe.db.exists("Shipment Tracking", {"sales_material_log": log.name}) for log in logs)


def test_forms_show_the_tracking_link(courier, base):
	log = dispatched(courier)
	log = frappe.get_doc("Sales Material Log", log.name)
	log.run_method("onload")
	assert log.get_onload().get("tracking_url") == f"https://track.example.com/q?no={log.tracking_number}"

	so = factories.make_sales_order()
	dn = factories.make_delivery_note(so, submit=False)
	dn.transporter, dn.lr_no = courier, "SF 0042/7"
	dn.save()
	dn = frappe.get_doc("Delivery Note", dn.name)
	dn.run_method("onload")
	assert dn.get_onload().get("tracking_url") == "https://track.example.com/q?no=SF%200042%2F7"


def test_bad_tracking_settings_are_refused(base):
	supplier = factories.make_supplier().name
	with pytest.raises(TrackingTemplateError, match="tracking_number"):
		make_courier_tracking(supplier, tracking_url="https://track.example.com/q?no=")
	with pytest.raises(TrackingProviderError, match="nosuch"):
		make_courier_tracking(supplier, provider="nosuch")
	frappe.local.lang = "zh"
	with pytest.raises(TrackingTemplateError, match="必须在运单号的位置包含"):
		make_courier_tracking(supplier, tracking_url="https://track.example.com/q")
