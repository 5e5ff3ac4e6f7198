"""Daily channel jobs: contracts that fell overdue yesterday, and the daily digest."""

from __future__ import annotations

from datetime import date

import frappe
from frappe import _
from frappe.utils import add_days, flt, fmt_money, format_date, getdate, nowdate

from neiqin.channels import events, publish, render
from neiqin.channels.message import Message
from neiqin.contract_fulfilment import live

DIGEST_LIMIT = 10  # lines listed per section (the count is always complete)
DIGEST_DAYS = 30  # qualifications expiring and bills maturing within this many days
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
	live.flush()  # readers of the tables see them current (neiqin.contract_fulfilment.live)
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
		fields=["name", "for_company"],
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
	live.flush()
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
	"""Customer Qualifications (compliance) still valid that expire within DIGEST_DAYS."""
	if not frappe.db.exists("DocType", "Customer Qualification"):
		return []
	rows = frappe.get_all(
		"Customer Qualification",
		filters={"valid_to": ("between", [today, add_days(today, DIGEST_DAYS)])},
		fields=["name", "customer", "qualification_type", "valid_to"],
		order_by="valid_to asc",
	)
	names = customer_names({row.customer for row in rows})
	return [
		f"{names.get(row.customer) or row.customer} · {_(row.qualification_type)} · {format_date(row.valid_to)}"
		for row in rows
	]


def maturing_bill_rows(today: date, company: str | None) -> list[str]:
	"""Bills (registers' Receipt Instruments) still held that fall due within DIGEST_DAYS."""
	if not frappe.db.exists("DocType", "Receipt Instrument"):
		return []
	from neiqin.registers.instruments import maturing_bills

	return [
		f"{bill.instrument_number or bill.name} · {bill.customer_name or bill.customer or ''} · "
		f"{fmt_money(bill.amount, currency=bill.currency)} · {format_date(bill.due_date)}"
		for bill in maturing_bills(today, DIGEST_DAYS, company)
	]


def customer_names(customers: set[str]) -> dict[str, str]:
	if not customers:
		return {}
	rows = frappe.get_all(
		"Customer", filters={"name": ("in", list(customers))}, fields=["name", "customer_name"]
	)
	return {row.name: row.customer_name for row in rows}


# ---------------------------------------------------------------------- bills maturing

BILL_NOTICE_DAYS = (7, 1)  # a bill is announced a week and a day before it falls due


def announce_maturing_bills(today: date | str | None = None) -> list[str]:
	"""Daily: a Bill Maturing message for each bill still held that falls due in exactly one of
	BILL_NOTICE_DAYS days. Returns the bills announced."""
	if not frappe.db.exists("DocType", "Receipt Instrument"):
		return []
	from neiqin.registers.instruments import maturing_bills

	today = getdate(today or nowdate())
	announced = []
	for bill in maturing_bills(today, max(BILL_NOTICE_DAYS)):
		if bill.days_to_maturity in BILL_NOTICE_DAYS:
			publish.publish(
				events.BILL_MATURING,
				("Receipt Instrument", bill.name),
				maturity_date=bill.due_date,
				amount=bill.amount,
				currency=bill.currency,
			)
			announced.append(bill.name)
	return announced
