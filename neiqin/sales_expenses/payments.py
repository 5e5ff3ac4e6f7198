"""Payment Entries of the sales expenses: the advance of a request (借款 / 备用金, Pay to the
employee into the company's employee advance account) and the payment of what a claim still owes
the employee (Pay from the employee payable account). Both are drafted here and submitted by
finance; the Payment Entry steps (`neiqin.overrides.payment_entry`) keep them in line with the
request or claim they cite."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import flt, fmt_money, nowdate

from neiqin.escaping import bold, existing_doc
from neiqin.payment_links import open_payments
from neiqin.sales_expenses import requests, rules, settings
from neiqin.sales_expenses.exceptions import AdvanceError, ClaimPaymentError

REQUEST = "Sales Expense Request"
CLAIM = "Sales Expense Claim"
REQUEST_LINK = "sales_expense_request"
CLAIM_LINK = "sales_expense_claim"


def money(company: str, amount) -> str:
	return bold(fmt_money(amount, currency=frappe.get_cached_value("Company", company, "default_currency")))


def new_payment(company: str, employee: str, paid_to: str, amount: float, remarks: str, **links):
	"""A draft Payment Entry (Pay, party Employee) from the company's default bank (else cash)
	account, built through ERPNext's own API."""
	from erpnext.accounts.utils import get_account_currency

	paid_from = frappe.get_cached_value(
		"Company", company, "default_bank_account"
	) or frappe.get_cached_value("Company", company, "default_cash_account")
	payment = frappe.new_doc("Payment Entry")
	payment.update(
		{
			"payment_type": "Pay",
			"company": company,
			"posting_date": nowdate(),
			"party_type": "Employee",
			"party": employee,
			"paid_from": paid_from,
			"paid_from_account_currency": get_account_currency(paid_from),
			"paid_to": paid_to,
			"paid_to_account_currency": get_account_currency(paid_to),
			"paid_amount": amount,
			"received_amount": amount,
			"source_exchange_rate": 1,
			"target_exchange_rate": 1,
			"remarks": remarks,
			# the request or claim paid: ERPNext asks a bank payment for a reference
			"reference_no": next(iter(links.values()), None),
			"reference_date": nowdate(),
			**links,
		}
	)
	payment.setup_party_account_field()
	payment.set_missing_values()
	payment.party_account = paid_to
	return payment


def check_amendment_keeps_link(payment, field: str, message: str, exception: type[Exception]) -> None:
	"""A Payment Entry without `field` that amends one with it is refused (`message` names it)."""
	if payment.amended_from and frappe.db.get_value("Payment Entry", payment.amended_from, field):
		frappe.throw(message.format(bold(payment.name)), exception)


# ----------------------------------------------------------------------------- advances


def make_advance_payment(name: str) -> str:
	"""Pay Advance: draft the advance Payment Entry of approved request `name`."""
	request = existing_doc(REQUEST, name, for_update=True)
	request.check_permission("read")
	frappe.has_permission("Payment Entry", "create", throw=True)
	check_advance_allowed(request)
	existing = open_payments(REQUEST_LINK, request.name)
	if existing:
		frappe.throw(
			_("{0} already has the advance Payment Entry {1}.").format(
				bold(request.name), bold(existing[0].name)
			),
			AdvanceError,
		)
	accounts = settings.company_accounts(request.company)
	payment = new_payment(
		request.company,
		request.employee,
		accounts.employee_advance_account,
		flt(request.advance_amount),
		_("Advance for {0}: {1}").format(request.name, request.purpose),
		**{REQUEST_LINK: request.name},
	)
	payment.insert()
	return payment.name


def check_advance_allowed(request) -> None:
	if request.docstatus != 1:
		frappe.throw(
			_("{0} is not approved: an advance is made only on an approved request.").format(
				bold(request.name)
			),
			AdvanceError,
		)
	if flt(request.advance_amount) <= 0:
		frappe.throw(_("{0} asks for no advance.").format(bold(request.name)), AdvanceError)
	if flt(request.claimed_amount) > 0:
		frappe.throw(
			_("{0} is already claimed: its expenses are settled by the claim, not by an advance.").format(
				bold(request.name)
			),
			AdvanceError,
		)


def validate_advance(payment) -> None:
	"""Payment Entry validate: a payment citing a request is its advance — Pay to the request's
	employee into the company's employee advance account, of the advance asked for, and the only
	one drafted or paid for it; an amendment keeps the request of the entry it amends."""
	name = payment.get(REQUEST_LINK)
	if not name:
		check_amendment_keeps_link(
			payment,
			REQUEST_LINK,
			_("{0} amends the advance of a sales expense request: it keeps that request."),
			AdvanceError,
		)
		return
	request = frappe.get_doc(REQUEST, name)
	check_advance_allowed(request)
	accounts = settings.company_accounts(request.company)
	expected = {
		"payment_type": "Pay",
		"party_type": "Employee",
		"party": request.employee,
		"company": request.company,
		"paid_to": accounts.employee_advance_account,
	}
	wrong = [field for field, value in expected.items() if payment.get(field) != value]
	if abs(flt(payment.paid_amount) - flt(request.advance_amount)) > rules.CENT:
		wrong.append("paid_amount")
	if wrong:
		frappe.throw(
			_("{0} is the advance of {1}: its {2} must be those of the request.").format(
				bold(payment.name),
				bold(request.name),
				", ".join(_(payment.meta.get_label(field)) for field in wrong),
			),
			AdvanceError,
		)
	others = open_payments(REQUEST_LINK, name, exclude=payment.name)
	if others:
		frappe.throw(
			_("{0} already has the advance Payment Entry {1}; cancel it first.").format(
				bold(name), bold(others[0].name)
			),
			AdvanceError,
		)


