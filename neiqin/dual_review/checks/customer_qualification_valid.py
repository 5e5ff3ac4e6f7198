"""The customer holds every qualification required for this document on its date
("发货前需确认…对方资质备案"), per qualification type, as Qualification Requirements say."""

from __future__ import annotations

from frappe import _

from neiqin.dual_review.checks import CheckResult, not_applicable
from neiqin.sales_compliance import qualifications


def run(doc) -> CheckResult:
	if doc.doctype not in qualifications.SELLING_DOCTYPES or not doc.get("customer"):
		return not_applicable(doc)
	states = qualifications.states(
		doc.customer, qualifications.governed_as(doc), qualifications.goods_leave_days(doc)
	)
	if not states:
		return CheckResult(
			True, _("No qualification is required of this customer for {0}.").format(_(doc.doctype))
		)
	facts = "<br>".join(qualifications.describe(doc.customer, state) for state in states)
	return CheckResult(all(state.problem is None for state in states), facts)
