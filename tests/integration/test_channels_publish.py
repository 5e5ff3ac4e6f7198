"""Group robots (WeCom / DingTalk / Feishu): which channels hear an event, the exact payloads
and signatures they receive, retries, timeouts, test messages, bad input and secrets.
The robots are fake servers on 127.0.0.1 that the tests start."""

import base64
import hashlib
import hmac
import json
import time
import urllib.parse
from pathlib import Path

import frappe
import pytest
from frappe.utils import (
	add_days,
	add_to_date,
	fmt_money,
	get_fullname,
	get_url_to_form,
	now_datetime,
	nowdate,
)

from neiqin.channels import publish
from neiqin.channels.digest import announce_overdue_contracts, send_daily_digest
from neiqin.channels.exceptions import ChannelTypeError, WebhookHostError, WebhookURLError
from neiqin.channels.message import Message
from neiqin.sales_materials.tasks import mark_overdue_logs
from tests.integration import factories
from tests.integration.conftest import BENCH, SITE
from tests.integration.factories import make_notification_channel, make_review_rule, review_as
from tests.integration.fake_http import FakeServer

WECOM, DINGTALK, FEISHU = "WeCom Robot", "DingTalk Robot", "Feishu Robot"
SECRET = "SECnq-test-secret-4f9a1c"
WECOM_KEY = "nq-wecom-key-77d2e0"
OK = {
	WECOM: {"errcode": 0, "errmsg": "ok"},
	DINGTALK: {"errcode": 0, "errmsg": "ok"},
	FEISHU: {"code": 0, "msg": "success", "data": {}},
}


@pytest.fixture(scope="module")
def users(base):
	return factories.ensure_review_setup()


@pytest.fixture
def fast_timeout():
	frappe.local.conf["neiqin_http_timeout"] = 1
	yield
	frappe.local.conf.pop("neiqin_http_timeout", None)


def md(text: str) -> str:
	"""Markdown-escaped user text, as the robots must receive it."""
	for ch in "\\`*_[]<>":
		text = text.replace(ch, "\\" + ch)
	return text


def robot_urls(server) -> dict:
	return {
		WECOM: f"{server.url}/cgi-bin/webhook/send?key={WECOM_KEY}",
		DINGTALK: f"{server.url}/robot/send?access_token=nq-ding-token",
		FEISHU: f"{server.url}/open-apis/bot/v2/hook/nq-feishu-hook-id",
	}


def draft_delivery(users, qty=5):
	so = factories.make_sales_order(items=[{"item_code": "_NQ Widget", "qty": 10}])
	frappe.set_user(users.clerk)
	try:
		return factories.make_delivery_note(so, qty={"_NQ Widget": qty}, submit=False)
	finally:
		frappe.set_user("Administrator")


def messages(doc=None, event=None) -> list:
	filters = {}
	if doc is not None:
		filters.update(reference_doctype=doc.doctype, reference_name=doc.name)
	if event:
		filters["event"] = event
	return frappe.get_all(
		"Channel Message",
		filters=filters,
		fields=[
			"name",
			"notification_channel",
			"event",
			"status",
			"message",
			"attempts",
			"error",
			"next_attempt",
		],
		order_by="creation asc",
	)


def deliver_all(rows) -> list[bool]:
	return [publish.deliver(row.name) for row in rows]


# ----------------------------------------------------------------------------- payloads


