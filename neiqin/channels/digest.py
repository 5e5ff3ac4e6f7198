"""Daily channel jobs: contracts that fell overdue yesterday, and the daily digest."""

from __future__ import annotations

from datetime import date

import frappe
from frappe import _
from frappe.utils import add_days, flt, format_date, getdate, nowdate

from neiqin.channels import events, publish, render
from neiqin.channels.message import Message

DIGEST_LIMIT = 10  # lines listed per section (the count is always complete)
OPEN_FULFILMENT = ("Not Started", "Partly Delivered")


def announce_overdue_contracts(today: date | str | None = None) -> list[str]:
	"""Daily: one Contract Overdue message per order with lines due yesterday and not fully
	delivered. Returns the orders announced."""
	yesterday = getdate(add_days(getdate(today or nowdate()), -1))
	by_order: dict[str, list] = {}
	for line in overdue_lines(yesterday):
		by_order.setdefault(line.sales_order, []).append(line)
	for sales_order, lines in by_order.items():
		publish.publish(
			events.CONTRACT_OVERDUE,
			("Sales Order", sales_order),
			delivery_date=yesterday,
			lines=[
				{**line, "pending_qty": flt(line.qty) - flt(line.delivered_qty) + flt(line.returned_qty)}
				for line in lines
			],
		)
	return list(by_order)


def overdue_lines(due_on: date) -> list[frappe._dict]:
	cf = frappe.qb.DocType("Contract Fulfilment")
	cfi = frappe.qb.DocType("Contract Fulfilment Item")
	return (
		frappe.qb.from_(cfi)
		.inner_join(cf)
		.on((cfi.parent == cf.name) & (cfi.parenttype == "Contract Fulfilment"))
		.select(
			cf.sales_order,
			cf.customer_name,
			cfi.item_code,
			cfi.item_name,
			cfi.uom,
			cfi.qty,
			cfi.delivered_qty,
			cfi.returned_qty,
			cfi.delivery_date,
		)
		.where(cfi.delivery_date == due_on)
		.where(cfi.status.notin(("Delivered", "Closed")))
		.where(cf.fulfilment_status.isin(OPEN_FULFILMENT))
		.orderby(cf.sales_order)
		.orderby(cfi.idx)
		.run(as_dict=True)
	)


# ---------------------------------------------------------------------- daily digest

# Sections of the digest, in order: (label, dotted path of `rows(today, company) -> list[str]`).
# Other capabilities add theirs here (qualifications: compliance; bills: registers).
DIGEST_SECTIONS: list[tuple[str, str]] = [
	("Overdue Deliveries", "neiqin.channels.digest.overdue_delivery_rows"),
	("Overdue Materials", "neiqin.channels.digest.overdue_material_rows"),
	("Expiring Qualifications", "neiqin.channels.digest.expiring_qualification_rows"),
	("Maturing Bills", "neiqin.channels.digest.maturing_bill_rows"),
]


def send_daily_digest(today: date | str | None = None) -> list[str]:
	"""Daily: one digest message per enabled channel with Daily Digest on. Returns the
	Channel Messages written."""
	today = getdate(today or nowdate())
	channels = frappe.get_all(
		publish.CHANNEL,
		filters={"enabled": 1, "daily_digest": 1},
		fields=["name", "company"],
		order_by="name",
	)
	written = []
	for channel in channels:
		message = digest_message(today, channel.for_company)
		written.append(publish.queue(channel.name, events.DAILY_DIGEST, message, None, None))
	return written


def digest_message(today: date, company: str | None) -> Message:
	with render.in_site_language():
		facts, text = [], []
		for label, path in DIGEST_SECTIONS:
			rows = frappe.get_attr(path)(today, company)
			facts.append((_(label), str(len(rows))))
			if rows:
				text.append(f"{_(label)}:")
				text += [f"- {row}" for row in rows[:DIGEST_LIMIT]]
				if len(rows) > DIGEST_LIMIT:
					text.append(_("… and {0} more").format(len(rows) - DIGEST_LIMIT))
		return Message(
			title=_("Daily digest of {0}").format(format_date(today)),
			facts=facts,
			text="\n".join(text),
			url=frappe.utils.get_url("/app/sales-back-office"),
			url_label=_("Sales Back Office"),
		)


def overdue_delivery_rows(today: date, company: str | None) -> list[str]:
	cf = frappe.qb.DocType("Contract Fulfilment")
	cfi = frappe.qb.DocType("Contract Fulfilment Item")
	query = (
		frappe.qb.from_(cfi)
		.inner_join(cf)
		.on((cfi.parent == cf.name) & (cfi.parenttype == "Contract Fulfilment"))
		.select(cf.sales_order, cf.customer_name, cfi.item_name, cfi.item_code, cfi.delivery_date)
		.where(cfi.delivery_date < today)
		.where(cfi.status.notin(("Delivered", "Closed")))
		.where(cf.fulfilment_status.isin(OPEN_FULFILMENT))
		.orderby(cfi.delivery_date)
		.orderby(cf.sales_order)
	)
	if company:
		query = query.where(cf.company == company)
	return [
		f"{row.sales_order} · {row.customer_name} · {row.item_name or row.item_code} · {format_date(row.delivery_date)}"
		for row in query.run(as_dict=True)
	]


def overdue_material_rows(today: date, company: str | None) -> list[str]:
	filters = {"docstatus": 1, "is_overdue": 1}
	if company:
		filters["company"] = company
	rows = frappe.get_all(
		"Sales Material Log",
		filters=filters,
		fields=["name", "kind", "party_name", "dispatch_date", "tracking_number"],
		order_by="dispatch_date asc",
	)
	return [
		f"{row.name} · {_(row.kind)} · {row.party_name} · {format_date(row.dispatch_date)} · {row.tracking_number or '-'}"
		for row in rows
	]


def expiring_qualification_rows(today: date, company: str | None) -> list[str]:
	"""Customer Qualifications expiring soon — the compliance capability provides the query;
	empty until it is installed on the site."""
	return []


def maturing_bill_rows(today: date, company: str | None) -> list[str]:
	"""Receipt Instruments (bills) maturing soon — the registers capability provides the
	query; empty until it is installed on the site."""
	return []
