"""Customer visits and calls (定期电话拜访客户 … 作好记录): who may see which logs, the daily
reminder of visits due, and the last / next visit on the Customer form."""

from __future__ import annotations

from datetime import date

import frappe
from frappe import _
from frappe.desk.doctype.notification_log.notification_log import enqueue_create_notification
from frappe.translate import get_user_lang
from frappe.utils import format_date, getdate, nowdate

from neiqin.escaping import bold
from neiqin.registers import rules

DOCTYPE = "Customer Visit Log"
# Roles that read and write every visit log; a Sales User alone sees the logs of his own visits.
ALL_LOGS_ROLES = ("Sales Admin", "Sales Manager", "System Manager")


# ----------------------------------------------------------------------------- permissions


def sees_all(user: str | None = None) -> bool:
	user = user or frappe.session.user
	return user == "Administrator" or bool(set(ALL_LOGS_ROLES) & set(frappe.get_roles(user)))


def permission_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	"""permission_query_conditions hook: lists show a Sales User only the logs of his visits."""
	user = user or frappe.session.user
	if sees_all(user):
		return ""
	return f"`tab{DOCTYPE}`.`visited_by` = {frappe.db.escape(user)}"


def has_permission(doc, ptype: str | None = None, user: str | None = None, debug: bool = False) -> bool:
	"""has_permission hook: a log is a Sales User's when he made the visit. A new or edited
	log's visitor is checked by the log itself (`validate_visitor`, with its own refusal);
	here the stored visitor decides."""
	user = user or frappe.session.user
	if sees_all(user):
		return True
	if doc.is_new():
		return True
	return frappe.db.get_value(DOCTYPE, doc.name, "visited_by") == user


# ----------------------------------------------------------------------------- reminders


def send_visit_reminders(today: date | str | None = None) -> int:
	"""Daily job: remind each visitor of the visits that have come due (ToDo + notification),
	once per visit log. Returns the number of reminders sent."""
	today = getdate(today or nowdate())
	log = frappe.qb.DocType(DOCTYPE)
	due_customers = (
		frappe.qb.from_(log)
		.select(log.customer)
		.distinct()
		.where((log.next_visit_date <= today) & log.reminded_on.isnull())
	)
	logs = (
		frappe.qb.from_(log)
		.select(
			log.name,
			log.customer,
			log.customer_name,
			log.visited_by,
			log.visit_date,
			log.next_visit_date,
			log.reminded_on,
		)
		.where(log.customer.isin(due_customers))
	).run(as_dict=True)
	due = rules.due_visits(logs, today)
	for visit in due:
		remind(visit, today)
	return len(due)


def remind(visit: dict, today: date) -> None:
	lang = get_user_lang(visit["visited_by"])
	subject = _("Visit due: {0} (next visit {1}, last visit {2})", lang=lang).format(
		bold(visit["customer_name"] or visit["customer"]),
		format_date(visit["next_visit_date"]),
		format_date(visit["visit_date"]),
	)
	frappe.get_doc(
		{
			"doctype": "ToDo",
			"allocated_to": visit["visited_by"],
			"assigned_by": "Administrator",
			"reference_type": DOCTYPE,
			"reference_name": visit["name"],
			"description": subject,
			"date": visit["next_visit_date"],
			"priority": "Medium",
		}
	).insert(ignore_permissions=True)
	enqueue_create_notification(
		[visit["visited_by"]],
		{
			"type": "Alert",
			"document_type": DOCTYPE,
			"document_name": visit["name"],
			"subject": subject,
			"email_content": _(
				"Call or visit the customer and record what you learn in a new visit log.", lang=lang
			),
		},
	)
	frappe.db.set_value(DOCTYPE, visit["name"], "reminded_on", today, update_modified=False)


# ----------------------------------------------------------------------------- customer form


def visit_info(customer: str, today: date | None = None) -> dict:
	"""{"last_visit", "next_visit", "days_since", "overdue"} of a customer from the logs the user
	may read (empty without any)."""
	logs = frappe.get_list(
		DOCTYPE,
		filters={"customer": customer},
		fields=["name", "customer", "visit_date", "next_visit_date"],
		order_by="visit_date desc, name desc",
		limit=1,
	)
	if not logs:
		return {}
	logs[0].visit_date = getdate(logs[0].visit_date)
	logs[0].next_visit_date = getdate(logs[0].next_visit_date) if logs[0].next_visit_date else None
	(row,) = rules.visit_summary(logs, getdate(today or nowdate()))
	return {key: row[key] for key in ("last_visit", "next_visit", "days_since", "overdue")}


def customer_onload(doc, method=None):
	"""doc_events of Customer (onload): the form shows the last and next visit."""
	if frappe.has_permission(DOCTYPE, "read"):
		doc.set_onload("neiqin_visits", visit_info(doc.name))


def add_registers_to_customer_dashboard(data: dict) -> dict:
	"""override_doctype_dashboards of Customer: the registers in the customer's Connections."""
	data.setdefault("transactions", []).append(
		{
			"label": _("Registers"),
			"items": [DOCTYPE, "Receipt Instrument", "Customer Balance Confirmation"],
		}
	)
	return data
