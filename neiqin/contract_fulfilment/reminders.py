"""根据合同交货期提前十日通知采购部: the daily delivery reminder.

Every day, each contract line (Sales Order Item of a submitted, open order) that is due
within `delivery_reminder_days` (Neiqin Settings, default 10) and not fully delivered is
announced to the users of `delivery_reminder_roles` (default Purchase User, Stock User) and
to the order's owner, through Frappe's Notification Log. A `Contract Delivery Reminder Log`
row remembers each (line, delivery date) reminded: a line is reminded once per due date,
and again only when its delivery date changes.

Lines are read from ERPNext's own order lines (`delivered_qty` there is net of returns),
so the reminder does not depend on the fulfilment table being current.
"""

from __future__ import annotations

from datetime import date

import frappe
from frappe import _
from frappe.desk.doctype.notification_log.notification_log import enqueue_create_notification
from frappe.query_builder.functions import Coalesce
from frappe.utils import add_days, cint, flt, format_date, getdate, now_datetime, nowdate
from pypika.terms import ExistsCriterion

from neiqin.escaping import bold, text

DEFAULT_DAYS = 10
DEFAULT_ROLES = ("Purchase User", "Stock User")
INACTIVE_ORDER_STATUSES = ("Closed", "On Hold", "Completed")
LOG = "Contract Delivery Reminder Log"


def parse_roles(text: str | None) -> list[str]:
	"""One role per line (blank lines and surrounding spaces ignored, duplicates dropped)."""
	roles: list[str] = []
	for line in (text or "").splitlines():
		role = line.strip()
		if role and role not in roles:
			roles.append(role)
	return roles


def reminder_settings() -> tuple[int, list[str]]:
	days = frappe.db.get_single_value("Neiqin Settings", "delivery_reminder_days")
	roles = frappe.db.get_single_value("Neiqin Settings", "delivery_reminder_roles")
	days = DEFAULT_DAYS if days is None else max(cint(days), 0)
	roles = parse_roles(roles) if roles is not None else list(DEFAULT_ROLES)
	return days, roles


def send_delivery_reminders(today: date | str | None = None) -> int:
	"""Scheduler entry point (daily). Returns how many contract lines were reminded."""
	today = getdate(today or nowdate())
	days, roles = reminder_settings()
	lines = lines_to_remind(today, days)
	if not lines:
		return 0
	role_users = users_with_roles(roles)
	owner_emails = user_emails({line.owner for line in lines})
	for line in lines:
		recipients = sorted(
			set(role_users) | ({owner_emails[line.owner]} if line.owner in owner_emails else set())
		)
		if recipients:
			notify(line, recipients, today)
		remember(line, recipients)
	return len(lines)


def lines_to_remind(today: date, days: int) -> list[dict]:
	"""Open order lines due in [today, today + days], not fully delivered, not yet reminded for that date."""
	so = frappe.qb.DocType("Sales Order")
	soi = frappe.qb.DocType("Sales Order Item")
	log = frappe.qb.DocType(LOG)
	already_reminded = ExistsCriterion(
		frappe.qb.from_(log)
		.select(log.name)
		.where(log.sales_order_item == soi.name)
		.where(log.delivery_date == soi.delivery_date)
	)
	return (
		frappe.qb.from_(soi)
		.inner_join(so)
		.on((soi.parent == so.name) & (soi.parenttype == "Sales Order"))
		.select(
			so.name.as_("sales_order"),
			so.customer,
			so.customer_name,
			so.owner,
			soi.name.as_("sales_order_item"),
			soi.item_code,
			soi.item_name,
			soi.uom,
			soi.qty,
			Coalesce(soi.delivered_qty, 0).as_("delivered_qty"),
			soi.delivery_date,
		)
		.where(so.docstatus == 1)
		.where(so.status.notin(INACTIVE_ORDER_STATUSES))
		.where(Coalesce(soi.delivered_qty, 0) < soi.qty)
		.where(soi.delivery_date.between(today, getdate(add_days(today, days))))
		.where(already_reminded.negate())
		.orderby(soi.delivery_date)
		.orderby(so.name)
		.orderby(soi.idx)
		.run(as_dict=True)
	)


def users_with_roles(roles: list[str]) -> list[str]:
	"""Emails of the enabled desk users holding any of `roles`."""
	if not roles:
		return []
	user = frappe.qb.DocType("User")
	has_role = frappe.qb.DocType("Has Role")
	return (
		frappe.qb.from_(user)
		.inner_join(has_role)
		.on((has_role.parent == user.name) & (has_role.parenttype == "User"))
		.select(user.email)
		.distinct()
		.where(has_role.role.isin(roles))
		.where(user.enabled == 1)
		.where(user.user_type == "System User")
		.where(user.name.notin(("Guest",)))
		.run(pluck=True)
	)


def user_emails(users: set[str]) -> dict[str, str]:
	"""{user: email} of the enabled users among `users`."""
	if not users:
		return {}
	rows = frappe.get_all(
		"User", filters={"name": ("in", list(users)), "enabled": 1}, fields=["name", "email"]
	)
	return {row.name: row.email for row in rows if row.email}


def notify(line: dict, recipients: list[str], today: date) -> None:
	pending = flt(line.qty) - flt(line.delivered_qty)
	days_left = (getdate(line.delivery_date) - today).days
	subject = _("Contract {0} ({1}): {2} {3} of {4} to deliver by {5}, in {6} days").format(
		bold(line.sales_order),
		text(line.customer_name or line.customer),
		frappe.format(pending, "Float"),
		text(line.uom or ""),
		bold(line.item_name or line.item_code),
		format_date(line.delivery_date),
		days_left,
	)
	enqueue_create_notification(
		recipients,
		{
			"type": "Alert",
			"document_type": "Sales Order",
			"document_name": line.sales_order,
			"subject": subject,
			"email_content": _(
				"Please make sure the goods are purchased or in stock in time for this contract's delivery date."
			),
		},
	)
	frappe.get_attr("neiqin.channels.publish.publish")(
		"Contract Delivery Reminder",
		("Sales Order", line.sales_order),
		delivery_date=line.delivery_date,
		lines=[{**line, "pending_qty": pending}],
		next_users=recipients,
	)


def remember(line: dict, recipients: list[str]) -> None:
	frappe.get_doc(
		{
			"doctype": LOG,
			"sales_order": line.sales_order,
			"sales_order_item": line.sales_order_item,
			"item_code": line.item_code,
			"delivery_date": line.delivery_date,
			"reminded_on": now_datetime(),
			"recipients": "\n".join(recipients),
		}
	).insert(ignore_permissions=True)