def test_each_robot_receives_its_documented_payload_and_signature(users):
	dn = draft_delivery(users)
	with FakeServer(answers=lambda request: (200, OK[kind_of(request)], 0)) as server:
		urls = robot_urls(server)
		channels = {
			kind: make_notification_channel(
				kind, urls[kind], events=["Rejected"], secret=None if kind == WECOM else SECRET
			)
			for kind in (WECOM, DINGTALK, FEISHU)
		}
		written = publish.publish(
			"Rejected", dn, reviewer=users.reviewer, reason="Price *too* low [see]", next_users=[users.clerk]
		)
		assert sorted(
			frappe.db.get_value("Channel Message", n, "notification_channel") for n in written
		) == sorted(c.name for c in channels.values())
		assert server.requests == []  # nothing is sent before the job runs
		assert deliver_all(messages(dn)) == [True, True, True]
		by_kind = {kind_of(request): request for request in server.requests}

	title = f"Delivery Note {dn.name} was rejected"
	money = fmt_money(dn.rounded_total or dn.grand_total, currency=dn.currency)
	url = get_url_to_form("Delivery Note", dn.name)
	facts = [
		("Document", f"Delivery Note {dn.name}"),
		("Customer", dn.customer_name),
		("Amount", money),
		("Next Action By", get_fullname(users.clerk)),
		("Rejected By", get_fullname(users.reviewer)),
		("Reason", "Price *too* low [see]"),
	]
	md_lines = [f"**{label}**: {md(value)}" for label, value in facts] + [
		f"[Open Delivery Note {md(dn.name)}]({url})"
	]

	wecom = by_kind[WECOM]
	assert wecom["query"] == {"key": WECOM_KEY}
	assert wecom["json"] == {
		"msgtype": "markdown",
		"markdown": {"content": "\n".join([f"### {md(title)}", *md_lines])},
	}

	ding = by_kind[DINGTALK]
	assert ding["query"]["access_token"] == "nq-ding-token"
	timestamp = ding["query"]["timestamp"]
	expected_sign = base64.b64encode(
		hmac.new(SECRET.encode(), f"{timestamp}\n{SECRET}".encode(), hashlib.sha256).digest()
	).decode()
	assert ding["query"]["sign"] == expected_sign  # parse_qs decoded the URL-encoding
	assert "sign=" + urllib.parse.quote_plus(expected_sign) in ding["raw_query"]
	assert abs(int(timestamp) - time.time() * 1000) < 10 * 60 * 1000  # ms, not seconds
	assert ding["json"] == {
		"msgtype": "markdown",
		"markdown": {"title": title, "text": "\n\n".join([f"### {md(title)}", *md_lines])},
	}

	feishu = by_kind[FEISHU]
	body = feishu["json"]
	assert feishu["path"] == "/open-apis/bot/v2/hook/nq-feishu-hook-id"
	key = f"{body['timestamp']}\n{SECRET}".encode()
	assert body["sign"] == base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()
	assert len(body["timestamp"]) == 10  # seconds
	assert body["msg_type"] == "interactive"
	assert body["card"]["header"]["title"] == {"tag": "plain_text", "content": title}
	assert body["card"]["elements"][0]["text"] == {
		"tag": "plain_text",
		"content": "\n".join(f"{label}: {value}" for label, value in facts),
	}
	assert body["card"]["elements"][1]["actions"][0]["url"] == url
	for channel in channels.values():
		assert frappe.db.get_value("Notification Channel", channel.name, "last_error") is None
	assert {row.status for row in messages(dn)} == {"Sent"}


def kind_of(request) -> str:
	if request["path"].startswith("/cgi-bin"):
		return WECOM
	if request["path"].startswith("/robot"):
		return DINGTALK
	return FEISHU


def test_messages_are_written_in_the_site_language(users):
	dn = draft_delivery(users)
	previous = frappe.db.get_default("lang")
	frappe.defaults.set_global_default("lang", "zh")
	try:
		make_notification_channel(WECOM, "http://127.0.0.1:18399/hook", events=["Ready to Submit"])
		publish.publish("Ready to Submit", dn, next_users=[users.clerk])
		message = json.loads(messages(dn)[0].message)
	finally:
		frappe.defaults.set_global_default("lang", previous or "en")
	assert message["title"] == f"销售出货 {dn.name}已获得全部批准，可以提交"
	assert ["单据", f"销售出货 {dn.name}"] in message["facts"]
	assert ["客户", dn.customer_name] in message["facts"]
	assert frappe.local.lang == "en"  # the acting user's language is back


# ----------------------------------------------------------------------------- which channels


