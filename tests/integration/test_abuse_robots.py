"""Abuse of robots, providers and their secrets, as insiders do it (REST with their own token
through frappe's request handling, a 127.0.0.1 listener to prove nothing arrives):

3. the host checked is the host connected to (backslash and userinfo tricks, IP literals,
   plain http), redirects are not followed, loopback only when site_config.json lists it,
   the Kuaidi100 endpoint under the same rule, and Send Test Message never returns the
   remote answer;
4. robot URLs, secrets and provider keys are readable by a System Manager only: not by
   counting or filtering, not in Version history, exports or prints; the patch moves values
   kept before.

Committed data (REST), deleted afterwards."""

from __future__ import annotations

import json
import urllib.parse
from contextlib import contextmanager

import frappe
import pytest
from frappe.utils import add_days, nowdate
from frappe.utils.password import get_decrypted_password, set_encrypted_password

from neiqin import secret_fields
from neiqin.channels import publish
from neiqin.channels.exceptions import TrackingEndpointError, WebhookURLError
from neiqin.channels.message import Message
from tests.integration import factories, rest
from tests.integration.factories import make_notification_channel
from tests.integration.fake_http import FakeServer, Listener

WECOM, DINGTALK = "WeCom Robot", "DingTalk Robot"
RESOURCE = "/api/resource/Notification Channel"
SETTINGS = "/api/resource/Neiqin Settings/Neiqin Settings"
TOKEN = "nqTOKEN7f3e9a2b5c"
SECRET = "SECnq-abuse-4c1d9e"
KEY = "nq-kd100-key-5e8a"
CUSTOMER_ID = "NQKD100CUSTOMER77"


@pytest.fixture(scope="module")
def users(base):
	return frappe._dict(
		manager=factories.ensure_user("nq-rb-manager@example.com", ["Sales Manager"]),
		admin=factories.ensure_user("nq-rb-admin@example.com", ["Sales Admin"]),
		sales=factories.ensure_user("nq-rb-sales@example.com", ["Sales User"]),
		sysman=factories.ensure_user("nq-rb-sysman@example.com", ["System Manager"]),
	)


def path(name: str) -> str:
	return f"{RESOURCE}/{urllib.parse.quote(name)}"


@contextmanager
def site_config(**values):
	"""In this process only (the REST threads read site_config.json, which lists 127.0.0.1)."""
	before = {key: frappe.local.conf.get(key) for key in values}
	frappe.local.conf.update(values)
	try:
		yield
	finally:
		for key, value in before.items():
			if value is None:
				frappe.local.conf.pop(key, None)
			else:
				frappe.local.conf[key] = value


def channel_body(url: str, channel_type: str = WECOM, **values) -> dict:
	return {
		"channel_name": f"_NQ Abuse {frappe.generate_hash(length=6)}",
		"channel_type": channel_type,
		"webhook_url": url,
		"enabled": 1,
		**values,
	}


def send_test(name: str) -> dict:
	return frappe.get_doc("Notification Channel", name).send_test_message()


# ----------------------------------------------------------------------------- 3. hosts


def test_the_host_checked_is_the_host_connected_to(users, committed):
	with Listener() as other:
		hook = "qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k"
		tricks = [
			f"https://127.0.0.1:{other.port}\\@{hook}",  # the reported bypass
			f"https://localhost:{other.port}\\@{hook}",
			f"https://x:{other.port}@{hook}",
			f"https://qyapi.weixin.qq.com@127.0.0.1:{other.port}/cgi-bin/webhook/send?key=k",
			f"http://qyapi.weixin.qq.com:{other.port}/cgi-bin/webhook/send?key=k",
			f"https://127.0.0.2:{other.port}/cgi-bin/webhook/send?key=k",
			"https://[::1]/cgi-bin/webhook/send?key=k",
		]
		before = frappe.db.count("Notification Channel")
		for url in tricks:
			response = rest.call("POST", RESOURCE, users.manager, json=channel_body(url))
			assert response.status_code == 417 and "WebhookURLError" in response.exception, url
		assert frappe.db.count("Notification Channel") == before

		# a row changed behind the form's back is not sent to either
		with FakeServer() as robot:
			channel = make_notification_channel(WECOM, f"{robot.url}/cgi-bin/webhook/send?key=k")
			frappe.db.commit()
			committed.add(channel)
			for url in tricks:
				set_encrypted_password("Notification Channel", channel.name, url, "webhook_url")
				result = send_test(channel.name)
				assert result["sent"] is False and "refused" in result["reason"], url
			assert robot.requests == []
		assert other.connections == 0


