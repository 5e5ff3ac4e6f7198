"""No line is priced below the price list without a promotion approval that covers it
("对低于正常价格体系又无促销活动批复的产品严禁出库").

The floor and what covers a line below it are the Sales Compliance capability's rules
(`neiqin.sales_compliance.price_floor`, `neiqin.sales_compliance.promotions`): this check
shows the reviewer what 严禁出库 would refuse.
"""

from __future__ import annotations

from frappe import _

from neiqin.dual_review.checks import CheckResult, not_applicable
from neiqin.sales_compliance import promotions


def run(doc) -> CheckResult:
	if not doc.meta.has_field("selling_price_list") or not doc.get("items") or doc.get("is_return"):
		return not_applicable(doc)
	problems = promotions.uncovered_lines(doc)
	if not problems:
		covered = len(promotions.below_list_lines(doc))
		if covered:
			return CheckResult(
				True,
				_("{0} lines below the price list are covered by their promotion approval.").format(covered),
			)
		return CheckResult(True, _("No line is priced below the price list."))
	return CheckResult(
		False, "<br>".join(promotions.describe(doc, row, line, reason) for row, line, reason in problems)
	)