def test_review_events_reach_global_channels_and_those_the_rule_names(users):
	other_company = make_other_company()  # commits: before anything else is made
	frappe.db.set_single_value("Neiqin Settings", "notify_reviewers", 1)
	for_rule = make_notification_channel(WECOM, "http://127.0.0.1:18399/a", only_for_review_rules=1)
	unnamed_rule_only = make_notification_channel(WECOM, "http://127.0.0.1:18399/b", only_for_review_rules=1)
	global_dn = make_notification_channel(
		DINGTALK,
		"http://127.0.0.1:18399/c",
		events=["Awaiting Review", "Rejected"],
		for_doctype="Delivery Note",
	)
	other_type = make_notification_channel(DINGTALK, "http://127.0.0.1:18399/d", for_doctype="Sales Invoice")
	elsewhere = make_notification_channel(FEISHU, "http://127.0.0.1:18399/e", for_company=other_company)
	disabled = make_notification_channel(FEISHU, "http://127.0.0.1:18399/f", enabled=0)
	other_event = make_notification_channel(FEISHU, "http://127.0.0.1:18399/g", events=["Material Overdue"])
	make_review_rule("Delivery Note", notification_channels=[{"notification_channel": for_rule.name}])

	dn = draft_delivery(users)
	awaiting = messages(dn, "Awaiting Review")
	assert sorted(row.notification_channel for row in awaiting) == sorted([for_rule.name, global_dn.name])
	next_by = dict(tuple(fact) for fact in json.loads(awaiting[0].message)["facts"])["Next Action By"]
	assert get_fullname(users.reviewer) in next_by and get_fullname(users.reviewer2) in next_by

	review_as(users.reviewer, dn, "Rejected", comment="Wrong warehouse")
	rejected = messages(dn, "Rejected")
	assert sorted(row.notification_channel for row in rejected) == sorted([for_rule.name, global_dn.name])
	assert ["Reason", "Wrong warehouse"] in json.loads(rejected[0].message)["facts"]
	silent = {unnamed_rule_only.name, other_type.name, elsewhere.name, disabled.name, other_event.name}
	assert not silent & {row.notification_channel for row in messages(dn)}


def test_ready_to_submit_reaches_the_owner_channel_and_a_timeout_does_not_block_the_submit(
	users, fast_timeout
):
	with FakeServer(answers=[(200, OK[WECOM], 3)], max_requests=5, lifetime=30) as server:
		channel = make_notification_channel(
			WECOM, f"{server.url}/cgi-bin/webhook/send?key={WECOM_KEY}", events=["Ready to Submit"]
		)
		make_review_rule("Delivery Note")
		dn = draft_delivery(users)
		review_as(users.reviewer, dn, "Approved")
		queued = messages(dn, "Ready to Submit")
		assert [row.notification_channel for row in queued] == [channel.name]
		assert ["Next Action By", get_fullname(users.clerk)] in json.loads(queued[0].message)["facts"]
		dn.reload()
		dn.submit()  # the robot hangs, the submit does not wait for it: nothing was sent yet
		assert dn.docstatus == 1 and server.requests == []
		assert queued[0].status == "Queued"

		assert publish.deliver(queued[0].name) is False  # the job, run in-process, times out
		row = messages(dn, "Ready to Submit")[0]
		assert row.status == "Retrying" and row.attempts == 1 and "Timeout" in row.error
		assert "Timeout" in frappe.db.get_value("Notification Channel", channel.name, "last_error")


# ----------------------------------------------------------------------------- retries and secrets


