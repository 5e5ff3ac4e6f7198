"""Material Dispatch Register (寄出登记): every dispatch in the period with courier, tracking
number, cost and status, invoice mail-outs included."""

import frappe
from frappe import _
from frappe.query_builder.functions import Sum
from frappe.utils import flt

from neiqin import charts, people
from neiqin.report_filters import answers_refusals
from neiqin.sales_materials.report_filters import period
from neiqin.sales_materials.rules import OPEN_STATUSES
from neiqin.user_permissions import restrict

DOCTYPE = "Sales Material Log"


@answers_refusals
def execute(filters=None):
	filters, company, from_date, to_date = period(filters)
	data = get_data(filters, company, from_date, to_date)
	return get_columns(), data, None, get_chart_data(data), get_report_summary(data)


def get_columns() -> list[dict]:
	return [
		{
			"label": _("Sales Material Log"),
			"fieldname": "name",
			"fieldtype": "Link",
			"options": DOCTYPE,
			"width": 150,
		},
		{"label": _("Dispatch Date"), "fieldname": "dispatch_date", "fieldtype": "Date", "width": 100},
		{"label": _("Kind"), "fieldname": "kind", "fieldtype": "Data", "width": 110},
		{"label": _("Party Type"), "fieldname": "party_type", "fieldtype": "Data", "width": 90},
		{
			"label": _("Party"),
			"fieldname": "party",
			"fieldtype": "Dynamic Link",
			"options": "party_type",
			"width": 140,
		},
		{"label": _("Party Name"), "fieldname": "party_name", "fieldtype": "Data", "width": 160},
		{"label": _("Dispatch Method"), "fieldname": "dispatch_method", "fieldtype": "Data", "width": 110},
		{
			"label": _("Courier Company"),
			"fieldname": "courier",
			"fieldtype": "Link",
			"options": "Supplier",
			"width": 130,
		},
		{"label": _("Tracking Number"), "fieldname": "tracking_number", "fieldtype": "Data", "width": 140},
		{"label": _("Quantity"), "fieldname": "qty", "fieldtype": "Float", "width": 80},
		{"label": _("Shipping Cost"), "fieldname": "shipping_cost", "fieldtype": "Currency", "width": 100},
		{"label": _("Status"), "fieldname": "status", "fieldtype": "Data", "width": 100},
		{"label": _("Overdue"), "fieldname": "is_overdue", "fieldtype": "Check", "width": 70},
		{"label": _("Delivered On"), "fieldname": "delivered_on", "fieldtype": "Date", "width": 100},
		{"label": _("Receipt Confirmed On"), "fieldname": "confirmed_on", "fieldtype": "Date", "width": 100},
		{"label": _("Receipt Signed By"), "fieldname": "received_by", "fieldtype": "Data", "width": 100},
		people.person_column(_("Requested By"), "requested_by", 140),
		{
			"label": _("Sales Invoice"),
			"fieldname": "sales_invoice",
			"fieldtype": "Link",
			"options": "Sales Invoice",
			"width": 140,
		},
		{
			"label": _("Invoice Number", context="Sales Material Log"),
			"fieldname": "invoice_number",
			"fieldtype": "Data",
			"width": 120,
		},
		{
			"label": _("Invoice Amount"),
			"fieldname": "invoice_amount",
			"fieldtype": "Currency",
			"options": "invoice_currency",
			"width": 110,
		},
		{
			"label": _("Invoice Currency"),
			"fieldname": "invoice_currency",
			# Data, not Link to Currency: frappe refuses a report with a Link column to users
			# who cannot read the linked doctype (a Sales Manager cannot read Currency)
			"fieldtype": "Data",
			"hidden": 1,
		},
	]


def get_data(filters, company, from_date, to_date) -> list[dict]:
	"""Two queries whatever the number of logs: the logs, then their line quantities."""
	log = frappe.qb.DocType(DOCTYPE)
	query = (
		frappe.qb.from_(log)
		.select(
			log.name,
			log.dispatch_date,
			log.kind,
			log.party_type,
			log.party,
			log.party_name,
			log.dispatch_method,
			log.courier,
			log.tracking_number,
			log.shipping_cost,
			log.status,
			log.is_overdue,
			log.delivered_on,
			log.confirmed_on,
			log.received_by,
			log.requested_by,
			log.sales_invoice,
			log.invoice_number,
			log.invoice_amount,
			log.invoice_currency,
		)
		.where((log.docstatus == 1) & (log.company == company) & (log.dispatch_date[from_date:to_date]))
		.orderby(log.dispatch_date)
		.orderby(log.name)
	)
	for field in ("kind", "courier", "status", "party_type", "party"):
		if filters.get(field):
			query = query.where(log[field] == filters.get(field))
	if filters.get("overdue_only"):
		query = query.where(log.is_overdue == 1)
	query = restrict(query, log, DOCTYPE, through={"party": ("Customer", "party_type")})
	rows = query.run(as_dict=True)
	if not rows:
		return []
	item = frappe.qb.DocType("Sales Material Log Item")
	quantities = dict(
		frappe.qb.from_(item)
		.select(item.parent, Sum(item.qty))
		.where((item.parenttype == DOCTYPE) & item.parent.isin([row.name for row in rows]))
		.groupby(item.parent)
		.run()
	)
	for row in rows:
		row.qty = flt(quantities.get(row.name))
		row.shipping_cost = flt(row.shipping_cost)
	people.show_full_names(rows, ("requested_by",))
	return rows


def get_chart_data(data: list[dict]) -> dict | None:
	if not data:
		return None
	counts: dict[str, int] = {}
	for row in data:
		counts[row.kind] = counts.get(row.kind, 0) + 1
	return {
		"data": {
			"labels": [_(kind, context=DOCTYPE) for kind in counts],
			"datasets": [{"name": _("Dispatches"), "values": list(counts.values())}],
		},
		"type": "bar",
		"colors": charts.colours(["Dispatches"]),
		"neiqin_axis": charts.COUNT_AXIS,
	}


def get_report_summary(data: list[dict]) -> list[dict]:
	return [
		{"value": len(data), "label": _("Dispatches"), "datatype": "Int", "indicator": "Blue"},
		{
			"value": sum(1 for row in data if row.status in OPEN_STATUSES),
			"label": _("Awaiting Confirmation"),
			"datatype": "Int",
			"indicator": "Orange",
		},
		{
			"value": sum(1 for row in data if row.is_overdue),
			"label": _("Overdue"),
			"datatype": "Int",
			"indicator": "Red",
		},
		{
			"value": sum(flt(row.shipping_cost) for row in data),
			"label": _("Shipping Cost"),
			"datatype": "Currency",
			"indicator": "Green",
		},
	]
