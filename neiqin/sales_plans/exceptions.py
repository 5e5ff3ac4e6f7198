"""One exception class per kind of refusal of the plans and follow-up (计划与督办)."""

import frappe


class PlansError(frappe.ValidationError):
	"""Base of the plans' validation refusals."""


class PlanWriterError(frappe.PermissionError):
	"""Somebody who is neither Sales Manager nor Sales Admin writes a sales plan."""


class PlanPeriodError(PlansError):
	"""A target month that is not the first day of a month of the plan's fiscal year."""


class PlanTargetError(PlansError):
	"""A target line naming neither or both a sales person and a territory, or a negative target."""


class DuplicateTargetError(PlansError):
	"""Two target lines for the same month and sales person or territory."""


class PlanInForceError(PlansError):
	"""A second plan submitted for a company and fiscal year that has one in force (amend it)."""


class FollowUpDateError(PlansError):
	"""A follow-up dated in the future or long ago, or a promise dated before the follow-up or in the past."""


class FollowUpOwnerError(frappe.PermissionError):
	"""A Sales User records a follow-up in a colleague's name."""


class FollowUpLockedError(PlansError):
	"""A follow-up changed after its promised date, or its contact date or customer changed."""


class FollowUpPromiseError(PlansError):
	"""A promised amount without a promised date, or a promised date without an amount."""


class FollowUpReferenceError(PlansError):
	"""An invoice or order of another customer or company."""


class VisitPlanWeekError(PlansError):
	"""A week that does not start on a Monday, or a planned date outside the week."""


class DuplicateVisitPlanError(PlansError):
	"""A second visit plan of a sales person for the same week."""


class NotYourSalesPersonError(frappe.PermissionError):
	"""A Sales User plans or reports for a sales person who is not him."""


class DuplicateSummaryError(PlansError):
	"""A second weekly summary of a sales person for the same week."""


class SummaryWeekError(PlansError):
	"""A weekly summary for a week that does not start on a Monday or has not started yet."""
