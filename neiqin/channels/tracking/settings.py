"""The site-level tracking account, from Neiqin Settings (Password fields), and where its
queries may go: Kuaidi100's own host, or one the server administrator lists in
site_config.json (`neiqin_tracking_hosts`) — checked by the parser the HTTP client posts with."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import cint

from neiqin import secret_fields
from neiqin.channels.exceptions import TrackingEndpointError
from neiqin.channels.tracking.kuaidi100 import HOSTS
from neiqin.escaping import bold

SETTINGS = "Neiqin Settings"
DEFAULT_BATCH = 50


def kuaidi100_account() -> tuple[str, str, str | None]:
	"""(customer, key, url) of the Kuaidi100 account; empty strings when not set."""
	customer = secret_fields.get(SETTINGS, SETTINGS, "kuaidi100_customer")
	key = secret_fields.get(SETTINGS, SETTINGS, "kuaidi100_key")
	url = frappe.db.get_single_value(SETTINGS, "kuaidi100_url")
	return customer or "", key or "", url or None


def tracking_hosts() -> tuple[str, ...]:
	"""Kuaidi100's host, and those the server administrator added (`neiqin_tracking_hosts`)."""
	extra = frappe.conf.get("neiqin_tracking_hosts") or ()
	return (*HOSTS, *([extra] if isinstance(extra, str) else extra))


def validate_endpoint(settings) -> None:
	"""A validate step of Neiqin Settings: the Kuaidi100 endpoint passes the sending's check."""
	from neiqin.channels.doctype.notification_channel.notification_channel import address_problem
	from neiqin.channels.http import local_networks
	from neiqin.channels.urls import webhook_url_problem

	url = (settings.get("kuaidi100_url") or "").strip()
	if not url:
		return
	settings.kuaidi100_url = url
	problem = webhook_url_problem(url, tracking_hosts(), local_networks())
	if problem:
		frappe.throw(
			_(
				"The Kuaidi100 query URL {0} is refused: {1}. It must be an https address on {2}; other hosts only when the server administrator lists them (neiqin_tracking_hosts in site_config.json)."
			).format(
				bold(url),
				address_problem(problem),
				", ".join(bold(host) for host in tracking_hosts()),
			),
			TrackingEndpointError,
		)


def batch_size() -> int:
	value = frappe.db.get_single_value(SETTINGS, "tracking_batch_size")
	return max(cint(value), 1) if value else DEFAULT_BATCH
