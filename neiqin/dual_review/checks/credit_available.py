"""The customer's outstanding plus this document stays within the credit limit
("查实货款的到位情况"), using ERPNext's own credit limit and outstanding."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import escape_html, flt, fmt_money

from neiqin.dual_review.check_logic import uncounted_share, within_credit
from neiqin.dual_review.checks import CheckResult, not_applicable

# Lines already counted in ERPNext's customer outstanding (open orders, unbilled deliveries).
COUNTED_BY = {
	"Sales Invoice": ("sales_order", "delivery_note"),
	"Delivery Note": ("against_sales_order", "against_sales_invoice"),
}


def run(doc) -> CheckResult:
	from erpnext.selling.doctype.customer.customer import get_credit_limit, get_customer_outstanding

	if not doc.get("customer") or not doc.get("company"):
		return not_applicable(doc)
	# the limit and the outstanding are in the company's currency (no such field on the document)
	currency = frappe.get_cached_value("Company", doc.company, "default_currency")
	limit = flt(get_credit_limit(doc.customer, doc.company))
	if not limit:
		return CheckResult(True, _("No credit limit is set for {0}.").format(escape_html(doc.customer)))
	outstanding = flt(get_customer_outstanding(doc.customer, doc.company))
	extra = this_document(doc)
	values = [fmt_money(value, currency=currency) for value in (outstanding, extra, limit)]
	if within_credit(limit, outstanding, extra):
		return CheckResult(
			True,
			_("Outstanding {0} plus this document {1} is within the credit limit {2} of {3}.").format(
				*values, escape_html(doc.customer)
			),
		)
	return CheckResult(
		False,
		_("Outstanding {0} plus this document {1} exceeds the credit limit {2} of {3}.").format(
			*values, doc.customer
		),
	)


def this_document(doc) -> float:
	"""The part of this document's amount (company currency) not yet in the outstanding."""
	total = flt(doc.get("base_rounded_total") or doc.get("base_grand_total"))
	fields = COUNTED_BY.get(doc.doctype)
	if not fields or not doc.get("items"):
		return total
	share = uncounted_share(
		(flt(row.get("base_amount") or row.get("amount")), any(row.get(f) for f in fields))
		for row in doc.items
	)
	return total * share