def test_a_redirect_is_never_followed(users, committed):
	with (
		Listener() as elsewhere,
		FakeServer(
			answers=[(307, {}, 0, {"Location": f"{elsewhere.url}/cgi-bin/webhook/send?key=k"})]
		) as robot,
	):
		made = rest.call(
			"POST", RESOURCE, users.manager, json=channel_body(f"{robot.url}/cgi-bin/webhook/send?key=k")
		)
		assert made.status_code == 200, made.exception
		name = committed.add("Notification Channel", made.json["data"]["name"])
		sent = rest.call(
			"POST",
			"/api/method/run_doc_method",
			users.manager,
			json={"dt": "Notification Channel", "dn": name, "method": "send_test_message"},
		)
		assert sent.status_code == 200, sent.exception
		assert sent.json["message"]["sent"] is False and "redirect" in sent.json["message"]["reason"]
		assert len(robot.requests) == 1 and elsewhere.connections == 0


def test_loopback_only_when_the_site_config_lists_it(users, committed):
	with Listener() as local:
		channel = make_notification_channel(WECOM, f"{local.url}/cgi-bin/webhook/send?key=k")
		with site_config(neiqin_local_addresses=[]):
			result = send_test(channel.name)
			assert result["sent"] is False and "not an https address" in result["reason"]
			with pytest.raises(WebhookURLError):
				make_notification_channel(WECOM, f"{local.url}/cgi-bin/webhook/send?key=k")
		# a host name allowed by the admin that resolves to loopback: refused before connecting
		with site_config(neiqin_webhook_hosts=["localhost"], neiqin_local_addresses=[]):
			named = make_notification_channel(WECOM, f"https://localhost:{local.port}/cgi-bin/webhook/send")
			result = send_test(named.name)
			assert result["sent"] is False and "private or loopback" in result["reason"]
		assert local.connections == 0


def test_send_test_message_never_returns_the_remote_answer(users, committed):
	body = {"errcode": 40001, "errmsg": "LOCAL-SERVICE-ANSWER root:x:0:0"}
	with FakeServer(answers=[(200, body, 0), (500, body, 0), (200, ["LOCAL-SERVICE-ANSWER"], 0)]) as robot:
		made = rest.call(
			"POST", RESOURCE, users.manager, json=channel_body(f"{robot.url}/cgi-bin/webhook/send?key=k")
		)
		name = committed.add("Notification Channel", made.json["data"]["name"])
		for _attempt in range(3):
			sent = rest.call(
				"POST",
				"/api/method/run_doc_method",
				users.manager,
				json={"dt": "Notification Channel", "dn": name, "method": "send_test_message"},
			)
			assert sent.status_code == 200 and sent.json["message"]["sent"] is False
			assert "LOCAL-SERVICE-ANSWER" not in sent.text and "root:x" not in sent.text
		assert len(robot.requests) == 3


@pytest.fixture
def courier(base):
	supplier = factories.make_supplier().name
	factories.make_courier_tracking(supplier, provider="kuaidi100", carrier_code="shunfeng")
	return supplier


