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
from frappe.utils import add_to_date, now_datetime

from neiqin.channels import events, http, render
from neiqin.channels.doctype.notification_channel.notification_channel import allowed_hosts
from neiqin.channels.message import Message
from neiqin.channels.robots import ROBOTS
from neiqin.channels.urls import redact, webhook_url_problem

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
	error: str | None = None


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
	"""Post `message` to `channel` now. Never raises for a delivery problem."""
	robot = ROBOTS.get(channel.channel_type)
	secret = channel.get_password("secret", raise_exception=False) if channel.get("secret") else None
	secrets = [secret, channel.webhook_url]
	if robot is None:
		return Result(False, error=_("Unknown channel type {0}").format(channel.channel_type))
	if webhook_url_problem(channel.webhook_url, allowed_hosts(channel.channel_type)):
		# (the form refuses such an address; this holds for rows changed behind its back)
		return Result(
			False, error=_("Not sent: the webhook address of {0} is not allowed.").format(channel.name)
		)
	url, body = robot.prepare(channel.webhook_url, secret, message, int(time.time() * 1000))
	try:
		answer = http.post_json(url, body)
	except http.DeliveryError as e:
		return Result(False, error=redact(str(e), secrets))
	answer = json.loads(redact(json.dumps(answer, ensure_ascii=False), secrets))
	if robot.accepted(answer):
		return Result(True, answer=answer)
	return Result(False, answer=answer, error=redact(json.dumps(answer, ensure_ascii=False), secrets))


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
	channel.db_set("last_error", f"{now_datetime()}: {result.error}", update_modified=False)
	frappe.log_error(
		title=_("Notification Channel {0} could not send a message").format(channel.name),
		message=result.error,
		reference_doctype=CHANNEL,
		reference_name=channel.name,
	)


def send_test(channel) -> dict:
	"""Post a test message to `channel` at once (not in the background)."""
	result = send(channel, render.test_message(channel))
	record_on_channel(channel, result)
	return {"accepted": result.accepted, "answer": result.answer, "error": result.error}
