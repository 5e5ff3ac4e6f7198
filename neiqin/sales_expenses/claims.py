"""Sales Expense Claim (报销单): its lines checked against the requests they cite, the tolerance,
the receipts claimed once per company, and the one Journal Entry it posts (Dr each type's expense
account with the request's cost center; Cr the employee advance account up to the advances; Cr
the employee payable account for the rest)."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import flt, fmt_money, getdate

from neiqin.escaping import bold
from neiqin.sales_expenses import rules, settings
from neiqin.sales_expenses.exceptions import (
	ClaimAboveApprovalError,
	ClaimLineError,
	ClaimPostingError,
	DuplicateReceiptError,
	ExpenseAmountError,
	ExpenseTypeAccountError,
)

CLAIM = "Sales Expense Claim"
LINE = "Sales Expense Claim Line"
REQUEST = "Sales Expense Request"
JE_LINK = "sales_expense_claim"
REQUEST_FIELDS = (
	"name",
	"docstatus",
	"company",
	"employee",
	"expense_type",
	"estimated_amount",
	"advance_paid",
	"cost_center",
	"customer",
	"sales_order",
	"claimed_amount",
	"advance_settled",
	"territory",
	"sales_person",
)


def money(doc, amount) -> str:
	return bold(
		fmt_money(amount, currency=frappe.get_cached_value("Company", doc.company, "default_currency"))
	)


def load_requests(doc, for_update: bool = False) -> dict[str, frappe._dict]:
	names = sorted({line.sales_expense_request for line in doc.lines if line.sales_expense_request})
	if not names:
		return {}
	request = frappe.qb.DocType(REQUEST)
	query = (
		frappe.qb.from_(request)
		.select(*(request[f] for f in REQUEST_FIELDS))
		.where(request.name.isin(names))
		.orderby(request.name)
	)
	if for_update:
		query = query.for_update()
	return {row.name: row for row in query.run(as_dict=True)}


def type_accounts(doc) -> dict[str, frappe._dict]:
	"""{expense type: requires receipt, the company's expense account} (one statement)."""
	names = sorted({line.expense_type for line in doc.lines if line.expense_type})
	if not names:
		return {}
	kind, account = frappe.qb.DocType("Sales Expense Type"), frappe.qb.DocType("Sales Expense Type Account")
	rows = (
		frappe.qb.from_(kind)
		.left_join(account)
		.on(
			(account.parent == kind.name)
			& (account.parenttype == "Sales Expense Type")
			& (account.company == doc.company)
		)
		.select(kind.name, kind.requires_receipt, account.expense_account)
		.where(kind.name.isin(names))
		.run(as_dict=True)
	)
	return {row.name: row for row in rows}


def check_lines(doc, found: dict[str, frappe._dict]) -> None:
	types = type_accounts(doc)
	for line in doc.lines:
		line.amount, line.tax_amount = flt(line.amount, 2), flt(line.tax_amount, 2)
		if line.amount <= 0 or line.tax_amount < 0 or line.tax_amount > line.amount:
			frappe.throw(
				_("Row {0}: the amount must be above zero and the tax between zero and the amount.").format(
					line.idx
				),
				ExpenseAmountError,
			)
		if line.expense_date and getdate(line.expense_date) > getdate(doc.posting_date):
			frappe.throw(
				_("Row {0}: the expense date {1} is after the claim's date {2}.").format(
					line.idx,
					bold(frappe.format(line.expense_date, "Date")),
					bold(frappe.format(doc.posting_date, "Date")),
				),
				ClaimLineError,
			)
		request = found.get(line.sales_expense_request)
		if not request or request.docstatus != 1:
			frappe.throw(
				_("Row {0}: {1} is not an approved sales expense request.").format(
					line.idx, bold(line.sales_expense_request)
				),
				ClaimLineError,
			)
		if request.company != doc.company or request.employee != doc.employee:
			frappe.throw(
				_("Row {0}: {1} is a request of another company or employee.").format(
					line.idx, bold(request.name)
				),
				ClaimLineError,
			)
		if request.expense_type != line.expense_type:
			frappe.throw(
				_("Row {0}: {1} approved {2}, not {3}.").format(
					line.idx, bold(request.name), bold(_(request.expense_type)), bold(_(line.expense_type))
				),
				ClaimLineError,
			)
		kind = types.get(line.expense_type)
		if not kind or not kind.expense_account:
			frappe.throw(
				_("Row {0}: the expense type {1} has no expense account for company {2}.").format(
					line.idx, bold(_(line.expense_type)), bold(doc.company)
				),
				ExpenseTypeAccountError,
			)
		line.expense_account, line.cost_center = kind.expense_account, request.cost_center
		# the request's territory and sales person: User Permissions on them restrict the claim too
		line.territory, line.sales_person = request.territory, request.sales_person
		line.customer = line.customer or request.customer
		line.sales_order = line.sales_order or request.sales_order
		line.receipt_key = rules.normalise_receipt_number(line.receipt_number) or None
		if kind.requires_receipt and not (line.receipt_key and line.receipt_attachment):
			frappe.throw(
				_(
					"Row {0}: an expense of type {1} gives its receipt number and attaches the receipt."
				).format(line.idx, bold(_(line.expense_type))),
				ClaimLineError,
			)


def check_receipts(doc, for_update: bool = False) -> None:
	"""A receipt (fapiao or ticket) is claimed once in the company, whatever its spelling."""
	lines = [{"idx": line.idx, "receipt_key": line.receipt_key} for line in doc.lines]
	for idx, earlier, _key in rules.duplicate_receipts(lines):
		frappe.throw(
			_("Row {0}: the receipt is the one of row {1}.").format(idx, earlier), DuplicateReceiptError
		)
	keys = [line.receipt_key for line in doc.lines if line.receipt_key]
	if not keys:
		return
	line, claim = frappe.qb.DocType(LINE), frappe.qb.DocType(CLAIM)
	query = (
		frappe.qb.from_(line)
		.join(claim)
		.on(line.parent == claim.name)
		.select(line.receipt_key, line.receipt_number, claim.name)
		.where(
			(line.parenttype == CLAIM)
			& (claim.docstatus == 1)
			& (claim.company == doc.company)
			& (claim.name != (doc.name or ""))
			& line.receipt_key.isin(keys)
		)
		.limit(1)
	)
	if for_update:
		query = query.for_update()
	taken = query.run(as_dict=True)
	if taken:
		frappe.throw(
			_("The receipt {0} is already claimed in {1}.").format(
				bold(taken[0].receipt_number), bold(taken[0].name)
			),
			DuplicateReceiptError,
		)


def check_tolerance(doc, found: dict[str, frappe._dict]) -> None:
	"""A claim above its requests' approved amounts by more than the Claim Tolerance needs a new
	approval (a new request). What other submitted claims took is the requests' stored
	`claimed_amount` (read under the lock in before_submit)."""
	claimed: dict[str, float] = {}
	for line in doc.lines:
		name = line.sales_expense_request
		claimed[name] = claimed.get(name, flt(found[name].claimed_amount)) + line.amount
	over = rules.over_tolerance(
		claimed, {name: flt(row.estimated_amount) for name, row in found.items()}, settings.claim_tolerance()
	)
	if over:
		name, amount, allowed = over[0]
		frappe.throw(
			_(
				"{0} was approved for {1}; claimed {2} is more than the {3} the tolerance allows. Ask for a new approval of the rest."
			).format(
				bold(name), money(doc, found[name].estimated_amount), money(doc, amount), money(doc, allowed)
			),
			ClaimAboveApprovalError,
		)


def settle(doc, found: dict[str, frappe._dict]) -> None:
	"""Each line takes what is left of its request's advance first (paid, less what submitted
	claims settled); the rest is owed to the employee."""
	available = {name: flt(row.advance_paid) - flt(row.advance_settled) for name, row in found.items()}
	for line in doc.lines:
		name = line.sales_expense_request
		line.advance_applied, _owed = rules.split_settlement(line.amount, available.get(name, 0.0))
		available[name] = available.get(name, 0.0) - line.advance_applied
	doc.total_amount = flt(sum(line.amount for line in doc.lines), 2)
	doc.total_tax = flt(sum(line.tax_amount for line in doc.lines), 2)
	doc.advance_applied = flt(sum(line.advance_applied for line in doc.lines), 2)
	doc.payable_amount = flt(doc.total_amount - doc.advance_applied, 2)


def validate(doc, for_update: bool = False) -> None:
	found = load_requests(doc, for_update=for_update)
	check_lines(doc, found)
	check_receipts(doc, for_update=for_update)
	check_tolerance(doc, found)
	settle(doc, found)


# ----------------------------------------------------------------------------- journal entry


def post_journal_entry(doc) -> str:
	accounts = settings.company_accounts(doc.company)
	rows = rules.journal_lines(
		[line.as_dict() for line in doc.lines],
		accounts.employee_advance_account,
		accounts.employee_payable_account,
		flt(doc.advance_applied),
		flt(doc.payable_amount),
	)
	default_cost_center = frappe.get_cached_value("Company", doc.company, "cost_center")
	je = frappe.new_doc("Journal Entry")
	je.update(
		{
			"voucher_type": "Journal Entry",
			"company": doc.company,
			"posting_date": doc.posting_date,
			"user_remark": _("Sales expenses claimed in {0} by {1}").format(
				doc.name, doc.employee_name or doc.employee
			),
			JE_LINK: doc.name,
		}
	)
	for row in rows:
		je.append(
			"accounts",
			{
				"account": row["account"],
				"cost_center": row.get("cost_center") or default_cost_center,
				"debit_in_account_currency": row["debit"],
				"credit_in_account_currency": row["credit"],
				"party_type": "Employee" if row["party"] else None,
				"party": doc.employee if row["party"] else None,
			},
		)
	je.flags.ignore_permissions = True
	je.flags.from_sales_expense_claim = True
	je.insert()
	je.submit()
	return je.name


def cancel_journal_entry(doc) -> None:
	if not doc.journal_entry:
		return
	je = frappe.get_doc("Journal Entry", doc.journal_entry)
	if je.docstatus == 1:
		je.flags.ignore_permissions = True
		je.flags.from_sales_expense_claim = True
		je.cancel()


def guard_journal_entry(je, method=None):
	"""Journal Entry submit and cancel: the entry of a claim is posted and cancelled by the claim
	only, so it always equals the claim."""
	if not je.get(JE_LINK) or je.flags.from_sales_expense_claim:
		return
	if method == "on_submit":
		message = _("{0} cites the sales expense claim {1}: only the claim posts its Journal Entry.")
	else:
		message = _("{0} is the Journal Entry of the sales expense claim {1}: cancel the claim instead.")
	frappe.throw(message.format(bold(je.name), bold(je.get(JE_LINK))), ClaimPostingError)
