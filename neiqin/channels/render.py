"""Texts of channel messages, rendered in the site's language (not the acting user's: the
group reads one language)."""

from __future__ import annotations

from contextlib import contextmanager

import frappe
from frappe import _
from frappe.utils import fmt_money, format_date, get_fullname, get_url_to_form

from neiqin.channels import events
from neiqin.channels.message import Message


def site_language() -> str:
	return frappe.db.get_default("lang") or frappe.db.get_single_value("System Settings", "language") or "en"


@contextmanager
def in_site_language():
	previous = getattr(frappe.local, "lang", None)
	frappe.local.lang = site_language()
	try:
		yield
	finally:
		frappe.local.lang = previous


def render(event: str, doc, facts: dict) -> Message:
	with in_site_language():
		return Message(
			title=title(event, doc, facts),
			facts=document_facts(doc, facts) + EVENT_FACTS.get(event, no_facts)(doc, facts),
			text=facts.get("text") or "",
			url=get_url_to_form(doc.doctype, doc.name),
			url_label=_("Open {0} {1}").format(_(doc.doctype), doc.name),
		)


def title(event: str, doc, facts: dict) -> str:
	doctype, name = _(doc.doctype), doc.name
	if event == events.AWAITING_REVIEW:
		return _("{0} {1} awaits review").format(doctype, name)
	if event == events.REJECTED:
		return _("{0} {1} was rejected").format(doctype, name)
	if event == events.READY_TO_SUBMIT:
		return _("{0} {1} has all its approvals and can be submitted").format(doctype, name)
	if event == events.CONTRACT_DELIVERY_REMINDER:
		return _("Contract {0}: delivery due on {1}").format(name, format_date(facts.get("delivery_date")))
	if event == events.CONTRACT_OVERDUE:
		return _("Contract {0}: delivery was due on {1} and is not complete").format(
			name, format_date(facts.get("delivery_date"))
		)
	if event == events.MATERIAL_OVERDUE:
		return _("{0} {1} is not confirmed {2} days after dispatch").format(
			_(doc.get("kind") or doc.doctype), name, facts.get("days")
		)
	if event == events.QUALIFICATION_EXPIRING:
		return _("{0} {1} expires on {2}").format(doctype, name, format_date(facts.get("expiry_date")))
	if event == events.BILL_MATURING:
		return _("{0} {1} matures on {2}").format(doctype, name, format_date(facts.get("maturity_date")))
	if event == events.PROMISE_BROKEN:
		return _("{0}: the promise to pay by {1} is broken").format(
			doc.get("customer_name") or doc.get("customer"), format_date(doc.get("promised_date"))
		)
	if event == events.FOLLOW_UP_DUE:
		return _("{0}: follow up today").format(doc.get("customer_name") or doc.get("customer"))
	if event == events.WEEKLY_SUMMARY_ROLL_UP:
		return _("Weekly summaries of the week starting {0}").format(format_date(facts.get("week_start")))
	if event == events.INSTRUMENT_HANDED_OVER:
		return _("{0} {1} was handed over to {2} to sign for").format(
			doctype, name, get_fullname(facts.get("handed_over_to"))
		)
	return f"{doctype} {name}"


def document_facts(doc, facts: dict) -> list[tuple[str, str]]:
	rows = [(_("Document", context="neiqin"), f"{_(doc.doctype)} {doc.name}")]
	customer = facts.get("customer") or customer_of(doc)
	if customer:
		rows.append((_("Customer"), customer))
	amount, currency = amount_of(doc, facts)
	if amount:
		rows.append((_("Amount"), fmt_money(amount, currency=currency)))
	next_users = [user for user in facts.get("next_users") or [] if user]
	if next_users:
		rows.append((_("Next Action By"), ", ".join(get_fullname(user) for user in next_users)))
	return rows


def customer_of(doc) -> str | None:
	return doc.get("customer_name") or doc.get("customer") or doc.get("party_name") or doc.get("party")


def amount_of(doc, facts: dict) -> tuple[float, str | None]:
	amount = facts.get("amount")
	if amount is None:
		amount = doc.get("rounded_total") or doc.get("grand_total") or doc.get("invoice_amount") or 0
	currency = facts.get("currency") or doc.get("currency") or doc.get("invoice_currency")
	if not currency and doc.get("company"):
		currency = frappe.get_cached_value("Company", doc.company, "default_currency")
	return amount, currency


def no_facts(doc, facts: dict) -> list:
	return []


def rejected_facts(doc, facts: dict) -> list:
	rows = []
	if facts.get("reviewer"):
		rows.append((_("Rejected By"), get_fullname(facts["reviewer"])))
	if facts.get("reason"):
		rows.append((_("Reason"), facts["reason"]))
	return rows


def delivery_facts(doc, facts: dict) -> list:
	rows = []
	for line in facts.get("lines") or []:
		rows.append(
			(
				line.get("item_name") or line.get("item_code"),
				_("{0} {1} to deliver by {2}").format(
					frappe.format(line.get("pending_qty"), "Float"),
					line.get("uom") or "",
					format_date(line.get("delivery_date")),
				),
			)
		)
	return rows


def material_facts(doc, facts: dict) -> list:
	return [
		(_("Dispatch Date"), format_date(doc.get("dispatch_date"))),
		(_("Courier Company"), doc.get("courier") or "-"),
		(_("Tracking Number"), doc.get("tracking_number") or "-"),
	]


EVENT_FACTS = {
	events.REJECTED: rejected_facts,
	events.CONTRACT_DELIVERY_REMINDER: delivery_facts,
	events.CONTRACT_OVERDUE: delivery_facts,
	events.MATERIAL_OVERDUE: material_facts,
}


def test_message(channel) -> Message:
	with in_site_language():
		return Message(
			title=_("Test message from ERPNext"),
			facts=[(_("Notification Channel"), channel.name), (_("Site"), frappe.utils.get_url())],
			text=_("If you read this, the channel works."),
			url=get_url_to_form(channel.doctype, channel.name),
			url_label=_("Open {0} {1}").format(_(channel.doctype), channel.name),
		)
