"""Actions on a dispatched (submitted) Sales Material Log, and the courier-fee settlement.

Every action needs the permission to dispatch (submit) logs — Sales Admin, Sales Manager —
and goes through the log's controller, which checks the status rules again on save.
"""

import datetime
import json

import frappe
from frappe import _
from frappe.utils import flt, getdate, nowdate

from neiqin.escaping import existing_doc
from neiqin.sales_materials import rules, settlement, stock
from neiqin.sales_materials.refusals import MaterialReturnError, MaterialStatusError, throw_problems

DOCTYPE = "Sales Material Log"


@frappe.whitelist(methods=["POST"])
def mark_delivered(name: str, delivered_on: str | datetime.date | None = None) -> dict:
	"""The courier reports the log delivered (查件: 已签收)."""
	doc = get_log(name, rules.DELIVER)
	doc.delivered_on = checked_date(doc, delivered_on)
	return save_action(doc, rules.DELIVER)


@frappe.whitelist(methods=["POST"])
def confirm_receipt(
	name: str, confirmed_on: str | datetime.date | None = None, received_by: str | None = None
) -> dict:
	"""The recipient confirmed receipt (查收、核实); implies delivery."""
	doc = get_log(name, rules.CONFIRM)
	doc.confirmed_on = checked_date(doc, confirmed_on)
	doc.confirmed_by = frappe.session.user
	doc.received_by = (received_by or "").strip() or None
	doc.delivered_on = doc.delivered_on or doc.confirmed_on
	return save_action(doc, rules.CONFIRM)


@frappe.whitelist(methods=["POST"])
def record_return(
	name: str, items: str | list | dict, returned_on: str | datetime.date | None = None
) -> dict:
	"""Quantities that came back (samples): `items` is a list of {row (name or number) or
	item_code, qty}, or {row: qty}. Stocked lines go back into their warehouse."""
	doc = get_log(name, rules.RETURN)
	returned_on = checked_date(doc, returned_on)
	requested, problems = rules.match_return_lines(
		[row.as_dict() for row in doc.items], parse_return_items(items)
	)
	sent = {row.name: (flt(row.qty), flt(row.returned_qty)) for row in doc.items}
	row_numbers = {row.name: row.idx for row in doc.items}
	throw_problems(
		[
			rules.Problem(p.code, (row_numbers.get(p.args[0], p.args[0]), *p.args[1:])) if p.args else p
			for p in problems + rules.return_problems(sent, requested)
		]
	)
	for row in doc.items:
		if row.name in requested:
			row.returned_qty = flt(row.returned_qty) + requested[row.name]
	doc.returned_on = returned_on
	result = save_action(doc, rules.RETURN)
	stock.post_return(doc, requested, returned_on)
	return result


@frappe.whitelist(methods=["POST"])
def mark_lost(name: str, reason: str, lost_on: str | datetime.date | None = None) -> dict:
	"""The shipment is lost in transit."""
	doc = get_log(name, rules.LOSE)
	if not (reason or "").strip():
		frappe.throw(_("Say why the shipment is considered lost."), MaterialStatusError)
	doc.lost_on = checked_date(doc, lost_on)
	doc.lost_reason = reason.strip()
	return save_action(doc, rules.LOSE)


@frappe.whitelist(methods=["POST"])
def make_courier_invoice(
	company: str, courier: str, from_date: str | datetime.date, to_date: str | datetime.date
) -> str:
	"""Draft a Purchase Invoice to `courier` for the shipping costs of its dispatches in the
	period that no Purchase Invoice covers yet (快递费用结算). Returns its name."""
	frappe.has_permission("Purchase Invoice", "create", throw=True)
	frappe.has_permission(DOCTYPE, "read", throw=True)
	return settlement.make_courier_invoice(company, courier, getdate(from_date), getdate(to_date))


# ---------------------------------------------------------------------- helpers


def get_log(name: str, action: str):
	doc = existing_doc(DOCTYPE, name)
	doc.check_permission("submit")
	problem = rules.action_problem(doc.status, action)
	throw_problems([problem] if problem else [])
	return doc


def checked_date(doc, value: str | datetime.date | None) -> datetime.date:
	date = getdate(value or nowdate())
	throw_problems(
		rules.record_date_problems(
			date, getdate(doc.dispatch_date) if doc.dispatch_date else None, getdate(nowdate())
		)
	)
	return date


def save_action(doc, action: str) -> dict:
	doc.flags.material_action = action
	doc.save()
	return {"name": doc.name, "status": doc.status}


def parse_return_items(items: str | list | dict) -> list[dict]:
	if isinstance(items, str):
		try:
			items = json.loads(items or "[]")
		except ValueError:
			items = None
	if isinstance(items, dict):
		items = [{"row": key, "qty": qty} for key, qty in items.items()]
	if not isinstance(items, list) or not all(isinstance(entry, dict) for entry in items):
		frappe.throw(
			_("Returned items must be a list of lines with their quantities."),
			MaterialReturnError,
		)
	return items
