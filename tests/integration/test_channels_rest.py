"""Notification Channels over REST: managers write, Sales Admin reads without the webhook
address or the secret, nobody reads the secret back, and a refused test message sends nothing."""

import urllib.parse

import frappe
import pytest
from frappe.utils.password import get_decrypted_password

from tests.integration import factories, rest
from tests.integration.fake_http import FakeServer

CLERK = "nq-ch-rest-clerk@example.com"
MANAGER = "nq-ch-rest-manager@example.com"
SECRET = "SECnq-rest-secret-91be"
RESOURCE = "/api/resource/Notification Channel"


@pytest.fixture(scope="module")
def users(base):
	return frappe._dict(
		clerk=factories.ensure_user(CLERK, ["Sales Admin"]),
		manager=factories.ensure_user(MANAGER, ["Sales Manager"]),
	)


def path(name: str) -> str:
	return f"{RESOURCE}/{urllib.parse.quote(name)}"


def test_rights_and_secrets_over_rest(users, committed):
	with FakeServer(answers=[(200, {"code": 0, "msg": "success"}, 0)], max_requests=5) as server:
		hook = f"{server.url}/open-apis/bot/v2/hook/nq-rest-hook"
		created = rest.call(
			"POST",
			RESOURCE,
			users.manager,
			json={
				"channel_name": f"_NQ REST {frappe.generate_hash(length=6)}",
				"channel_type": "Feishu Robot",
				"webhook_url": hook,
				"secret": SECRET,
				"events": [{"event": "Rejected"}],
			},
		)
		assert created.status_code == 200, created.text
		name = created.json["data"]["name"]
		committed.add("Notification Channel", name)
		assert SECRET not in created.text

		as_manager = rest.call("GET", path(name), users.manager)
		# the manager who set the address reads it back no more than the secret (System Manager only)
		assert as_manager.status_code == 200 and set(as_manager.json["data"]["webhook_url"]) == {"*"}
		assert "nq-rest-hook" not in as_manager.text
		assert SECRET not in as_manager.text and set(as_manager.json["data"]["secret"]) == {"*"}

		as_clerk = rest.call("GET", path(name), users.clerk)
		assert as_clerk.status_code == 200, as_clerk.text
		assert "webhook_url" not in as_clerk.json["data"] and "secret" not in as_clerk.json["data"]
		assert "nq-rest-hook" not in as_clerk.text and SECRET not in as_clerk.text

		assert rest.call("PUT", path(name), users.clerk, json={"enabled": 0}).status_code == 403
		assert (
			rest.call(
				"POST",
				RESOURCE,
				users.clerk,
				json={"channel_name": "x", "channel_type": "WeCom Robot", "webhook_url": hook},
			).status_code
			== 403
		)

		refused = rest.call(
			"POST",
			"/api/method/run_doc_method",
			users.clerk,
			json={"dt": "Notification Channel", "dn": name, "method": "send_test_message"},
		)
		assert refused.status_code == 403 and server.requests == []

		sent = rest.call(
			"POST",
			"/api/method/run_doc_method",
			users.manager,
			json={"dt": "Notification Channel", "dn": name, "method": "send_test_message"},
		)
		assert sent.status_code == 200, sent.text
		assert sent.json["message"]["sent"] is True and len(server.requests) == 1
		assert SECRET not in sent.text

		bad = rest.call("PUT", path(name), users.manager, json={"webhook_url": "http://example.com/hook"})
		assert bad.status_code == 417 and "WebhookURLError" in bad.exception
		assert get_decrypted_password("Notification Channel", name, "webhook_url") == hook
