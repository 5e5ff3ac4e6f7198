"""Tell people about reviews through Frappe's Notification Log (bell icon, and e-mail when the
user enabled it) — no hand-made mailer."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.desk.doctype.notification_log.notification_log import make_notification_logs
from frappe.utils import cint, escape_html, get_fullname


def reviewers_enabled() -> bool:
	return bool(cint(frappe.db.get_single_value("Neiqin Settings", "notify_reviewers")))


def notify_awaiting_reviewers(status) -> list[str]:
	"""Notify every eligible reviewer of the open, unsatisfied rules once per readiness (a
	content change or an earlier rule being met makes the document await them anew).
	Returns the users notified."""
	if not reviewers_enabled() or status.doc.docstatus != 0 or not status.governed:
		return []
	notified = []
	for rule in status.rules:
		state = status.state_by_rule[rule.name]
		if state.satisfied or state.rejecters or not state.is_open:
			continue
		users = [u for u in status.pending_reviewers(rule) if u not in notified]
		users = not_yet_told(status.doc, users, status.awaiting_since(rule))
		if not users:
			continue
		send(
			users,
			status.doc,
			_("{0} {1} awaits your review ({2})").format(
				_(status.doc.doctype), frappe.bold(status.doc.name), escape_html(_(rule.title))
			),
		)
		notified += users
	if notified:  # channels: the groups hear it too (neiqin.channels)
		frappe.get_attr("neiqin.channels.publish.publish")("Awaiting Review", status.doc, next_users=notified)
	return notified


def notify_owner_rejected(doc, reviewer: str, reason: str) -> None:
	send(
		[doc.owner],
		doc,
		_("{0} rejected {1} {2}: {3}").format(
			frappe.bold(escape_html(get_fullname(reviewer))),
			_(doc.doctype),
			frappe.bold(doc.name),
			escape_html(reason),
		),
	)
	frappe.get_attr("neiqin.channels.publish.publish")(
		"Rejected", doc, reviewer=reviewer, reason=reason, next_users=[doc.owner]
	)


def notify_owner_ready(doc) -> None:
	send(
		[doc.owner],
		doc,
		_("{0} {1} has all its approvals and can be submitted").format(_(doc.doctype), frappe.bold(doc.name)),
	)
	frappe.get_attr("neiqin.channels.publish.publish")("Ready to Submit", doc, next_users=[doc.owner])


def not_yet_told(doc, users: list[str], since) -> list[str]:
	if not users:
		return []
	filters = {"document_type": doc.doctype, "document_name": doc.name, "for_user": ("in", users)}
	if since:
		filters["creation"] = (">=", since)
	told = set(frappe.get_all("Notification Log", filters=filters, pluck="for_user"))
	return [user for user in users if user not in told]


def send(users: list[str], doc, subject: str) -> None:
	users = [user for user in users if user and user not in ("Guest", frappe.session.user)]
	if not users:
		return
	make_notification_logs(
		frappe._dict(
			subject=subject,
			type="Alert",
			document_type=doc.doctype,
			document_name=doc.name,
			from_user=frappe.session.user,
		),
		users,
	)
