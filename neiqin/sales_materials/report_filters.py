"""Filter checks shared by the sales material reports."""

import frappe
from frappe import _
from frappe.utils import getdate

from neiqin.sales_materials.refusals import SalesMaterialError


class ReportFilterError(SalesMaterialError):
	pass


def period(filters) -> tuple[frappe._dict, str, object, object]:
	"""(filters, company, from date, to date) or a translated refusal."""
	filters = frappe._dict(filters or {})
	if not filters.company:
		frappe.throw(_("Choose a company."), ReportFilterError)
	if not filters.from_date or not filters.to_date:
		frappe.throw(_("Choose the period: From Date and To Date."), ReportFilterError)
	from_date, to_date = getdate(filters.from_date), getdate(filters.to_date)
	if from_date > to_date:
		frappe.throw(
			_("From Date {0} is after To Date {1}.").format(frappe.bold(from_date), frappe.bold(to_date)),
			ReportFilterError,
		)
	return filters, filters.company, from_date, to_date
