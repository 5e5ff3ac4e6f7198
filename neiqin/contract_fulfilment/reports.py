"""What the contract fulfilment reports share: filter checks and their refusals."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import getdate


class InvalidReportFilter(frappe.ValidationError):
	"""A report was asked for with filters it cannot answer."""


def require_company(filters: dict) -> str:
	company = filters.get("company")
	if not company:
		frappe.throw(_("Please select a Company."), InvalidReportFilter, title=_("Invalid Filter"))
	if not frappe.db.exists("Company", company):
		frappe.throw(
			_("Company {0} does not exist.").format(frappe.bold(company)),
			InvalidReportFilter,
			title=_("Invalid Filter"),
		)
	return company


def check_date_range(filters: dict) -> None:
	from_date, to_date = filters.get("from_date"), filters.get("to_date")
	if from_date and to_date and getdate(from_date) > getdate(to_date):
		frappe.throw(
			_("From Date {0} is after To Date {1}.").format(
				frappe.bold(frappe.format(getdate(from_date), "Date")),
				frappe.bold(frappe.format(getdate(to_date), "Date")),
			),
			InvalidReportFilter,
			title=_("Invalid Filter"),
		)


def check_choice(filters: dict, key: str, label: str, choices, default: str) -> str:
	value = filters.get(key) or default
	if value not in choices:
		frappe.throw(
			_("{0} must be one of {1}, not {2}.").format(
				_(label), ", ".join(_(choice) for choice in choices), frappe.bold(value)
			),
			InvalidReportFilter,
			title=_("Invalid Filter"),
		)
	return value


def sales_person_and_descendants(sales_person: str) -> list[str]:
	"""A sales person filter also matches the team below a group sales person (one query)."""
	return [sales_person, *frappe.db.get_descendants("Sales Person", sales_person)]
