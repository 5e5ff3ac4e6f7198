"""Refusals of the Sales Compliance capability (one class per kind of refusal)."""

import frappe


class SalesComplianceError(frappe.ValidationError):
	pass


class QualificationMissingError(SalesComplianceError):
	"""A required customer qualification is missing, expired or not yet valid on the document's date."""


class QualificationDateError(SalesComplianceError):
	"""A qualification or approval ends before it starts."""


class RequirementDocumentTypeError(SalesComplianceError):
	"""A qualification requirement names a doctype that is not a selling document."""


class PromotionRateError(SalesComplianceError):
	"""A promotion line without a positive rate, with a discount outside 0-100, or without item."""


class PromotionBudgetError(SalesComplianceError):
	"""A promotion approval without a positive budget."""


class PromotionOverlapError(SalesComplianceError):
	"""Two active approvals cover the same customer and item over overlapping dates."""


class PromotionWriteOffError(SalesComplianceError):
	"""A write-off line without a positive amount or with a cost document of another company."""


class BelowListPriceError(SalesComplianceError):
	"""严禁出库: a delivery line below the price list that no valid promotion approval covers."""


class QualificationVerificationError(SalesComplianceError):
	"""A qualification verified by its creator or last changer, or without its required scan."""


class ControlSettingError(SalesComplianceError):
	"""A setting that decides what may leave, changed by someone other than a System Manager."""


class CustomerMasterGuardError(SalesComplianceError):
	"""A customer's group or territory (what requirements and approvals read) changed by a user
	who is not a Sales Manager."""


class WriteOffBoundError(SalesComplianceError):
	"""Write-offs beyond what was consumed, or citing a cost document beyond its own amount."""
