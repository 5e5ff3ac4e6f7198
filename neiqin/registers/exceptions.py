"""One exception class per kind of refusal of the registers."""

import frappe


class RegisterError(frappe.ValidationError):
	"""Base of the registers' validation refusals."""


class VisitDateError(RegisterError):
	"""A visit dated in the future, or a next visit before the visit."""


class VisitOwnerError(frappe.PermissionError):
	"""A Sales User logs a visit in a colleague's name."""


class SealDocumentError(RegisterError):
	"""A seal usage names neither a document nor a description, or a document that does not exist."""


class SealCopiesError(RegisterError):
	"""A seal usage for zero or fewer copies."""


class SealDisabledError(RegisterError):
	"""A seal usage of a disabled seal."""


class InstrumentAmountError(RegisterError):
	"""An instrument of zero or negative amount."""


class InstrumentDateError(RegisterError):
	"""Received in the future, a due date before receipt, a bill without due date."""


class DuplicateInstrumentError(RegisterError):
	"""Another instrument has the same number and drawer bank."""


class HandoverDateError(RegisterError):
	"""A hand-over dated before receipt or in the future, or without a recipient."""


class HandoverRecipientError(RegisterError):
	"""A hand-over to someone who is not in finance, or to the clerk himself."""


class HandoverNotMadeError(RegisterError):
	"""Signing for an instrument that was not handed over."""


class HandoverNotYoursError(frappe.PermissionError):
	"""Signing for a hand-over that was made to somebody else."""


class InstrumentLockedError(RegisterError):
	"""Changing what finance signed for, or the recorded fields, outside the actions."""


class InstrumentStatusError(RegisterError):
	"""A status the records do not support, or an action the status does not allow."""


class InstrumentCurrencyError(RegisterError):
	"""The instrument's currency is not the customer's account currency."""


class PeriodInFutureError(RegisterError):
	"""A balance confirmation for a period that has not ended yet."""


class DuplicateConfirmationError(RegisterError):
	"""A second balance confirmation of a customer for the same company and period end."""


class ConfirmationStateError(RegisterError):
	"""A reply recorded on a confirmation that was never sent, or edits after the reply."""


class StatementEmailError(RegisterError):
	"""A statement cannot be e-mailed (no e-mail address of the customer)."""


class InstrumentFinanceOnlyError(frappe.PermissionError):
	"""A status change of an instrument finance has signed for, by someone outside finance."""


class InstrumentReasonError(RegisterError):
	"""A status change without a reason, or a payment of another amount without one."""


class InstrumentSettledError(RegisterError):
	"""A second Payment Entry (drafted, amended or submitted) for an instrument that has one."""


class InstrumentPaymentMismatchError(RegisterError):
	"""A Payment Entry for an instrument of another customer, company, currency or kind."""


class ConfirmationReplyError(RegisterError):
	"""Confirmed or Disputed without the customer's reply attached to the confirmation."""


class ConfirmationLockedError(RegisterError):
	"""A change of what was sent (balance, customer, period) or of a recorded reply without a new reply."""
