"""Courier Fee Settlement (快递费用结算): per courier and month of dispatch the number of
dispatches and their shipping cost, what submitted Purchase Invoices cover, what drafts
cover (not invoiced yet) and what is left to settle. The report's action drafts the Purchase Invoice
(`neiqin.sales_materials.api.make_courier_invoice`). One query."""

from frappe import _

from neiqin.report_filters import answers_refusals
from neiqin.sales_materials import aggregation, settlement
from neiqin.sales_materials.report_filters import period
from neiqin.user_permissions import readable

# logs to a customer count for the users who may read that customer
PARTY = {"party": ("Customer", "party_type")}


@answers_refusals
def execute(filters=None):
	filters, company, from_date, to_date = period(filters)
	data = get_data(filters, company, from_date, to_date)
	return get_columns(), data, None, get_chart_data(data), get_report_summary(data)


def get_columns() -> list[dict]:
	return [
		{
			"label": _("Courier Company"),
			"fieldname": "courier",
			"fieldtype": "Link",
			"options": "Supplier",
			"width": 160,
		},
		{"label": _("Month"), "fieldname": "month", "fieldtype": "Data", "width": 90},
		{"label": _("Dispatches"), "fieldname": "count", "fieldtype": "Int", "width": 100},
		{"label": _("Total Cost"), "fieldname": "total_cost", "fieldtype": "Currency", "width": 120},
		{"label": _("Invoiced Cost"), "fieldname": "invoiced_cost", "fieldtype": "Currency", "width": 120},
		{"label": _("Drafted Cost"), "fieldname": "drafted_cost", "fieldtype": "Currency", "width": 120},
		{"label": _("To Settle"), "fieldname": "to_settle", "fieldtype": "Currency", "width": 120},
		{"label": _("Dispatches to Settle"), "fieldname": "open_logs", "fieldtype": "Int", "width": 100},
		{
			"label": _("Purchase Invoices", context="neiqin"),
			"fieldname": "purchase_invoices",
			"fieldtype": "Data",
			"width": 220,
		},
	]


def get_data(filters, company, from_date, to_date) -> list[dict]:
	logs = settlement.courier_logs(company, from_date, to_date, filters.get("courier"))
	allowed = readable(settlement.DOCTYPE, (log["name"] for log in logs), through=PARTY)
	logs = [log for log in logs if log["name"] in allowed]
	rows = aggregation.settle_couriers(logs)
	for row in rows:
		row["purchase_invoices"] = ", ".join(row["purchase_invoices"])
	return rows


def get_chart_data(data: list[dict]) -> dict | None:
	if not data:
		return None
	months = sorted({row["month"] for row in data})
	couriers = sorted({row["courier"] for row in data})
	cost = {(row["courier"], row["month"]): row["total_cost"] for row in data}
	return {
		"data": {
			"labels": months,
			"datasets": [
				{"name": courier, "values": [cost.get((courier, month), 0) for month in months]}
				for courier in couriers
			],
		},
		"type": "bar",
		"barOptions": {"stacked": 1},
	}


def get_report_summary(data: list[dict]) -> list[dict]:
	return [
		{
			"value": sum(r["count"] for r in data),
			"label": _("Dispatches"),
			"datatype": "Int",
			"indicator": "Blue",
		},
		{
			"value": sum(r["total_cost"] for r in data),
			"label": _("Total Cost"),
			"datatype": "Currency",
			"indicator": "Blue",
		},
		{
			"value": sum(r["drafted_cost"] for r in data),
			"label": _("Drafted Cost"),
			"datatype": "Currency",
			"indicator": "Grey",
		},
		{
			"value": sum(r["to_settle"] for r in data),
			"label": _("To Settle"),
			"datatype": "Currency",
			"indicator": "Orange",
		},
	]