def test_the_kuaidi100_endpoint_is_under_the_same_rule(users, courier, committed):
	from neiqin.channels.tracking.job import poll_tracking

	for url in ("https://collector.example.com/poll/query.do", "http://poll.kuaidi100.com/poll/query.do"):
		response = rest.call("PUT", SETTINGS, users.manager, json={"kuaidi100_url": url})
		assert response.status_code == 417 and "TrackingEndpointError" in response.exception, url
	assert frappe.db.get_single_value("Neiqin Settings", "kuaidi100_url") != url

	log = factories.make_material_log(
		"Document",
		items=[{"description": "Contract copy", "qty": 1}],
		courier=courier,
		dispatch_date=add_days(nowdate(), -2),
		submit=True,
	)
	with Listener() as forger, site_config(neiqin_local_addresses=[]):
		settings = frappe.get_single("Neiqin Settings")
		settings.kuaidi100_customer, settings.kuaidi100_key = CUSTOMER_ID, KEY
		settings.kuaidi100_url = f"{forger.url}/poll/query.do"
		with pytest.raises(TrackingEndpointError):
			settings.save()
		# written behind the form's back: the job does not post there either
		frappe.db.set_single_value("Neiqin Settings", "kuaidi100_url", f"{forger.url}/poll/query.do")
		settings = frappe.get_single("Neiqin Settings")
		settings.kuaidi100_customer, settings.kuaidi100_key = CUSTOMER_ID, KEY
		settings.flags.ignore_validate = True
		settings.save()
		assert poll_tracking().get(log.name) == "error"
		assert forger.connections == 0
	assert frappe.db.get_value("Sales Material Log", log.name, "status") != "Delivered"


# ----------------------------------------------------------------------------- 4. secrets


def count_as(user: str, filters: list) -> int | None:
	query = urllib.parse.urlencode({"doctype": "Notification Channel", "filters": json.dumps(filters)})
	response = rest.call("GET", f"/api/method/frappe.client.get_count?{query}", user)
	return response.json.get("message") if response.status_code == 200 else None


def test_robot_urls_and_secrets_are_not_readable_but_by_a_system_manager(users, committed):
	url = f"https://oapi.dingtalk.com/robot/send?access_token={TOKEN}"
	made = rest.call("POST", RESOURCE, users.manager, json=channel_body(url, DINGTALK, secret=SECRET))
	assert made.status_code == 200, made.exception
	name = committed.add("Notification Channel", made.json["data"]["name"])
	assert TOKEN not in made.text and SECRET not in made.text

	# the column holds one fixed mask: filters and counts learn nothing (the reported 330 queries)
	assert frappe.db.get_value("Notification Channel", name, ["webhook_url", "secret"]) == (
		secret_fields.MASK,
		secret_fields.MASK,
	)
	for user in (users.admin, users.sales, users.manager):
		for field, value in (("webhook_url", url), ("secret", SECRET)):
			hits = [count_as(user, [["name", "=", name], [field, "like", value[:n] + "%"]]) for n in (9, 30)]
			assert all(not hit for hit in hits), (user, field, hits)
			assert not count_as(user, [["name", "=", name], [field, "like", f"%{value[-6:]}%"]])

	# reading it: the Sales Manager who set it sees the mask, only a System Manager reads it back
	seen = rest.call("GET", path(name), users.manager)
	assert seen.json["data"]["webhook_url"] == secret_fields.MASK and TOKEN not in seen.text
	for user in (users.manager, users.admin):
		for field in ("webhook_url", "secret"):
			query = urllib.parse.urlencode(
				{"doctype": "Notification Channel", "name": name, "fieldname": field}
			)
			denied = rest.call("GET", f"/api/method/frappe.client.get_password?{query}", user)
			assert denied.status_code == 403, (user, field)
	query = urllib.parse.urlencode(
		{"doctype": "Notification Channel", "name": name, "fieldname": "webhook_url"}
	)
	assert (
		rest.call("GET", f"/api/method/frappe.client.get_password?{query}", users.sysman).json["message"]
		== url
	)

	# lists, exports and prints
	listed = rest.call(
		"GET",
		f"{RESOURCE}?{urllib.parse.urlencode({'fields': json.dumps(['name', 'webhook_url', 'secret']), 'filters': json.dumps([['name', '=', name]])})}",
		users.manager,
	)
	assert listed.status_code == 200 and TOKEN not in listed.text and SECRET not in listed.text
	printed = frappe.get_print("Notification Channel", name)
	assert TOKEN not in printed and SECRET not in printed

	# a change of the address: neither address in the Version history
	changed = f"https://oapi.dingtalk.com/robot/send?access_token={TOKEN}NEW"
	assert rest.call("PUT", path(name), users.manager, json={"webhook_url": changed}).status_code == 200
	assert get_decrypted_password("Notification Channel", name, "webhook_url") == changed
	versions = frappe.get_all(
		"Version", filters={"ref_doctype": "Notification Channel", "docname": name}, pluck="data"
	)
	assert TOKEN not in json.dumps(versions) and SECRET not in json.dumps(versions)

	# and the sending still reads the secret
	with FakeServer() as robot:
		frappe.db.set_value("Notification Channel", name, "channel_type", WECOM)
		set_encrypted_password(
			"Notification Channel", name, f"{robot.url}/cgi-bin/webhook/send?key={TOKEN}", "webhook_url"
		)
		assert publish.send(frappe.get_doc("Notification Channel", name), Message(title="t")).accepted
		assert robot.requests[0]["query"] == {"key": TOKEN}