def test_a_500_is_retried_with_backoff_and_no_secret_reaches_any_log(users):
	started = now_datetime()
	leak = {"errcode": 310000, "errmsg": f"keywords not in content; sign={SECRET} key={WECOM_KEY}"}
	with FakeServer(answers=[(500, {"error": "boom"}, 0), (200, leak, 0), (200, OK[DINGTALK], 0)]) as server:
		channel = make_notification_channel(
			DINGTALK,
			f"{server.url}/robot/send?access_token={WECOM_KEY}",
			events=["Material Overdue"],
			secret=SECRET,
		)
		log = factories.make_material_log(
			"Document",
			items=[{"description": "Catalogue", "qty": 1}],
			dispatch_date=add_days(nowdate(), -9),
			submit=True,
		)
		frappe.db.set_single_value("Neiqin Settings", "material_overdue_days", 7)
		assert log.name in mark_overdue_logs()
		(row,) = messages(log, "Material Overdue")

		assert publish.deliver(row.name) is False  # HTTP 500
		row = messages(log)[0]
		assert row.status == "Retrying" and row.attempts == 1 and "HTTP 500" in row.error
		assert row.next_attempt > now_datetime()
		assert publish.retry_due() == []  # not due yet

		frappe.db.set_value(
			"Channel Message", row.name, "next_attempt", add_to_date(now_datetime(), minutes=-1)
		)
		assert publish.retry_due() == [row.name]
		assert publish.deliver(row.name) is False  # refused, the answer echoes secrets
		refused = messages(log)[0]
		assert "*****" in refused.error and SECRET not in refused.error and WECOM_KEY not in refused.error
		frappe.db.set_value(
			"Channel Message", row.name, "next_attempt", add_to_date(now_datetime(), minutes=-1)
		)
		assert publish.retry_due() == [row.name]
		assert publish.deliver(row.name) is True
		assert len(server.requests) == 3

	row = messages(log)[0]
	assert row.status == "Sent" and row.attempts == 3
	assert frappe.db.get_value("Notification Channel", channel.name, "last_error") is None
	errors = frappe.get_all(
		"Error Log",
		filters={"creation": (">=", started), "reference_name": channel.name},
		fields=["method", "error"],
	)
	assert len(errors) == 2
	# neither the signing secret nor the webhook's token in errors, messages or answers
	for text in (json.dumps(errors), json.dumps(messages(log), default=str)):
		assert SECRET not in text and WECOM_KEY not in text
	channel_doc = json.dumps(frappe.get_doc("Notification Channel", channel.name).as_dict(), default=str)
	assert SECRET not in channel_doc
	assert_no_secret_in_log_files(SECRET)
	assert_no_secret_in_log_files(WECOM_KEY)


def assert_no_secret_in_log_files(secret: str):
	for folder in (BENCH / "logs", BENCH / "sites" / SITE / "logs"):
		for path in Path(folder).glob("*.log*") if folder.exists() else []:
			try:
				assert secret not in path.read_text(errors="ignore"), f"{secret!r} found in {path}"
			except OSError:
				continue


def test_a_message_is_given_up_after_the_last_attempt(users):
	with FakeServer(answers=[(500, {}, 0)], max_requests=publish.MAX_ATTEMPTS + 1) as server:
		make_notification_channel(FEISHU, f"{server.url}/open-apis/bot/v2/hook/x", events=["Ready to Submit"])
		dn = draft_delivery(users)
		(name,) = publish.publish("Ready to Submit", dn)
		for _attempt in range(publish.MAX_ATTEMPTS):
			publish.deliver(name)
		assert publish.deliver(name) is False  # given up: no further request
		assert len(server.requests) == publish.MAX_ATTEMPTS
	assert frappe.db.get_value("Channel Message", name, "status") == "Failed"


def test_a_channel_disabled_after_queueing_sends_nothing(users):
	with FakeServer() as server:
		channel = make_notification_channel(
			WECOM, f"{server.url}/cgi-bin/webhook/send?key=k", events=["Ready to Submit"]
		)
		dn = draft_delivery(users)
		(name,) = publish.publish("Ready to Submit", dn)
		frappe.db.set_value("Notification Channel", channel.name, "enabled", 0)
		assert publish.deliver(name) is False
		assert server.requests == []
	assert frappe.db.get_value("Channel Message", name, "status") == "Failed"


# ----------------------------------------------------------------------------- test message, input, rights


