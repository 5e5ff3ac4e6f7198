"""Notification Channel: a WeCom / DingTalk / Feishu group robot and the events it receives.
Sending is in `neiqin.channels.publish`."""

import frappe
from frappe import _
from frappe.model.document import Document

from neiqin.channels import events
from neiqin.channels.exceptions import (
	ChannelEventError,
	ChannelTypeError,
	WebhookHostError,
	WebhookURLError,
)
from neiqin.channels.robots import CHANNEL_TYPES, webhook_hosts
from neiqin.channels.urls import webhook_url_problem


class NotificationChannel(Document):
	def validate(self):
		self.validate_channel_type()
		self.validate_webhook_url()
		self.validate_events()

	def validate_channel_type(self):
		if self.channel_type not in CHANNEL_TYPES:
			frappe.throw(
				_("Unknown channel type {0}; choose one of {1}.").format(
					frappe.bold(self.channel_type or ""), ", ".join(_(t) for t in CHANNEL_TYPES)
				),
				ChannelTypeError,
			)

	def validate_webhook_url(self):
		self.webhook_url = (self.webhook_url or "").strip()
		hosts = allowed_hosts(self.channel_type)
		problem = webhook_url_problem(self.webhook_url, hosts)
		if problem == "host_not_allowed":
			frappe.throw(
				_(
					"The webhook URL of {0} must point at {1}, the address of a {2}; other hosts can only be allowed by the server administrator (neiqin_webhook_hosts in site_config.json)."
				).format(
					frappe.bold(self.channel_name or self.name),
					", ".join(frappe.bold(host) for host in hosts),
					_(self.channel_type),
				),
				WebhookHostError,
			)
		if problem:
			frappe.throw(
				_(
					"The webhook URL of {0} must be an https address (plain http only for a loopback address such as 127.0.0.1)."
				).format(frappe.bold(self.channel_name or self.name)),
				WebhookURLError,
			)

	def validate_events(self):
		seen = set()
		for row in self.events:
			if row.event not in events.EVENTS:
				frappe.throw(
					_("Row {0}: unknown event {1}.").format(row.idx, frappe.bold(row.event or "")),
					ChannelEventError,
				)
			if row.event in seen:
				frappe.throw(
					_("Row {0}: event {1} is listed twice.").format(row.idx, frappe.bold(_(row.event))),
					ChannelEventError,
				)
			seen.add(row.event)

	@frappe.whitelist()
	def send_test_message(self) -> dict:
		"""Send a test message now; returns {accepted, answer, error}."""
		self.check_permission("write")
		from neiqin.channels.publish import send_test

		return send_test(self)


def allowed_hosts(channel_type: str) -> tuple[str, ...]:
	"""Provider hosts of the type, and those the server administrator added in site_config.json
	(`neiqin_webhook_hosts`: a list) — never something a desk user can set."""
	extra = frappe.conf.get("neiqin_webhook_hosts") or ()
	return webhook_hosts(channel_type, [extra] if isinstance(extra, str) else extra)