def before_submit_advance(payment) -> None:
	"""Payment Entry before_submit: the request's row is locked, so two advances of one request
	(two connections, an amendment beside a new draft) follow each other and the second sees the
	first (`requests.apply_advance` records it on the request while the row is locked)."""
	name = payment.get(REQUEST_LINK)
	if not name:
		return
	# a locking read: the advance another transaction submitted is seen
	paid_by = frappe.db.get_value(REQUEST, name, "advance_payment_entry", for_update=True)
	if paid_by and paid_by != payment.name:
		frappe.throw(
			_("The advance of {0} is already made by the Payment Entry {1}.").format(
				bold(name), bold(paid_by)
			),
			AdvanceError,
		)


# ----------------------------------------------------------------------------- claims


def make_employee_payment(name: str) -> str:
	"""Pay Employee: draft the Payment Entry of what submitted claim `name` still owes."""
	claim = existing_doc(CLAIM, name, for_update=True)
	claim.check_permission("read")
	frappe.has_permission("Payment Entry", "create", throw=True)
	owed = owed_by(claim)
	drafts = [row for row in open_payments(CLAIM_LINK, claim.name) if row.docstatus == 0]
	if drafts:
		frappe.throw(
			_("{0} already has the draft Payment Entry {1}.").format(bold(claim.name), bold(drafts[0].name)),
			ClaimPaymentError,
		)
	accounts = settings.company_accounts(claim.company)
	payment = new_payment(
		claim.company,
		claim.employee,
		accounts.employee_payable_account,
		owed,
		_("Expenses claimed in {0}").format(claim.name),
		**{CLAIM_LINK: claim.name},
	)
	payment.insert()
	return payment.name


def owed_by(claim) -> float:
	"""What the claim still owes the employee: what it made payable less what was paid (both
	stored on the claim; read locked in before_submit)."""
	if claim.docstatus != 1:
		frappe.throw(
			_("{0} is not submitted: only a submitted claim is paid out.").format(bold(claim.name)),
			ClaimPaymentError,
		)
	owed = flt(flt(claim.payable_amount) - flt(claim.paid_amount), 2)
	if owed <= rules.CENT:
		frappe.throw(_("{0} owes the employee nothing.").format(bold(claim.name)), ClaimPaymentError)
	return owed


def validate_claim_payment(payment) -> None:
	"""Payment Entry validate: a payment citing a claim pays its employee from the employee
	payable account, not more than the claim still owes."""
	name = payment.get(CLAIM_LINK)
	if not name:
		check_amendment_keeps_link(
			payment,
			CLAIM_LINK,
			_("{0} amends the payment of a sales expense claim: it keeps that claim."),
			ClaimPaymentError,
		)
		return
	claim = frappe.get_doc(CLAIM, name)
	accounts = settings.company_accounts(claim.company)
	expected = {
		"payment_type": "Pay",
		"party_type": "Employee",
		"party": claim.employee,
		"company": claim.company,
		"paid_to": accounts.employee_payable_account,
	}
	wrong = [field for field, value in expected.items() if payment.get(field) != value]
	if wrong:
		frappe.throw(
			_("{0} pays the claim {1}: its {2} must be those of the claim.").format(
				bold(payment.name),
				bold(claim.name),
				", ".join(_(payment.meta.get_label(field)) for field in wrong),
			),
			ClaimPaymentError,
		)
	check_not_above_owed(payment, claim)


def check_not_above_owed(payment, claim) -> None:
	owed = owed_by(claim)
	if flt(payment.paid_amount) > owed + rules.CENT:
		frappe.throw(
			_("{0} pays {1}, but the claim {2} owes only {3}.").format(
				bold(payment.name),
				money(claim.company, payment.paid_amount),
				bold(claim.name),
				money(claim.company, owed),
			),
			ClaimPaymentError,
		)


def before_submit_claim_payment(payment) -> None:
	"""Payment Entry before_submit: the claim's row is locked, so two payments of one claim follow
	each other and the second sees the first."""
	name = payment.get(CLAIM_LINK)
	if not name:
		return
	claim = frappe.get_doc(CLAIM, name, for_update=True)
	check_not_above_owed(payment, claim)


# ----------------------------------------------------------------------------- Payment Entry events


def validate_payment(payment, method=None):
	validate_advance(payment)
	validate_claim_payment(payment)


def before_submit_payment(payment, method=None):
	before_submit_advance(payment)
	before_submit_claim_payment(payment)


def on_payment_change(payment, method=None):
	"""Payment Entry submit and cancel: the request or claim it cites follows, by the payment's
	amount, while its row is locked."""
	sign = 1 if payment.docstatus == 1 else -1
	if payment.get(REQUEST_LINK):
		requests.apply_advance(payment, sign)
	if payment.get(CLAIM_LINK):
		claim = frappe.db.get_value(
			CLAIM, payment.get(CLAIM_LINK), ["paid_amount"], as_dict=True, for_update=True
		)
		if claim:
			set_claim_status(
				payment.get(CLAIM_LINK), flt(flt(claim.paid_amount) + sign * flt(payment.paid_amount), 2)
			)


def set_claim_status(name: str, paid: float | None = None) -> None:
	"""Store what was paid of claim `name` (unchanged when `paid` is None) and its status."""
	claim = frappe.db.get_value(CLAIM, name, ["docstatus", "payable_amount", "paid_amount"], as_dict=True)
	if not claim:
		return
	paid = flt(claim.paid_amount) if paid is None else paid
	frappe.db.set_value(
		CLAIM,
		name,
		{"paid_amount": paid, "status": rules.claim_status(claim.docstatus, flt(claim.payable_amount), paid)},
		update_modified=False,
	)