def test_send_test_message_sends_at_once_and_says_sent_or_why_not(users):
	with FakeServer(
		answers=[(200, OK[FEISHU], 0), (200, {"code": 19021, "msg": "sign match fail"}, 0)]
	) as server:
		channel = make_notification_channel(FEISHU, f"{server.url}/open-apis/bot/v2/hook/t", secret=SECRET)
		assert channel.send_test_message() == {"sent": True, "reason": "The robot accepted the test message."}
		assert len(server.requests) == 1 and server.requests[0]["json"]["msg_type"] == "interactive"
		refused = channel.send_test_message()
		assert refused == {
			"sent": False,
			"reason": "Not sent: the robot refused the message (error code 19021).",
		}
		assert "19021" in frappe.db.get_value("Notification Channel", channel.name, "last_error")

		frappe.set_user(users.clerk)  # Sales Admin reads channels, may not send
		try:
			with pytest.raises(frappe.PermissionError):
				frappe.get_doc("Notification Channel", channel.name).send_test_message()
		finally:
			frappe.set_user("Administrator")
		assert len(server.requests) == 2


@pytest.mark.parametrize(
	"url",
	[
		"http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k",
		"http://10.1.2.3/hook",
		"ftp://127.0.0.1/x",
		"qyapi.weixin.qq.com",
	],
)
def test_a_webhook_url_that_is_not_https_is_refused(url):
	with pytest.raises(WebhookURLError, match="https"):
		make_notification_channel(WECOM, url)


def test_a_webhook_outside_the_providers_host_is_refused_unless_the_server_admin_allows_it():
	url = "https://collector.example.com/cgi-bin/webhook/send?key=k"
	with pytest.raises(WebhookHostError, match=r"qyapi\.weixin\.qq\.com"):
		make_notification_channel(WECOM, url)
	frappe.local.conf["neiqin_webhook_hosts"] = ["collector.example.com"]
	try:
		channel = make_notification_channel(WECOM, url)
	finally:
		frappe.local.conf.pop("neiqin_webhook_hosts", None)
	# the allowance taken back: nothing is posted there any more
	result = publish.send(frappe.get_doc("Notification Channel", channel.name), Message(title="t", text="x"))
	assert not result.accepted and "host_not_allowed" in result.error
	assert result.reason == "the webhook address is refused: its host is not the provider's"


def test_an_unknown_channel_type_is_refused():
	with pytest.raises(ChannelTypeError, match="Slack Robot"):
		make_notification_channel("Slack Robot", "https://hooks.example.com/x")


def test_the_refusals_are_translated():
	frappe.local.lang = "zh"
	with pytest.raises(WebhookURLError, match="不是 https 地址"):
		make_notification_channel(WECOM, "http://example.com/x")


def test_the_secret_is_never_shown(users):
	channel = make_notification_channel(
		DINGTALK, "https://oapi.dingtalk.com/robot/send?access_token=t", secret=SECRET
	)
	loaded = frappe.get_doc("Notification Channel", channel.name)
	assert SECRET not in json.dumps(loaded.as_dict(), default=str)
	assert loaded.get_password("secret") == SECRET
	# what a report, a list or an export reads from the table is a mask
	assert SECRET not in json.dumps(frappe.get_all("Notification Channel", fields=["*"]), default=str)
	frappe.set_user(users.clerk)
	try:
		seen = frappe.get_doc("Notification Channel", channel.name)
		seen.apply_fieldlevel_read_permissions()
		assert not seen.get("webhook_url") and not seen.get("secret")  # Sales Admin: level 0 only
		with pytest.raises(frappe.PermissionError):
			seen.save()
	finally:
		frappe.set_user("Administrator")


# ----------------------------------------------------------------------------- daily jobs


