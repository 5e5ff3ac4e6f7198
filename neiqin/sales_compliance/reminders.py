"""Daily reminder of customer qualifications about to expire (资质到期提醒).

Each qualification whose `valid_to` falls within its type's `warn_days` is announced once per
expiry date (a `Qualification Reminder Log` row remembers it; a renewed date is announced
again) to the Sales Admin users and the customer's account manager, through Frappe's
Notification Log (bell, and e-mail as each user's notification settings say).
`notify_expiring` is the one place that decides who is told what.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date

import frappe
from frappe import _
from frappe.desk.doctype.notification_log.notification_log import enqueue_create_notification
from frappe.utils import format_date, getdate, now_datetime, nowdate

from neiqin.contract_fulfilment.reminders import user_emails, users_with_roles
from neiqin.escaping import bold
from neiqin.sales_compliance import qualification_rules as rules

LOG = "Qualification Reminder Log"
ROLE = "Sales Admin"


def send_expiry_reminders(today: date | str | None = None) -> int:
	"""Scheduler entry point (daily). Returns how many qualifications were announced."""
	today = getdate(today or nowdate())
	due = expiring(today)
	if not due:
		return 0
	admins = users_with_roles([ROLE])
	managers = user_emails({row.account_manager for row in due if row.account_manager})
	for row in due:
		users = sorted(
			set(admins) | ({managers[row.account_manager]} if row.account_manager in managers else set())
		)
		notify_expiring(row, users, today)
		remember(row, users)
	return len(due)


def expiring(today: date) -> list[frappe._dict]:
	"""Qualifications still valid today that expire within their type's warn days, not yet announced."""
	qualification = frappe.qb.DocType("Customer Qualification")
	qtype = frappe.qb.DocType("Qualification Type")
	customer = frappe.qb.DocType("Customer")
	rows = (
		frappe.qb.from_(qualification)
		.join(qtype)
		.on(qtype.name == qualification.qualification_type)
		.join(customer)
		.on(customer.name == qualification.customer)
		.select(
			qualification.name,
			qualification.customer,
			customer.customer_name,
			customer.account_manager,
			qualification.qualification_type,
			qualification.number,
			qualification.valid_to,
			qtype.warn_days,
		)
		.where(qualification.valid_to >= today)
		.orderby(qualification.valid_to)
	).run(as_dict=True)
	due = [row for row in rows if rules.due_for_reminder(getdate(row.valid_to), today, row.warn_days)]
	if not due:
		return []
	sent = {
		(row.customer_qualification, str(row.valid_to))
		for row in frappe.get_all(
			LOG,
			filters={"customer_qualification": ("in", [row.name for row in due])},
			fields=["customer_qualification", "valid_to"],
		)
	}
	return [row for row in due if (row.name, str(row.valid_to)) not in sent]


def notify_expiring(qualification: dict, users: list[str], today: date | None = None) -> None:
	"""Tell `users` (emails) that this qualification expires soon: one Notification Log each
	(frappe sends the e-mail), written in each reader's language."""
	frappe.get_attr("neiqin.channels.publish.publish")(  # channels: the groups hear it too
		"Qualification Expiring",
		("Customer Qualification", qualification["name"]),
		expiry_date=qualification["valid_to"],
		next_users=users,
	)
	if not users:
		return
	today = getdate(today or nowdate())
	for lang, readers in by_language(users).items():
		with language(lang):
			enqueue_create_notification(readers, expiry_notice(qualification, today))


def expiry_notice(qualification: dict, today: date) -> dict:
	days_left = (getdate(qualification["valid_to"]) - today).days
	return {
		"type": "Alert",
		"document_type": "Customer Qualification",
		"document_name": qualification["name"],
		"subject": _("{0} of {1} expires on {2}, in {3} days").format(
			bold(_(qualification["qualification_type"])),
			bold(qualification.get("customer_name") or qualification["customer"]),
			format_date(qualification["valid_to"]),
			days_left,
		),
		"email_content": _("Please obtain the renewed document from the customer and update its record."),
	}


def by_language(users: list[str]) -> dict[str, list[str]]:
	default = frappe.db.get_default("lang") or "en"
	languages = dict(
		frappe.get_all("User", filters={"email": ("in", users)}, fields=["email", "language"], as_list=True)
	)
	grouped: dict[str, list[str]] = {}
	for user in users:
		grouped.setdefault(languages.get(user) or default, []).append(user)
	return grouped


@contextmanager
def language(lang: str):
	previous = frappe.local.lang
	frappe.local.lang = lang
	try:
		yield
	finally:
		frappe.local.lang = previous


def remember(row: dict, users: list[str]) -> None:
	frappe.get_doc(
		{
			"doctype": LOG,
			"customer_qualification": row["name"],
			"customer": row["customer"],
			"qualification_type": row["qualification_type"],
			"valid_to": row["valid_to"],
			"reminded_on": now_datetime(),
			"recipients": "\n".join(users),
		}
	).insert(ignore_permissions=True)


def refresh_statuses() -> None:
	"""Daily: stored statuses of qualifications and approvals follow the calendar."""
	from neiqin.sales_compliance.doctype.customer_qualification.customer_qualification import (
		refresh_statuses as refresh_qualifications,
	)
	from neiqin.sales_compliance.promotions import refresh_statuses as refresh_approvals

	refresh_qualifications()
	refresh_approvals()