def test_provider_keys_are_masked_alike(users):
	settings = frappe.get_single("Neiqin Settings")
	settings.kuaidi100_customer, settings.kuaidi100_key = CUSTOMER_ID, KEY
	settings.save()
	assert frappe.db.get_single_value("Neiqin Settings", "kuaidi100_key") == secret_fields.MASK
	assert frappe.db.get_single_value("Neiqin Settings", "kuaidi100_customer") == secret_fields.MASK
	from neiqin.channels.tracking.settings import kuaidi100_account

	assert kuaidi100_account()[:2] == (CUSTOMER_ID, KEY)


def test_the_patch_moves_secrets_kept_before(users):
	from neiqin.patches.v1 import secrets_as_password_fields

	with FakeServer() as robot:
		url = f"{robot.url}/cgi-bin/webhook/send?key={TOKEN}"
		channel = make_notification_channel(WECOM, url, secret=SECRET)
		# as an older version left it: the address in clear, the secret's mask as long as it
		frappe.db.set_value(
			"Notification Channel", channel.name, {"webhook_url": url, "secret": "*" * len(SECRET)}
		)
		frappe.db.delete(
			"__Auth", {"doctype": "Notification Channel", "name": channel.name, "fieldname": "webhook_url"}
		)
		version = frappe.get_doc(
			{
				"doctype": "Version",
				"ref_doctype": "Notification Channel",
				"docname": channel.name,
				"data": json.dumps(
					{"changed": [["webhook_url", "https://old/?key=OLDKEY1234", url], ["enabled", 0, 1]]}
				),
			}
		).insert(ignore_permissions=True)

		secrets_as_password_fields.execute()

		assert frappe.db.get_value("Notification Channel", channel.name, ["webhook_url", "secret"]) == (
			secret_fields.MASK,
			secret_fields.MASK,
		)
		data = frappe.db.get_value("Version", version.name, "data")
		assert TOKEN not in data and "OLDKEY1234" not in data and '["enabled", 0, 1]' in data
		loaded = frappe.get_doc("Notification Channel", channel.name)
		assert (
			secret_fields.value(loaded, "webhook_url") == url
			and secret_fields.value(loaded, "secret") == SECRET
		)
		assert publish.send(loaded, Message(title="t")).accepted
		assert len(robot.requests) == 1
