"""Receipt Document Tracking (收款单据跟踪报表, 每日向财务部提交): for one day, the instruments
received, handed over, still with the clerk and turned into payments, and the bills maturing
within N days; totals by instrument type."""

import frappe
from frappe import _
from frappe.query_builder import Criterion
from frappe.utils import add_days, getdate, nowdate

from neiqin.registers import instruments, rules
from neiqin.report_filters import answers_refusals, require_company, whole_number
from neiqin.user_permissions import readable, restrict

CUSTOMER = {"customer": "Customer"}

CATEGORIES = (
	"Received",
	"Handed Over",
	"With the Clerk",
	"Turned into Payment",
	"Status Changed",
	"Maturing",
)


@answers_refusals
def execute(filters=None):
	filters = frappe._dict(filters or {})
	require_company(filters)
	frappe.has_permission("Receipt Instrument", "report", throw=True)
	day = getdate(filters.get("date") or nowdate())
	days = whole_number(filters, "maturity_days", "Bills Maturing Within (Days)", 30)
	data = get_data(filters.company, day, days, filters.get("instrument_type"))
	return get_columns(), data, None, get_chart_data(data), get_report_summary(data)


def get_data(company: str, day, days: int, instrument_type: str | None = None) -> list[dict]:
	ri = frappe.qb.DocType("Receipt Instrument")
	pe = frappe.qb.DocType("Payment Entry")
	query = (
		frappe.qb.from_(ri)
		.left_join(pe)
		.on((pe.name == ri.payment_entry) & (pe.docstatus == 1))
		.select(
			ri.name,
			ri.instrument_type,
			ri.instrument_number,
			ri.drawer_bank,
			ri.customer,
			ri.customer_name,
			ri.amount,
			ri.currency,
			ri.received_on,
			ri.due_date,
			ri.handed_over_to,
			ri.handed_over_on,
			ri.signed_on,
			ri.handover_late,
			ri.status,
			ri.payment_entry,
			ri.status_reason,
			ri.status_changed_by,
			ri.status_changed_on,
			pe.posting_date.as_("payment_date"),
			pe.paid_amount,
			pe.instrument_difference_reason.as_("difference_reason"),
		)
		.where((ri.company == company) & (ri.received_on <= day))
		.where(
			Criterion.any(
				[
					ri.received_on == day,
					ri.handed_over_on.isnull(),
					ri.handed_over_on >= day,
					pe.posting_date == day,
					(ri.status_changed_on >= day) & (ri.status_changed_on < add_days(day, 1)),
				]
			)
		)
		.orderby(ri.received_on)
		.orderby(ri.name)
	)
	if instrument_type:
		query = query.where(ri.instrument_type == instrument_type)
	query = restrict(query, ri, "Receipt Instrument", through=CUSTOMER)
	rows = []
	for row in query.run(as_dict=True):
		for key in ("received_on", "handed_over_on", "payment_date", "due_date", "status_changed_on"):
			row[key] = getdate(row[key]) if row[key] else None
		row["difference"] = (
			rules.settlement_difference(row["amount"], row["paid_amount"])
			if row["paid_amount"] is not None
			else None
		)
		for category in rules.tracking_categories(row, day):
			rows.append(shape(row, category))
	bills = instruments.maturing_bills(day, days, company)
	allowed = readable("Receipt Instrument", (bill.name for bill in bills), through=CUSTOMER)
	for bill in bills:
		if bill.name in allowed and (not instrument_type or bill.instrument_type == instrument_type):
			rows.append(shape(bill, "Maturing"))
	return rows


def shape(row, category: str) -> dict:
	return {
		**row,
		"category": category,
		"category_label": _(category, context="Receipt Instrument"),
		"type_label": _(row["instrument_type"]),
		"status_label": _(row["status"], context="Receipt Instrument"),
	}


