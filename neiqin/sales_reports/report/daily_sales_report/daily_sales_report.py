"""销售日报表: orders taken, delivered, invoiced, returned and received in a day or range,
by customer, sales person or item group, in company currency (net of taxes for sales
documents; money received as it came in)."""

import frappe
from frappe import _

from neiqin.escaping import bold
from neiqin.report_filters import ReportFilterError, answers_refusals
from neiqin.sales_reports import facts
from neiqin.sales_reports.attribution import CREDITED, DELIVERED, INVOICED, ORDERED, RECEIVED, RETURNED
from neiqin.sales_reports.common import (
	company_currency,
	currency_column,
	hidden_currency_column,
	summary_card,
	validate_filters,
)
from neiqin.sales_reports.daily_sales import GROUP_FIELDS, chart_series, group_rows, totals


@answers_refusals
def execute(filters=None):
	filters = validate(filters)
	currency = company_currency(filters.company)
	found = get_facts(filters)
	rows = group_rows(found, filters.group_by)
	return (
		get_columns(filters.group_by),
		get_data(rows, filters.group_by, currency),
		None,
		get_chart_data(rows),
		get_report_summary(totals(found), currency),
	)


def validate(filters) -> frappe._dict:
	filters = validate_filters(filters)
	filters.group_by = filters.get("group_by") or "Customer"
	if filters.group_by not in GROUP_FIELDS:
		frappe.throw(
			_("The Daily Sales Report cannot be grouped by {0}.").format(bold(filters.group_by)),
			ReportFilterError,
		)
	return filters


def get_facts(filters) -> list[dict]:
	return facts.get_facts(
		filters,
		filters.from_date,
		filters.to_date,
		by_team=filters.group_by == "Sales Person",
		by_item_group=filters.group_by == "Item Group",
	)


def get_columns(group_by: str) -> list[dict]:
	group_field = GROUP_FIELDS[group_by]
	columns = [
		{
			"fieldname": group_field,
			"label": group_label(group_by),
			"fieldtype": "Link",
			"options": group_by,
			"width": 180,
		}
	]
	if group_by == "Customer":
		columns.append(
			{"fieldname": "customer_name", "label": _("Customer Name"), "fieldtype": "Data", "width": 180}
		)
	columns += [
		{"fieldname": "orders", "label": _("Orders"), "fieldtype": "Int", "width": 80},
		currency_column(ORDERED, _("Ordered Amount")),
		currency_column(DELIVERED, _("Delivered Amount", context="neiqin")),
		currency_column(RETURNED, _("Returned Amount")),
		currency_column(INVOICED, _("Invoiced Amount", context="neiqin")),
		currency_column(CREDITED, _("Credit Note Amount", context="neiqin")),
		currency_column(RECEIVED, _("Received Amount")),
		hidden_currency_column(),
	]
	return columns


def group_label(group_by: str) -> str:
	return {"Customer": _("Customer"), "Sales Person": _("Sales Person"), "Item Group": _("Item Group")}[
		group_by
	]


def get_data(rows: list[dict], group_by: str, currency: str) -> list[dict]:
	data = []
	for row in rows:
		row = dict(row)
		row[GROUP_FIELDS[group_by]] = row.pop("group")
		row["currency"] = currency
		data.append(row)
	return data


def get_chart_data(rows: list[dict]) -> dict | None:
	labels, series = chart_series(rows)
	if not labels:
		return None
	names = {
		ORDERED: _("Ordered Amount"),
		DELIVERED: _("Delivered Amount", context="neiqin"),
		INVOICED: _("Invoiced Amount", context="neiqin"),
		RECEIVED: _("Received Amount"),
	}
	return {
		"data": {
			"labels": labels,
			"datasets": [{"name": names[measure], "values": values} for measure, values in series.items()],
		},
		"type": "bar",
		"fieldtype": "Currency",
	}


def get_report_summary(total: dict, currency: str) -> list[dict]:
	return [
		summary_card(_("Orders"), total["orders"], datatype="Int"),
		summary_card(_("Ordered Amount"), total[ORDERED], currency),
		summary_card(_("Delivered Amount", context="neiqin"), total[DELIVERED], currency),
		summary_card(_("Returned Amount"), total[RETURNED], currency, indicator="Orange"),
		summary_card(_("Invoiced Amount", context="neiqin"), total[INVOICED], currency),
		summary_card(
			_("Credit Note Amount", context="neiqin"), total[CREDITED], currency, indicator="Orange"
		),
		summary_card(_("Received Amount"), total[RECEIVED], currency, indicator="Green"),
	]
