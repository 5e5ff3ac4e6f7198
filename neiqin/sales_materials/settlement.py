"""Courier fee settlement (快递费用结算 … 月底结算): the dispatches of each courier with their
shipping cost, and the Purchase Invoice draft that settles them.

A log is invoiced while a submitted Purchase Invoice line points at it (custom field
`sales_material_log` of Purchase Invoice Item) and drafted while only a draft does — a
drafted log is not invoiced yet, but is not drafted a second time. Nothing is stored that
could go stale when an invoice is deleted or cancelled.
"""

import datetime

import frappe
from frappe import _
from frappe.query_builder.functions import Coalesce
from frappe.utils import flt, nowdate

from neiqin.escaping import bold
from neiqin.sales_materials.refusals import CourierSettlementError

DOCTYPE = "Sales Material Log"


def courier_logs(
	company: str,
	from_date: datetime.date,
	to_date: datetime.date,
	courier: str | None = None,
) -> list[dict]:
	"""Dispatched (submitted) logs with a courier in the period, one row per covering draft or
	submitted Purchase Invoice line (purchase_invoice empty when none covers it, with the
	line's invoice_docstatus). One query."""
	log = frappe.qb.DocType(DOCTYPE)
	line = frappe.qb.DocType("Purchase Invoice Item")
	query = (
		frappe.qb.from_(log)
		.left_join(line)
		.on((line.sales_material_log == log.name) & (line.docstatus < 2))
		.select(
			log.name,
			log.kind,
			log.courier,
			log.dispatch_date,
			log.tracking_number,
			log.party_name,
			Coalesce(log.shipping_cost, 0).as_("shipping_cost"),
			line.parent.as_("purchase_invoice"),
			line.docstatus.as_("invoice_docstatus"),
		)
		.where(
			(log.docstatus == 1)
			& (log.company == company)
			& (log.dispatch_date[from_date:to_date])
			& log.courier.isnotnull()
			& (log.courier != "")
		)
		.orderby(log.courier)
		.orderby(log.dispatch_date)
		.orderby(log.name)
	)
	if courier:
		query = query.where(log.courier == courier)
	return query.run(as_dict=True)


def make_courier_invoice(company: str, courier: str, from_date: datetime.date, to_date: datetime.date) -> str:
	item, account = courier_settings(company)
	if not frappe.db.exists("Supplier", courier):
		frappe.throw(_("Courier {0} is not a supplier.").format(bold(courier)), CourierSettlementError)
	logs = [
		log
		for log in courier_logs(company, from_date, to_date, courier)
		if not log.purchase_invoice and flt(log.shipping_cost) > 0
	]
	if not logs:
		frappe.throw(
			_("No shipping costs of courier {0} between {1} and {2} are waiting to be settled.").format(
				bold(courier), bold(from_date), bold(to_date)
			),
			CourierSettlementError,
		)
	invoice = frappe.new_doc("Purchase Invoice")
	invoice.company = company
	invoice.supplier = courier
	invoice.posting_date = nowdate()
	invoice.remarks = _("Courier fees from {0} to {1}").format(from_date, to_date)
	for log in logs:
		invoice.append(
			"items",
			{
				"item_code": item,
				"qty": 1,
				"rate": flt(log.shipping_cost),
				"expense_account": account,
				"description": _("{0}: tracking number {1}, dispatched on {2} to {3}").format(
					log.name, log.tracking_number or "-", log.dispatch_date, log.party_name or "-"
				),
				"sales_material_log": log.name,
			},
		)
	invoice.set_missing_values()
	for row in invoice.items:  # ERPNext's defaults must not replace the settlement's values
		row.expense_account = account
	invoice.insert()
	return invoice.name


def courier_settings(company: str) -> tuple[str, str]:
	item = frappe.db.get_single_value("Neiqin Settings", "courier_service_item")
	account = frappe.db.get_single_value("Neiqin Settings", "courier_expense_account")
	missing = [
		label
		for label, value in ((_("Courier Service Item"), item), (_("Courier Expense Account"), account))
		if not value
	]
	if missing:
		frappe.throw(
			_("Set {0} in {1} before drafting a courier invoice.").format(
				", ".join(bold(label) for label in missing), settings_link()
			),
			CourierSettlementError,
		)
	account_company = frappe.db.get_value("Account", account, "company")
	if account_company != company:
		frappe.throw(
			_("The Courier Expense Account {0} belongs to {1}, not to {2}: change it in {3}.").format(
				bold(account), bold(account_company), bold(company), settings_link()
			),
			CourierSettlementError,
		)
	return item, account


def settings_link() -> str:
	"""Neiqin Settings as a link to its form, for refusals that send the user there."""
	href = frappe.utils.get_url_to_form("Neiqin Settings", "Neiqin Settings")
	return f'<a href="{href}">' + _("Neiqin Settings") + "</a>"
