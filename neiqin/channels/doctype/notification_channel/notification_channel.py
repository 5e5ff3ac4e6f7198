"""Notification Channel: a WeCom / DingTalk / Feishu group robot and the events it receives.
Sending is in `neiqin.channels.publish`."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import escape_html

from neiqin import secret_fields
from neiqin.channels import events
from neiqin.channels.exceptions import (
	ChannelEventError,
	ChannelTypeError,
	WebhookHostError,
	WebhookURLError,
)
from neiqin.channels.http import local_networks
from neiqin.channels.robots import CHANNEL_TYPES, webhook_hosts
from neiqin.channels.urls import webhook_url_problem
from neiqin.escaping import bold


class NotificationChannel(Document):
	def validate(self):
		self.validate_channel_type()
		self.validate_webhook_url()
		self.validate_events()
		secret_fields.store(self)

	def validate_channel_type(self):
		if self.channel_type not in CHANNEL_TYPES:
			frappe.throw(
				_("Unknown channel type {0}; choose one of {1}.").format(
					bold(self.channel_type or ""), ", ".join(_(t) for t in CHANNEL_TYPES)
				),
				ChannelTypeError,
			)

	def validate_webhook_url(self):
		"""The address typed now (or the one kept, when the channel type changes) passes the
		check the sending uses (`neiqin.channels.urls.parse_endpoint`)."""
		typed = secret_fields.new_value(self, "webhook_url")
		if typed is None and not self.has_value_changed("channel_type"):
			return
		url = (typed or secret_fields.value(self, "webhook_url") or "").strip()
		if typed is not None:
			self.webhook_url = url
		hosts = allowed_hosts(self.channel_type)
		problem = webhook_url_problem(url, hosts, local_networks())
		if problem == "host_not_allowed":
			frappe.throw(
				_(
					"The webhook URL of {0} must point at {1}, the address of a {2}; other hosts can only be allowed by the server administrator (neiqin_webhook_hosts in site_config.json)."
				).format(
					bold(self.channel_name or self.name),
					", ".join(bold(host) for host in hosts),
					_(self.channel_type),
				),
				WebhookHostError,
			)
		if problem:
			frappe.throw(
				_(
					"The webhook URL of {0} is refused: {1} (only https addresses of the robot's host; IP addresses and plain http only when site_config.json lists them in neiqin_local_addresses)."
				).format(bold(self.channel_name or self.name), address_problem(problem)),
				WebhookURLError,
			)

	def validate_events(self):
		seen = set()
		for row in self.events:
			if row.event not in events.EVENTS:
				frappe.throw(
					_("Row {0}: unknown event {1}.").format(row.idx, bold(row.event or "")),
					ChannelEventError,
				)
			if row.event in seen:
				frappe.throw(
					_("Row {0}: event {1} is listed twice.").format(row.idx, bold(_(row.event))),
					ChannelEventError,
				)
			seen.add(row.event)

	@frappe.whitelist()
	def send_test_message(self) -> dict:
		"""Send a test message now; returns {sent, reason}: whether the robot accepted it, and
		why not (never what the remote server answered)."""
		self.check_permission("write")
		from neiqin.channels.publish import send_test

		return send_test(self)


def address_problem(code: str) -> str:
	"""What a problem code of `neiqin.channels.urls.parse_endpoint` means, for the reader."""
	return {
		"missing": _("no address is given"),
		"unsafe_characters": _("it holds backslashes, spaces or other characters an address cannot hold"),
		"no_host": _("it names no host"),
		"userinfo": _("it holds a user name or password before the host"),
		"not_https": _("it is not an https address"),
		"ip_address": _("it is an IP address, not the robot's host name"),
		"host_not_allowed": _("its host is not the provider's"),
	}.get(code, escape_html(code))


def allowed_hosts(channel_type: str) -> tuple[str, ...]:
	"""Provider hosts of the type, and those the server administrator added in site_config.json
	(`neiqin_webhook_hosts`: a list) — never something a desk user can set."""
	extra = frappe.conf.get("neiqin_webhook_hosts") or ()
	return webhook_hosts(channel_type, [extra] if isinstance(extra, str) else extra)
