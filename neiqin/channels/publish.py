"""Posting events to group robots (WeCom / DingTalk / Feishu).

`publish(event, doc, **facts)` is the one entry point: it finds the enabled channels that
receive the event for this document (global ones, and those a Review Rule governing it
names), renders the message once in the site language, writes one `Channel Message` per
channel and enqueues its delivery after the transaction commits. The request never waits
for the network; a failing delivery is retried with backoff by `retry_due` (scheduler),
recorded on the message, on the channel (`last_error`) and in the Error Log — always without
the channel's secret or webhook key.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass

import frappe
from frappe import _
from frappe.utils import add_to_date, escape_html, now_datetime

from neiqin import secret_fields
from neiqin.channels import events, http, render
from neiqin.channels.doctype.notification_channel.notification_channel import allowed_hosts
from neiqin.channels.message import Message
from neiqin.channels.robots import ROBOTS
from neiqin.channels.urls import redact

CHANNEL = "Notification Channel"
MESSAGE = "Channel Message"
DELIVER = "neiqin.channels.publish.deliver"
# minutes to wait after the 1st, 2nd … failed attempt; after the last one the message is Failed
BACKOFF_MINUTES = (1, 5, 30, 120)
MAX_ATTEMPTS = len(BACKOFF_MINUTES) + 1
RETRY_BATCH = 50


@dataclass(frozen=True)
class Result:
	accepted: bool
	answer: dict | None = None
	error: str | None = None  # technical, secrets cut out: for the message log and Error Log
	reason: str | None = None  # why not sent, translated, never the remote answer


def publish(event: str, doc, **facts) -> list[str]:
	"""Queue `event` about `doc` (a document, or a (doctype, name) pair) for every matching
	channel. Returns the names of the Channel Messages written."""
	if event not in events.EVENTS:
		raise ValueError(f"unknown channel event {event!r}")
	if isinstance(doc, tuple | list):
		doc = frappe.get_doc(*doc)
	channels = matching_channels(event, doc)
	if not channels:
		return []
	message = render.render(event, doc, facts)
	return [queue(channel, event, message, doc.doctype, doc.name) for channel in channels]


def matching_channels(event: str, doc) -> list[str]:
	rows = enabled_channels_for(event)
	if not rows:
		return []
	named = rule_channels(doc) if event in events.REVIEW_EVENTS else set()
	company = doc.get("company")
	return [
		row.name
		for row in rows
		if (not row.only_for_review_rules or row.name in named)
		and (not row.for_company or row.for_company == company)
		and (not row.for_doctype or row.for_doctype == doc.doctype)
	]


def enabled_channels_for(event: str) -> list[frappe._dict]:
	"""Enabled channels whose Events table lists `event` (an empty table means every event)."""
	channel = frappe.qb.DocType(CHANNEL)
	row = frappe.qb.DocType("Notification Channel Event")
	listed = (
		frappe.qb.from_(row).select(row.parent).where(row.parenttype == CHANNEL).where(row.event == event)
	)
	any_event = frappe.qb.from_(row).select(row.parent).where(row.parenttype == CHANNEL)
	return (
		frappe.qb.from_(channel)
		.select(channel.name, channel.only_for_review_rules, channel.for_company, channel.for_doctype)
		.where(channel.enabled == 1)
		.where(channel.name.isin(listed) | channel.name.notin(any_event))
		.orderby(channel.name)
		.run(as_dict=True)
	)


def rule_channels(doc) -> set[str]:
	"""Channels named by the enabled Review Rules that govern `doc`."""
	from neiqin.dual_review.rules import applicable_rules

	rules = [rule.name for rule in applicable_rules(doc)]
	if not rules:
		return set()
	return set(
		frappe.get_all(
			"Review Rule Channel",
			filters={"parenttype": "Review Rule", "parent": ("in", rules)},
			pluck="notification_channel",
		)
	)


def queue(channel: str, event: str, message: Message, doctype: str | None, name: str | None) -> str:
	row = frappe.get_doc(
		{
			"doctype": MESSAGE,
			"notification_channel": channel,
			"event": event,
			"reference_doctype": doctype,
			"reference_name": name,
			"title": message.title[:255],
			"message": json.dumps(message.as_dict(), ensure_ascii=False),
			"status": "Queued",
		}
	).insert(ignore_permissions=True)
	frappe.enqueue(DELIVER, queue="short", name=row.name, enqueue_after_commit=True)
	return row.name


# ---------------------------------------------------------------------- delivery (background)


def deliver(name: str) -> bool:
	"""Background job: one attempt to post Channel Message `name`. True when accepted."""
	row = frappe.get_doc(MESSAGE, name)
	if row.status in ("Sent", "Failed"):
		return row.status == "Sent"
	channel = frappe.db.exists(CHANNEL, row.notification_channel) and frappe.get_doc(
		CHANNEL, row.notification_channel
	)
	if not channel or not channel.enabled:
		# deleted or disabled since the message was queued: nothing is sent, nothing retried
		row.db_set({"status": "Failed", "next_attempt": None, "error": "channel disabled or deleted"})
		return False
	result = send(channel, Message.from_dict(json.loads(row.message or "{}")))
	record_attempt(row, result)
	record_on_channel(channel, result)
	return result.accepted


def retry_due() -> list[str]:
	"""Scheduler (every few minutes): enqueue the messages whose next attempt is due."""
	names = frappe.get_all(
		MESSAGE,
		filters={"status": "Retrying", "next_attempt": ("<=", now_datetime())},
		order_by="next_attempt asc",
		limit=RETRY_BATCH,
		pluck="name",
	)
	for name in names:
		# lease: a slow worker does not get the same message twice
		frappe.db.set_value(MESSAGE, name, "next_attempt", add_to_date(now_datetime(), minutes=10))
		frappe.enqueue(DELIVER, queue="short", name=name, enqueue_after_commit=True)
	return names


def send(channel, message: Message) -> Result:
	"""Post `message` to `channel` now. Never raises for a delivery problem. The address is
	checked by the parser the HTTP client posts with (`neiqin.channels.http.post`); a changed
	row's address, a redirect or a host resolving inside the network is refused there."""
	robot = ROBOTS.get(channel.channel_type)
	secret = secret_fields.value(channel, "secret")
	webhook_url = secret_fields.value(channel, "webhook_url") or ""
	secrets = [secret, webhook_url]
	if robot is None:
		return Result(False, error=_("Unknown channel type {0}").format(escape_html(channel.channel_type)))
	url, body = robot.prepare(webhook_url, secret, message, int(time.time() * 1000))
	try:
		answer = http.post_json(url, body, allowed_hosts(channel.channel_type))
	except http.DeliveryError as e:
		return Result(False, error=redact(str(e), secrets), reason=not_sent_reason(e))
	answer = json.loads(redact(json.dumps(answer, ensure_ascii=False), secrets))
	if robot.accepted(answer):
		return Result(True, answer=answer)
	code = robot_error_code(answer)
	return Result(
		False,
		answer=answer,
		error=redact(json.dumps(answer, ensure_ascii=False), secrets)[:2000],
		reason=_("the robot refused the message (error code {0})").format(code)
		if code is not None
		else _("the robot refused the message"),
	)


