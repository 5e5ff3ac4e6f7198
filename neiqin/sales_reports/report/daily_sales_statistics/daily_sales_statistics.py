"""每日销售情况统计报表: day by day over a range — orders taken, deliveries (net of returns),
invoices (net of credit notes) and money received, in company currency — with a chart and
the change against the previous period of equal length."""

from frappe import _

from neiqin import charts
from neiqin.report_filters import answers_refusals
from neiqin.sales_reports.common import (
	company_currency,
	currency_column,
	hidden_currency_column,
	summary_card,
	validate_filters,
)
from neiqin.sales_reports.facts import get_facts
from neiqin.sales_reports.periods import previous_period
from neiqin.sales_reports.statistics import SERIES, comparison, daily_rows, period_totals

SERIES_COLOURS = {"ordered": "blue", "delivered": "orange", "invoiced": "purple", "received": "green"}


@answers_refusals
def execute(filters=None):
	filters = validate_filters(filters)
	currency = company_currency(filters.company)
	previous_from, previous_to = previous_period(filters.from_date, filters.to_date)
	found = get_facts(filters, previous_from, filters.to_date)
	rows = daily_rows(found, filters.from_date, filters.to_date)
	previous = period_totals(daily_rows(found, previous_from, previous_to))
	return (
		get_columns(),
		get_data(rows, currency),
		None,
		get_chart_data(rows),
		get_report_summary(comparison(period_totals(rows), previous), currency),
	)


def series_labels() -> dict[str, str]:
	return {
		"ordered": _("Ordered Amount"),
		"delivered": _("Delivered (Net of Returns)"),
		"invoiced": _("Invoiced (Net of Credit Notes)"),
		"received": _("Received Amount"),
	}


def get_columns() -> list[dict]:
	labels = series_labels()
	return [
		{"fieldname": "date", "label": _("Date"), "fieldtype": "Date", "width": 110},
		{"fieldname": "orders", "label": _("Orders"), "fieldtype": "Int", "width": 80},
		*(currency_column(series, labels[series], width=160) for series in SERIES),
		hidden_currency_column(),
	]


def get_data(rows: list[dict], currency: str) -> list[dict]:
	return [{**row, "currency": currency} for row in rows]


def chart_series_labels() -> dict[str, str]:
	"""Short legend names (the columns' names overlap in the legend)."""
	return {
		"ordered": _("Ordered Amount"),
		"delivered": _("Delivered Amount", context="neiqin"),
		"invoiced": _("Invoiced Amount", context="neiqin"),
		"received": _("Received Amount", context="neiqin"),
	}


def get_chart_data(rows: list[dict]) -> dict:
	labels = chart_series_labels()
	return {
		"data": {
			"labels": [charts.day_label(row["date"]) for row in rows],
			"datasets": [{"name": labels[s], "values": [row[s] for row in rows]} for s in SERIES],
		},
		"type": "line",
		"fieldtype": "Currency",
		"colors": charts.colours(SERIES, SERIES_COLOURS),
		"lineOptions": {"regionFill": 0, "hideDots": len(rows) > 45},
		"neiqin_axis": charts.SERIES_AXIS,
	}


def get_report_summary(compared: dict, currency: str) -> list[dict]:
	labels = {"orders": _("Orders"), **series_labels()}
	cards = []
	for key, (current, _previous, change) in compared.items():
		cards.append(
			summary_card(
				labels[key],
				current,
				None if key == "orders" else currency,
				"Int" if key == "orders" else "Currency",
			)
		)
		cards.append(change_card(labels[key], change))
	return cards


def change_card(label: str, change: float | None) -> dict:
	title = _("{0} vs Previous Period").format(label)
	if change is None:
		return summary_card(title, _("No previous data"), datatype="Data", indicator="Grey")
	return summary_card(title, change, datatype="Percent", indicator="Green" if change >= 0 else "Red")