def test_contracts_that_fell_overdue_yesterday_are_announced_and_the_digest_lists_them(users):
	channel = make_notification_channel(WECOM, "http://127.0.0.1:18399/o", events=["Contract Overdue"])
	digest = make_notification_channel(
		WECOM, "http://127.0.0.1:18399/d", events=["Material Overdue"], daily_digest=1
	)
	yesterday = add_days(nowdate(), -1)
	so = factories.make_sales_order(transaction_date=add_days(nowdate(), -5), delivery_date=yesterday)
	on_time = factories.make_sales_order(
		transaction_date=add_days(nowdate(), -5), delivery_date=add_days(nowdate(), 3)
	)
	announced = announce_overdue_contracts()
	assert so.name in announced and on_time.name not in announced
	(row,) = messages(so, "Contract Overdue")
	assert row.notification_channel == channel.name
	text = json.loads(row.message)
	assert so.name in text["title"]
	item, pending = text["facts"][-1]
	assert item == frappe.db.get_value("Item", "_NQ Widget", "item_name") and pending.startswith("10")

	(name,) = [
		n
		for n in send_daily_digest()
		if frappe.db.get_value("Channel Message", n, "notification_channel") == digest.name
	]
	body = json.loads(frappe.db.get_value("Channel Message", name, "message"))
	counts = dict(tuple(fact) for fact in body["facts"])
	assert (
		int(counts["Overdue Deliveries"]) >= 1
		and "Expiring Qualifications" in counts
		and "Maturing Bills" in counts
	)
	assert so.name in body["text"] and on_time.name not in body["text"]


def test_the_contract_delivery_reminder_reaches_its_channels(users):
	from neiqin.contract_fulfilment.reminders import send_delivery_reminders

	channel = make_notification_channel(
		DINGTALK, "http://127.0.0.1:18399/r", events=["Contract Delivery Reminder"]
	)
	frappe.db.set_single_value("Neiqin Settings", "delivery_reminder_days", 5)
	so = factories.make_sales_order(delivery_date=add_days(nowdate(), 3))
	assert send_delivery_reminders() >= 1
	(row,) = messages(so, "Contract Delivery Reminder")
	assert row.notification_channel == channel.name
	text = json.loads(row.message)
	assert so.name in text["title"] and ["Customer", so.customer_name] in text["facts"]
	assert text["facts"][-1][1].startswith("10")


def make_other_company() -> str:
	name = "_NQ Channels Other Co"
	if not frappe.db.exists("Company", name):
		factories.ensure_company(name, "NQCO")
	return name


def test_qualifications_expiring_and_bills_maturing_reach_channels_and_the_digest(users, base):
	from neiqin.channels.digest import announce_maturing_bills
	from neiqin.sales_compliance.reminders import send_expiry_reminders

	channel = make_notification_channel(
		FEISHU, "http://127.0.0.1:18399/q", events=["Qualification Expiring", "Bill Maturing"]
	)
	digest = make_notification_channel(
		FEISHU, "http://127.0.0.1:18399/dq", events=["Rejected"], daily_digest=1
	)
	qtype = factories.make_qualification_type(warn_days=30)
	qualification = factories.make_customer_qualification(
		base.customer, qtype.name, valid_from=add_days(nowdate(), -100), valid_to=add_days(nowdate(), 10)
	)
	bill = factories.make_instrument(
		base.customer, 5000, instrument_type="Bank Acceptance Bill", due_date=add_days(nowdate(), 7)
	)
	send_expiry_reminders()
	assert bill.name in announce_maturing_bills()
	(q_row,) = messages(qualification, "Qualification Expiring")
	(b_row,) = messages(bill, "Bill Maturing")
	assert q_row.notification_channel == b_row.notification_channel == channel.name
	assert ["Amount", fmt_money(5000, currency="CNY")] in json.loads(b_row.message)["facts"]

	(name,) = [
		n
		for n in send_daily_digest()
		if frappe.db.get_value("Channel Message", n, "notification_channel") == digest.name
	]
	counts = dict(
		tuple(f) for f in json.loads(frappe.db.get_value("Channel Message", name, "message"))["facts"]
	)
	assert int(counts["Expiring Qualifications"]) >= 1 and int(counts["Maturing Bills"]) >= 1
