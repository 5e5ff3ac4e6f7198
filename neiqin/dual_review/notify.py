"""Tell people about reviews through Frappe's Notification Log (bell icon, and e-mail when the
user enabled it) — no hand-made mailer."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.desk.doctype.notification_log.notification_log import make_notification_logs
from frappe.utils import cint, escape_html, get_fullname

from neiqin.escaping import bold


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
			lambda lang, doc=status.doc, title=rule.title: _(
				"{0} {1} awaits your review ({2})", lang=lang
			).format(_(doc.doctype, lang=lang), bold(doc.name), escape_html(_(title, lang=lang))),
		)
		notified += users
	if notified:  # channels: the groups hear it too (neiqin.channels)
		frappe.get_attr("neiqin.channels.publish.publish")("Awaiting Review", status.doc, next_users=notified)
	return notified


def notify_owner_rejected(doc, reviewer: str, reason: str) -> None:
	send(
		[doc.owner],
		doc,
		lambda lang: _("{0} rejected {1} {2}: {3}", lang=lang).format(
			bold(get_fullname(reviewer)),
			_(doc.doctype, lang=lang),
			bold(doc.name),
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
		lambda lang: _("{0} {1} has all its approvals and can be submitted", lang=lang).format(
			_(doc.doctype, lang=lang), bold(doc.name)
		),
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


def send(users: list[str], doc, subject) -> None:
	"""`subject(lang)` is built once per language of the recipients: each reads the bell (and
	e-mail) in their own language."""
	users = [user for user in users if user and user not in ("Guest", frappe.session.user)]
	if not users:
		return
	default = frappe.db.get_single_value("System Settings", "language") or "en"
	languages = dict(
		frappe.get_all("User", filters={"name": ("in", users)}, fields=["name", "language"], as_list=True)
	)
	by_lang: dict[str, list[str]] = {}
	for user in users:
		by_lang.setdefault(languages.get(user) or default, []).append(user)
	for lang, readers in by_lang.items():
		make_notification_logs(
			frappe._dict(
				subject=subject(lang),
				type="Alert",
				document_type=doc.doctype,
				document_name=doc.name,
				from_user=frappe.session.user,
			),
			readers,
		)
