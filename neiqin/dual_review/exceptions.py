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


class ReviewRuleProtectedError(frappe.PermissionError):
	"""Review Rules are controls: only a System Manager creates, changes or deletes them."""


class ForbiddenReviewerRoleError(InvalidReviewRuleError):
	"""A rule names a role everybody (or nobody in particular) has: All, Guest, Desk User, Administrator."""


class OwnerCannotReviewError(ReviewNotAllowedError):
	"""The owner of a document never reviews it."""


class EditorCannotReviewError(ReviewNotAllowedError):
	"""Who changed the reviewed content of a document never reviews it."""


class ContentChangedError(frappe.ValidationError):
	"""The document changed after the reviewer opened it (the content hash sent differs)."""


class ChangeAfterSubmitError(frappe.ValidationError):
	"""Bound content of a submitted, reviewed document may not change under its rule."""


class RequesterCannotReviewError(ReviewNotAllowedError):
	"""The user the document names as its requester or beneficiary never reviews it."""
