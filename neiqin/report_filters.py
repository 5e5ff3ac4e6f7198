"""Filter checks every neiqin report shares, with their translated refusals."""

from __future__ import annotations

import functools

import frappe
from frappe import _
from frappe.utils import getdate

from neiqin.escaping import bold


class ReportFilterError(frappe.ValidationError):
	"""A report was asked for with filters it cannot answer."""


def answers_refusals(execute):
	"""Decorate a report's `execute`: a refused filter combination comes back as the report's
	message (shown above the empty report, in the user's language) instead of an exception.
	frappe writes every exception a report raises to the Error Log as a "Report Error" — one
	for each intermediate value typed into a date filter — while a refusal is the user's to
	fix, not an error of the site."""

	@functools.wraps(execute)
	def run(filters=None):
		try:
			return execute(filters)
		except ReportFilterError as refusal:
			frappe.clear_last_message()  # frappe.throw queued it as a dialog: it is the message now
			return [], [], refusal_message(str(refusal)), None, None

	return run


def refusal_message(text: str) -> str:
	return f'<span class="indicator-pill orange">{text}</span>'


def require_company(filters: dict) -> str:
	company = filters.get("company")
	if not company:
		frappe.throw(_("Please select a Company."), ReportFilterError, title=_("Invalid Filter"))
	if not frappe.db.exists("Company", company):
		frappe.throw(
			_("Company {0} does not exist.").format(bold(company)),
			ReportFilterError,
			title=_("Invalid Filter"),
		)
	return company


def check_date_range(filters: dict, required: bool = False) -> None:
	"""Turn `from_date`/`to_date` into dates; refuse a reversed range (and a missing one when
	`required`)."""
	if required and not (filters.get("from_date") and filters.get("to_date")):
		frappe.throw(
			_("Please set both From Date and To Date."), ReportFilterError, title=_("Invalid Filter")
		)
	for key in ("from_date", "to_date"):
		if filters.get(key):
			filters[key] = getdate(filters[key])
	from_date, to_date = filters.get("from_date"), filters.get("to_date")
	if from_date and to_date and from_date > to_date:
		frappe.throw(
			_("From Date {0} is after To Date {1}.").format(
				bold(frappe.format(from_date, "Date")), bold(frappe.format(to_date, "Date"))
			),
			ReportFilterError,
			title=_("Invalid Filter"),
		)


def whole_number(filters: dict, key: str, label: str, default: int, minimum: int = 0) -> int:
	"""A whole-number filter (e.g. days), or a translated refusal."""
	value = filters.get(key)
	if value in (None, ""):
		return default
	try:
		number = int(value)
	except (TypeError, ValueError):
		number = None
	if number is None or number < minimum:
		frappe.throw(
			_("{0} must be a whole number of at least {1}, not {2}.").format(_(label), minimum, bold(value)),
			ReportFilterError,
			title=_("Invalid Filter"),
		)
	return number


def check_choice(filters: dict, key: str, label: str, choices, default: str) -> str:
	value = filters.get(key) or default
	if value not in choices:
		frappe.throw(
			_("{0} must be one of {1}, not {2}.").format(
				_(label), ", ".join(_(choice) for choice in choices), bold(value)
			),
			ReportFilterError,
			title=_("Invalid Filter"),
		)
	return value
