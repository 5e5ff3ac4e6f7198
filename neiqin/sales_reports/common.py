"""What the four sales reports share: filter validation and column helpers."""

from __future__ import annotations

import frappe
from frappe import _

from neiqin.report_filters import check_date_range, require_company


def validate_filters(filters: dict | None) -> frappe._dict:
	"""Filters with `from_date`/`to_date` as dates; refuses a missing company or a missing or
	reversed range."""
	filters = frappe._dict(filters or {})
	require_company(filters)
	check_date_range(filters, required=True)
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