def get_columns() -> list[dict]:
	return [
		{"fieldname": "category_label", "label": _("Category"), "fieldtype": "Data", "width": 140},
		{
			"fieldname": "name",
			"label": _("Receipt Instrument"),
			"fieldtype": "Link",
			"options": "Receipt Instrument",
			"width": 130,
		},
		{"fieldname": "type_label", "label": _("Instrument Type"), "fieldtype": "Data", "width": 150},
		{
			"fieldname": "instrument_number",
			"label": _("Instrument Number"),
			"fieldtype": "Data",
			"width": 130,
		},
		{"fieldname": "drawer_bank", "label": _("Drawer Bank"), "fieldtype": "Data", "width": 130},
		{
			"fieldname": "customer",
			"label": _("Customer"),
			"fieldtype": "Link",
			"options": "Customer",
			"width": 160,
		},
		{
			"fieldname": "amount",
			"label": _("Amount"),
			"fieldtype": "Currency",
			"options": "currency",
			"width": 120,
		},
		{
			"fieldname": "currency",
			"label": _("Currency"),
			# Data, not Link to Currency: frappe refuses a report with a Link column to users
			# who cannot read the linked doctype (a Sales Manager cannot read Currency)
			"fieldtype": "Data",
			"hidden": 1,
		},
		{"fieldname": "received_on", "label": _("Receipt Date"), "fieldtype": "Date", "width": 100},
		{"fieldname": "handed_over_on", "label": _("Handed Over On"), "fieldtype": "Date", "width": 110},
		{
			"fieldname": "handed_over_to",
			"label": _("Handed Over To"),
			"fieldtype": "Link",
			"options": "User",
			"width": 140,
		},
		{"fieldname": "handover_late", "label": _("Hand-over Late"), "fieldtype": "Check", "width": 90},
		{"fieldname": "due_date", "label": _("Due Date"), "fieldtype": "Date", "width": 100},
		{
			"fieldname": "payment_entry",
			"label": _("Payment Entry"),
			"fieldtype": "Link",
			"options": "Payment Entry",
			"width": 130,
		},
		{
			"fieldname": "paid_amount",
			"label": _("Amount of the Payment"),
			"fieldtype": "Currency",
			"options": "currency",
			"width": 120,
		},
		{
			"fieldname": "difference",
			"label": _("Difference to the Instrument"),
			"fieldtype": "Currency",
			"options": "currency",
			"width": 110,
		},
		{
			"fieldname": "difference_reason",
			"label": _("Reason for the Difference"),
			"fieldtype": "Data",
			"width": 180,
		},
		{"fieldname": "status_label", "label": _("Status"), "fieldtype": "Data", "width": 100},
		{
			"fieldname": "status_reason",
			"label": _("Reason for the Status"),
			"fieldtype": "Data",
			"width": 180,
		},
		{
			"fieldname": "status_changed_by",
			"label": _("Status Changed By"),
			"fieldtype": "Link",
			"options": "User",
			"width": 140,
		},
	]


def totals(data: list[dict]) -> dict[tuple[str, str], float]:
	"""{(category, instrument type): amount} (amounts of one company's instruments)."""
	result: dict[tuple[str, str], float] = {}
	for row in data:
		key = (row["category"], row["instrument_type"])
		result[key] = result.get(key, 0) + (row["amount"] or 0)
	return result


def get_chart_data(data: list[dict]) -> dict | None:
	if not data:
		return None
	sums = totals(data)
	types = sorted({t for _c, t in sums})
	return {
		"data": {
			"labels": [_(c, context="Receipt Instrument") for c in CATEGORIES],
			"datasets": [{"name": _(t), "values": [sums.get((c, t), 0) for c in CATEGORIES]} for t in types],
		},
		"type": "bar",
	}


def get_report_summary(data: list[dict]) -> list[dict]:
	sums = totals(data)
	return [
		{
			"label": _("{0} of type {1}").format(_(category, context="Receipt Instrument"), _(kind)),
			"value": amount,
			"datatype": "Currency",
		}
		for (category, kind), amount in sorted(sums.items())
	]
