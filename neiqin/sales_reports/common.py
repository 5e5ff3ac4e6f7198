"""What the four sales reports share: filter validation and column helpers."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import getdate


class SalesReportFilterError(frappe.ValidationError):
	"""The report's filters are missing or contradict each other."""


def validate_filters(filters: dict | None) -> frappe._dict:
	"""Filters with `from_date`/`to_date` as dates; refuses a missing company or a reversed range."""
	filters = frappe._dict(filters or {})
	if not filters.get("company"):
		frappe.throw(_("Please select a Company."), SalesReportFilterError, title=_("Missing Filter"))
	if not filters.get("from_date") or not filters.get("to_date"):
		frappe.throw(
			_("Please set both From Date and To Date."), SalesReportFilterError, title=_("Missing Filter")
		)
	filters.from_date, filters.to_date = getdate(filters.from_date), getdate(filters.to_date)
	if filters.from_date > filters.to_date:
		frappe.throw(
			_("From Date {0} must not be after To Date {1}.").format(
				frappe.bold(frappe.format(filters.from_date, "Date")),
				frappe.bold(frappe.format(filters.to_date, "Date")),
			),
			SalesReportFilterError,
			title=_("Invalid Date Range"),
		)
	return filters


def company_currency(company: str) -> str:
	return frappe.get_cached_value("Company", company, "default_currency")


def currency_column(fieldname: str, label: str, width: int = 130) -> dict:
	"""A company-currency amount column (the row carries its `currency`)."""
	return {
		"fieldname": fieldname,
		"label": label,
		"fieldtype": "Currency",
		"options": "currency",
		"width": width,
	}


def hidden_currency_column() -> dict:
	"""The row's currency for the Currency columns (Data: a Link would make frappe demand read
	permission on Currency from every user of the report)."""
	return {
		"fieldname": "currency",
		"label": _("Currency"),
		"fieldtype": "Data",
		"hidden": 1,
	}


def summary_card(
	label: str, value, currency: str | None = None, datatype: str = "Currency", indicator: str = "Blue"
) -> dict:
	card = {"label": label, "value": value, "datatype": datatype, "indicator": indicator}
	if currency:
		card["currency"] = currency
	return card
