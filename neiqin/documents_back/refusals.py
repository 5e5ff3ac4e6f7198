"""Translated refusals for the problems the pure rules (`rules.py`, `platform_export.py`) report.

Every value put into a message is escaped here (`shown`): numbers, names and remarks may come
from an imported file or a REST call.
"""

from __future__ import annotations

import frappe
from frappe import _, _lt
from frappe.utils import fmt_money

from neiqin.documents_back import exceptions as exc
from neiqin.escaping import bold


def shown(value) -> str:
	"""A value in a message: translated when it is one of our words, escaped, in bold."""
	if isinstance(value, tuple | list):
		return ", ".join(shown(item) for item in value)
	if isinstance(value, float):
		return bold(fmt_money(value))
	text = _(value) if isinstance(value, str) and value else str(value)
	return bold(text)


MESSAGES: dict[str, tuple[type[Exception], str]] = {
	# signed receipts
	"unknown_receipt_status": (
		exc.ReceiptStatusError,
		_lt("{0} is not a status of a signed delivery receipt."),
	),
	"receipt_starts_awaiting": (
		exc.ReceiptStatusError,
		_lt("A new signed delivery receipt is Awaiting, not {0}."),
	),
	"receipt_transition": (
		exc.ReceiptStatusError,
		_lt("The signed delivery receipt cannot go from {0} to {1}."),
	),
	# invoice requests
	"buyer_name_required": (
		exc.InvoiceRequestBuyerError,
		_lt("Enter the buyer's name as it is to appear on the invoice."),
	),
	"buyer_details_required": (
		exc.InvoiceRequestBuyerError,
		_lt("A {0} needs every buyer detail; missing: {1}."),
	),
	"bad_tax_id": (
		exc.InvoiceRequestBuyerError,
		_lt(
			"{0} is not a taxpayer ID: 18 characters (unified social credit code), or 15, 17 or 20 for older ones."
		),
	),
	"source_line_missing": (
		exc.InvoiceRequestLineError,
		_lt(
			"Row {0}: take the line from a submitted Sales Order or Delivery Note (returns cannot be invoiced here)."
		),
	),
	"source_of_other_party": (
		exc.InvoiceRequestLineError,
		_lt("Row {0}: {1} belongs to another customer or company than this request."),
	),
	"request_qty_not_positive": (
		exc.InvoiceRequestLineError,
		_lt("Row {0}: the quantity must be greater than zero, not {1}."),
	),
	"request_exceeds_left": (
		exc.InvoiceRequestLineError,
		_lt("Row {0}: cannot request {1}; only {2} of this line of {3} is not requested yet."),
	),
	# fapiao
	"unknown_fapiao_type": (exc.FapiaoNumberError, _lt("{0} is not a fapiao type.")),
	"digital_number": (exc.FapiaoNumberError, _lt("A digital fapiao number has 20 digits, not {0}.")),
	"digital_has_code": (exc.FapiaoNumberError, _lt("A digital fapiao has no fapiao code; remove {0}.")),
	"paper_number": (exc.FapiaoNumberError, _lt("A fapiao number of this type has 8 digits, not {0}.")),
	"paper_code": (exc.FapiaoNumberError, _lt("A fapiao code of this type has 10 or 12 digits, not {0}.")),
	"total_mismatch": (exc.FapiaoAmountError, _lt("Amount {0} plus tax {1} is not the total {2}.")),
	"red_letter_not_negative": (
		exc.FapiaoAmountError,
		_lt("A red-letter fapiao has a negative total, not {0}."),
	),
	"blue_not_positive": (
		exc.FapiaoAmountError,
		_lt("The total {0} is not positive: a negative fapiao is a red-letter one and names its original."),
	),
	"invoice_missing": (exc.FapiaoCoverageError, _lt("Row {0}: Sales Invoice {1} does not exist.")),
	"invoice_twice": (exc.FapiaoCoverageError, _lt("Row {0}: Sales Invoice {1} is listed twice.")),
	"invoice_not_submitted": (exc.FapiaoCoverageError, _lt("Row {0}: Sales Invoice {1} is not submitted.")),
	"invoice_other_company": (
		exc.FapiaoCoverageError,
		_lt("Row {0}: Sales Invoice {1} belongs to {2}, not to the fapiao's company {3}."),
	),
	"invoice_other_customer": (
		exc.FapiaoCoverageError,
		_lt("Row {0}: Sales Invoice {1} is billed to {2}, not to the fapiao's customer {3}."),
	),
	"red_letter_covers_credit_notes": (
		exc.FapiaoCoverageError,
		_lt("Row {0}: a red-letter fapiao covers credit notes; Sales Invoice {1} is not one."),
	),
	"blue_covers_invoices": (
		exc.FapiaoCoverageError,
		_lt("Row {0}: Sales Invoice {1} is a credit note; it is covered by a red-letter fapiao."),
	),
	"row_amount_sign": (
		exc.FapiaoCoverageError,
		_lt("Row {0}: the amount on Sales Invoice {1} cannot be {2}."),
	),
	"invoice_overcovered": (
		exc.FapiaoCoverageError,
		_lt("Row {0}: {2} is more than is left to cover of Sales Invoice {1} ({3})."),
	),
	"rows_not_total": (
		exc.FapiaoCoverageError,
		_lt("The Sales Invoice rows add up to {0}, not to the fapiao total {1}."),
	),
	"unknown_fapiao_status": (exc.FapiaoStatusError, _lt("{0} is not a status of a fapiao.")),
	"fapiao_transition": (exc.FapiaoStatusError, _lt("The fapiao cannot go from {0} to {1}.")),
	# import file
	"no_header": (
		exc.FapiaoImportError,
		_lt("No header row found: the file needs the columns {0} and {1} of the tax platform's export."),
	),
	"missing_columns": (exc.FapiaoImportError, _lt("The file lacks the columns {0}.")),
	"too_many_rows": (exc.FapiaoImportError, _lt("The file has more than {0} rows; split it.")),
	"no_rows": (exc.FapiaoImportError, _lt("The file has no fapiao rows.")),
	"unknown_platform_status": (exc.FapiaoImportError, _lt("Unknown fapiao status {0}.")),
	"number_cell_not_text": (
		exc.FapiaoImportError,
		_lt(
			"The number {0} was stored as a number and has lost digits; export the file again or format the column as text."
		),
	),
	"bad_date": (exc.FapiaoImportError, _lt("{0} is not a date.")),
	"bad_amount": (exc.FapiaoImportError, _lt("{0}: {1} is not an amount.")),
}


def message(problem) -> tuple[type[Exception], str]:
	"""(exception class, translated message) for a `rules.Problem`."""
	error, text = MESSAGES.get(problem.code, (exc.DocumentsBackError, problem.code))
	return error, str(text).format(*(shown(arg) for arg in problem.args))


def messages(problems) -> list[str]:
	return [message(problem)[1] for problem in problems]


def throw_problems(problems, title: str | None = None) -> None:
	"""Refuse with every problem's message (the first one decides the exception class)."""
	if not problems:
		return
	found = [message(problem) for problem in problems]
	frappe.throw("<br>".join(text for _error, text in found), found[0][0], title=title)
