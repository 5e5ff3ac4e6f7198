"""One exception class per kind of refusal of the sales expenses (销售费用)."""

import frappe


class SalesExpenseError(frappe.ValidationError):
	"""Base of the sales-expense refusals."""


class ExpenseAmountError(SalesExpenseError):
	"""An amount not above zero, or an advance above the estimated amount."""


class ExpenseTypeAccountError(SalesExpenseError):
	"""An expense type without an expense account for the company, or an account of another company."""


class ExpenseRequestOwnerError(frappe.PermissionError):
	"""A Sales User who enters or changes a request or claim that is not his own."""


class ExpenseBudgetExceededError(SalesExpenseError):
	"""A request beyond what is left of its budget, without a General Manager's approval."""


class AdvanceError(SalesExpenseError):
	"""An advance for a request that is not approved, for a different amount, party or account,
	or a second one while one is drafted or paid."""


class AdvanceAccountMissingError(SalesExpenseError):
	"""Neiqin Settings names no employee advance or payable account for the company."""


class ClaimLineError(SalesExpenseError):
	"""A claim line citing a request that is not submitted, of another company or employee, or of
	another expense type; or without the receipt its type requires."""


class ClaimAboveApprovalError(SalesExpenseError):
	"""A claim above its requests' approved amounts by more than the Claim Tolerance."""


class DuplicateReceiptError(SalesExpenseError):
	"""A receipt number already claimed in the company (normalised)."""


class ClaimPostingError(SalesExpenseError):
	"""The claim's Journal Entry changed, cancelled or posted by hand instead of by the claim."""


class ClaimPaymentError(SalesExpenseError):
	"""A payment to the employee for a claim that owes nothing, or more than is owed."""


class ExpenseCitationError(SalesExpenseError):
	"""A document citing a sales expense claim that is not submitted or of another company."""
