"""One exception class per kind of refusal of the documents back (单据回收)."""

import frappe


class DocumentsBackError(frappe.ValidationError):
	"""Base of the documents-back refusals."""


class DocumentsBackSwitchError(frappe.PermissionError):
	"""A switch of the documents back in Neiqin Settings changed by someone who is not a System Manager."""


# ----------------------------------------------------------------------------- signed receipts


class ReceiptStatusError(DocumentsBackError):
	"""A status change the receipt's status does not allow, or edits of a closed receipt."""


class ReceiptScanRequiredError(DocumentsBackError):
	"""Returned (or archived) without the scan of the signed delivery note attached to the receipt."""


class ReceiptDateError(DocumentsBackError):
	"""Returned before the delivery or in the future."""


class ReceiptLostApprovalError(frappe.PermissionError):
	"""A receipt marked Lost by someone who is not a Sales Manager, or without a reason."""


class ReceiptDifferenceError(DocumentsBackError):
	"""Signed quantities differ but no note says how."""


class ReceiptSourceError(DocumentsBackError):
	"""A receipt made by hand, for a Delivery Note that is not submitted, or a second one."""


class InvoiceBeforeReceiptError(DocumentsBackError):
	"""A Sales Invoice of goods whose signed delivery receipt is not back (setting Block)."""


# ----------------------------------------------------------------------------- invoice requests


class InvoiceRequestLineError(DocumentsBackError):
	"""A line from an unsubmitted source, another customer or company, or beyond what is left."""


class InvoiceRequestBuyerError(DocumentsBackError):
	"""Buyer details missing, malformed, from another customer's qualification, or not verified."""


class BuyerVerificationError(frappe.PermissionError):
	"""Buyer details verified by the person who typed them, or by someone without the right role."""


class InvoiceRequestDateError(DocumentsBackError):
	"""Needed before the request was made."""


class InvoiceRequestStateError(DocumentsBackError):
	"""A Sales Invoice made from a request that is not submitted, already invoiced, or of another party."""


# ----------------------------------------------------------------------------- fapiao


class FapiaoNumberError(DocumentsBackError):
	"""A fapiao number or code that does not fit its type."""


class DuplicateFapiaoError(DocumentsBackError):
	"""The fapiao number is already registered for the company."""


class FapiaoAmountError(DocumentsBackError):
	"""Amount plus tax is not the total, or the sign does not fit (red-letter fapiao are negative)."""


class FapiaoCoverageError(DocumentsBackError):
	"""A covered Sales Invoice of another company or customer, unsubmitted, or covered beyond its total."""


class FapiaoRedLetterError(DocumentsBackError):
	"""A red-letter fapiao without its original, or against one of another company or customer."""


class FapiaoStatusError(DocumentsBackError):
	"""A status the fapiao's records do not support (mailed without a log, void after mailing …)."""


class FapiaoAcknowledgementError(DocumentsBackError):
	"""Received by Customer without the customer's acknowledgement attached to the fapiao."""


class FapiaoLockedError(frappe.PermissionError):
	"""Number or amounts of a mailed fapiao changed by someone who is not a Sales Manager."""


class FapiaoImportError(DocumentsBackError):
	"""An import file that cannot be read, or rows that are refused (nothing is saved)."""
