"""Filter checks shared by the sales material reports."""

import frappe

from neiqin.report_filters import check_date_range, require_company


def period(filters) -> tuple[frappe._dict, str, object, object]:
	"""(filters, company, from date, to date) or a translated refusal."""
	filters = frappe._dict(filters or {})
	company = require_company(filters)
	check_date_range(filters, required=True)
	return filters, company, filters.from_date, filters.to_date