def robot_error_code(answer: dict) -> int | None:
	"""The provider's numeric error code of a refused message (errcode / code / StatusCode)."""
	for key in ("errcode", "code", "StatusCode"):
		value = answer.get(key) if isinstance(answer, dict) else None
		if isinstance(value, int) and not isinstance(value, bool):
			return value
	return None


def not_sent_reason(error: http.DeliveryError) -> str:
	"""Why a message was not sent, for the reader (never the remote server's answer)."""
	from neiqin.channels.doctype.notification_channel.notification_channel import address_problem

	if error.kind == "address":
		return _("the webhook address is refused: {0}").format(address_problem(error.detail))
	return {
		"refused_address": _(
			"the robot's host resolves to a private or loopback address that site_config.json does not list (neiqin_local_addresses)"
		),
		"connect": _("the robot's host could not be reached"),
		"timeout": _("the robot did not answer in time"),
		"redirect": _("the robot answered with a redirect (HTTP {0}), which is not followed").format(
			escape_html(error.detail)
		),
		"http_status": _("the robot answered with the error HTTP {0}").format(escape_html(error.detail)),
		"not_json": _("the robot's answer could not be read"),
	}.get(error.kind, _("the message could not be sent"))


def record_attempt(row, result: Result) -> None:
	attempts = (row.attempts or 0) + 1
	values = {
		"attempts": attempts,
		"answer": json.dumps(result.answer, ensure_ascii=False) if result.answer else None,
	}
	if result.accepted:
		values.update(status="Sent", sent_on=now_datetime(), next_attempt=None, error=None)
	elif attempts >= MAX_ATTEMPTS:
		values.update(status="Failed", next_attempt=None, error=result.error)
	else:
		values.update(
			status="Retrying",
			next_attempt=add_to_date(now_datetime(), minutes=BACKOFF_MINUTES[attempts - 1]),
			error=result.error,
		)
	row.db_set(values, update_modified=True)


def record_on_channel(channel, result: Result) -> None:
	if result.accepted:
		channel.db_set({"last_sent_on": now_datetime(), "last_error": None}, update_modified=False)
		return
	# what the channel's readers see: why, never the remote answer (that stays in the Error Log)
	shown = result.reason or result.error
	if result.answer is None and result.reason and result.error:
		shown = f"{result.reason} [{result.error}]"
	channel.db_set("last_error", f"{now_datetime()}: {shown}", update_modified=False)
	frappe.log_error(
		title=_("Notification Channel {0} could not send a message").format(channel.name),
		message=result.error,
		reference_doctype=CHANNEL,
		reference_name=channel.name,
	)


def send_test(channel) -> dict:
	"""Post a test message to `channel` at once (not in the background): {sent, reason} — sent
	or not and why, never the remote server's answer (which could be any local service's)."""
	result = send(channel, render.test_message(channel))
	record_on_channel(channel, result)
	if result.accepted:
		return {"sent": True, "reason": _("The robot accepted the test message.")}
	return {"sent": False, "reason": _("Not sent: {0}.").format(result.reason or _("unknown reason"))}
