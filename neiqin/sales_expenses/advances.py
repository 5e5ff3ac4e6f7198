"""Employee advances (借款 / 备用金, 月底结算): what each approved request's advance still holds
(paid, less what claims settled), how old it is, and the daily reminder of those overdue after
Neiqin Settings › Advance Settle Days."""

from __future__ import annotations

import datetime

import frappe
from frappe import _
from frappe.desk.doctype.notification_log.notification_log import enqueue_create_notification
from frappe.query_builder.functions import Min
from frappe.translate import get_user_lang
from frappe.utils import date_diff, flt, fmt_money, getdate, nowdate

from neiqin.escaping import bold
from neiqin.sales_expenses import rules, settings

REQUEST = "Sales Expense Request"


def open_advances(company: str | None = None, as_of=None, query_hook=None) -> list[frappe._dict]:
	"""Submitted requests whose advance is not settled yet: request, employee, amount paid,
	settled, outstanding, paid on, days (one statement; `query_hook(query, request)` may
	restrict it, e.g. to the user's User Permissions)."""
	as_of = getdate(as_of or nowdate())
	request, pe = frappe.qb.DocType(REQUEST), frappe.qb.DocType("Payment Entry")
	paid_on = (
		frappe.qb.from_(pe)
		.select(pe.sales_expense_request, Min(pe.posting_date).as_("paid_on"))
		.where((pe.docstatus == 1) & pe.sales_expense_request.isnotnull())
		.groupby(pe.sales_expense_request)
	).as_("paid")
	query = (
		frappe.qb.from_(request)
		.join(paid_on)
		.on(paid_on.sales_expense_request == request.name)
		.select(
			request.name,
			request.company,
			request.employee,
			request.employee_name,
			request.employee_user,
			request.requested_by,
			request.territory,
			request.sales_person,
			request.purpose,
			request.advance_paid,
			request.advance_settled,
			paid_on.paid_on,
		)
		.where(
			(request.docstatus == 1)
			& (request.advance_paid > request.advance_settled + rules.CENT)
			& (paid_on.paid_on <= as_of)
		)
		.orderby(paid_on.paid_on)
		.orderby(request.name)
	)
	if company:
		query = query.where(request.company == company)
	if query_hook:
		query = query_hook(query, request)
	rows = query.run(as_dict=True)
	settle_days = settings.advance_settle_days()
	for row in rows:
		row.outstanding = flt(flt(row.advance_paid) - flt(row.advance_settled), 2)
		row.days = date_diff(as_of, row.paid_on)
		row.overdue = row.days > settle_days
	return rows


def send_overdue_reminders(today: datetime.date | str | None = None) -> int:
	"""Daily job: the employee (his user) and who asked are reminded of each advance overdue."""
	rows = [row for row in open_advances(as_of=today) if row.overdue]
	for row in rows:
		for user in sorted({row.employee_user, row.requested_by} - {None, ""}):
			remind(row, user)
	return len(rows)


def remind(row, user: str) -> None:
	lang = get_user_lang(user)
	currency = frappe.get_cached_value("Company", row.company, "default_currency")
	subject = _("Advance overdue: {0} of {1} has {2} not settled for {3} days", lang=lang).format(
		bold(row.name),
		bold(row.employee_name or row.employee),
		bold(fmt_money(row.outstanding, currency=currency)),
		row.days,
	)
	enqueue_create_notification(
		[user],
		{
			"type": "Alert",
			"document_type": REQUEST,
			"document_name": row.name,
			"subject": subject,
			"email_content": _("Claim the expenses or return the advance.", lang=lang),
		},
	)
