"""Automatic checks shown to reviewers, pluggable through a hook.

An app registers checks in its hooks.py:

    neiqin_review_checks = {"items_match_order": "neiqin.dual_review.checks.items_match_order.run"}

A check is a function `run(doc) -> CheckResult` (a dict {"passed", "message"}, a
(passed, message) tuple or a bool are accepted too; only `True` passes). It must not change
the document. A check that does not apply to the document passes with a message saying so.
A check that raises or returns anything else is reported as failed (fail closed).
"""

from __future__ import annotations

from dataclasses import dataclass

import frappe
from frappe import _, _lt

from neiqin.escaping import bold, text

HOOK = "neiqin_review_checks"

LABELS = {
	"items_match_order": _lt("Items match the Sales Order"),
	"price_not_below_list": _lt("No price below the price list"),
	"credit_available": _lt("Credit available"),
	"customer_qualification_valid": _lt("Customer qualifications valid"),
}


# Checks whose messages carry figures of the customer's receivables (credit limit,
# outstanding): only these roles read them; others see passed / failed.
RESTRICTED = {"credit_available": ("Accounts User", "Accounts Manager", "Sales Manager")}


@dataclass(frozen=True)
class CheckResult:
	passed: bool
	message: str = ""

	def as_dict(self) -> dict:
		return {"passed": self.passed, "message": self.message}


def registry() -> dict[str, str]:
	"""{check name: dotted path of its function}; when two apps register a name, the last wins."""
	return {name: paths[-1] for name, paths in (frappe.get_hooks(HOOK) or {}).items() if paths}


def is_restricted(name: str) -> bool:
	return name in RESTRICTED


def may_read_details(name: str, user: str | None = None) -> bool:
	user = user or frappe.session.user
	roles = RESTRICTED.get(name)
	return not roles or user == "Administrator" or bool(set(roles) & set(frappe.get_roles(user)))


def outcome(passed: bool) -> str:
	return _("Passed") if passed else _("Failed")


def shown_message(name: str, result: CheckResult, user: str | None = None) -> str:
	"""The check's message for `user`: restricted figures become passed / failed."""
	return result.message if may_read_details(name, user) else outcome(result.passed)


def label(name: str) -> str:
	return str(LABELS[name]) if name in LABELS else name


def run_check(name: str, doc) -> CheckResult:
	path = registry().get(name)
	if not path:
		return CheckResult(False, _("The automatic check {0} is not installed.").format(bold(name)))
	try:
		value = frappe.get_attr(path)(doc)
	except Exception as error:
		frappe.log_error(title=f"neiqin review check {name} failed", reference_doctype=doc.doctype)
		return CheckResult(
			False, _("The automatic check {0} could not run: {1}").format(bold(name), text(error))
		)
	result = as_result(value)
	if result is None:
		return CheckResult(False, _("The automatic check {0} returned no result.").format(bold(name)))
	return result


def as_result(value) -> CheckResult | None:
	"""A check's return value as a CheckResult; None when it is none of the accepted shapes."""
	if isinstance(value, CheckResult):
		return value
	if isinstance(value, dict) and "passed" in value:
		return CheckResult(value["passed"] is True, str(value.get("message") or ""))
	if isinstance(value, tuple | list) and value:
		return CheckResult(value[0] is True, str(value[1]) if len(value) > 1 else "")
	if isinstance(value, bool):
		return CheckResult(value, "")
	return None


def not_applicable(doc) -> CheckResult:
	return CheckResult(True, _("Not applicable to {0}.").format(_(doc.doctype)))
