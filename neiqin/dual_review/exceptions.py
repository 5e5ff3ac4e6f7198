"""One exception class per kind of refusal of the dual review."""

import frappe


class ReviewRequiredError(frappe.ValidationError):
	"""Submit refused: an applicable review rule is not satisfied."""


class ReviewNotAllowedError(frappe.PermissionError):
	"""This user may not review this document now (owner, not a reviewer, rule not open …)."""


class ReviewRecordProtectedError(frappe.PermissionError):
	"""Document Review rows are written by the review API only."""


class InvalidReviewInputError(frappe.ValidationError):
	"""The decision or the checklist answers sent to the review API cannot be read."""


class ReviewClosedError(frappe.ValidationError):
	"""Only draft documents can be reviewed."""


class AlreadyReviewedError(frappe.ValidationError):
	"""The user's decision on this content is already recorded."""


class ReasonRequiredError(frappe.MandatoryError):
	"""A rejection needs a reason."""


class ChecklistIncompleteError(frappe.ValidationError):
	"""A mandatory checklist question was not answered yes."""


class CheckFailedError(frappe.ValidationError):
	"""An automatic check failed and the rule does not allow overriding it."""


class JustificationRequiredError(frappe.MandatoryError):
	"""An automatic check failed; approving anyway needs a written justification."""


class InvalidReviewRuleError(frappe.ValidationError):
	"""A Review Rule is not consistent."""
