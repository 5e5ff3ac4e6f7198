"""Sales expenses (销售费用) from request to payment on a real site: approval through the dual
review, the advance, the claim's Journal Entry, paying the employee, cancelling."""

import frappe
import pytest
from frappe.utils import flt, nowdate

from neiqin.contract_fulfilment.live import flush
from neiqin.dual_review.exceptions import ReviewRequiredError
from neiqin.sales_expenses import exceptions as exc
from neiqin.sales_expenses.api import make_advance_payment, make_employee_payment
from tests.integration import expenses_support as support
from tests.integration import factories


@pytest.fixture(scope="module")
def ex(base):
	return support.ensure_expenses(base)


def gl(voucher_type, name):
	return frappe.get_all(
		"GL Entry",
		filters={"voucher_type": voucher_type, "voucher_no": name, "is_cancelled": 0},
		fields=["account", "debit", "credit", "party", "cost_center"],
		order_by="account",
	)


def test_install_ships_the_types_and_rules():
	assert frappe.db.get_value("Sales Expense Type", "特殊费用", "special") == 1
	for name in ("差旅费", "业务招待费", "市场推广费", "快递费", "印刷费"):
		assert frappe.db.exists("Sales Expense Type", name)
	titles = frappe.get_all(
		"Review Rule", filters={"document_type": ("like", "Sales Expense%"), "enabled": 1}, pluck="title"
	)
	assert len(titles) == 4, titles
	assert frappe.db.exists("Role", "General Manager")


def test_request_is_submitted_only_after_a_sales_manager_approved(base, ex):
	doc = support.make_request(base, ex)
	assert doc.status == "Draft"
	with factories.as_user(ex.users["sales"]), pytest.raises(ReviewRequiredError):
		doc.submit()
	support.approve(doc, ex.users["manager"])
	with factories.as_user(ex.users["sales"]):
		doc.reload()
		doc.submit()
	assert frappe.db.get_value("Sales Expense Request", doc.name, "status") == "Approved"


def test_special_or_large_request_needs_the_general_manager(base, ex):
	doc = support.make_request(base, ex, expense_type=support.SPECIAL_TYPE)
	assert doc.needs_general_manager
	support.approve(doc, ex.users["manager"])
	with factories.as_user(ex.users["sales"]), pytest.raises(ReviewRequiredError):
		doc.reload()
		doc.submit()
	support.approve(doc, ex.users["gm"])
	with factories.as_user(ex.users["sales"]):
		doc.reload()
		doc.submit()
	threshold = frappe.db.get_single_value("Neiqin Settings", "general_manager_threshold")
	large = support.make_request(base, ex, amount=threshold + 1)
	assert large.needs_general_manager
	small = support.make_request(base, ex, amount=threshold)
	assert not small.needs_general_manager


def test_advance_claim_journal_entry_and_payment(base, ex):
	request = support.approved_request(base, ex, amount=1000, advance=600)
	advance = support.pay_advance(request)
	assert advance.party_type == "Employee" and advance.paid_to == ex.advance_account
	request.reload()
	assert request.status == "Advance Paid" and request.advance_paid == 600
	claim = support.submitted_claim(
		base, ex, [support.claim_line(request, 700), support.claim_line(request, 100, tax_amount=6)]
	)
	assert (claim.total_amount, claim.advance_applied, claim.payable_amount) == (800, 600, 200)
	je = frappe.get_doc("Journal Entry", claim.journal_entry)
	assert je.sales_expense_claim == claim.name and je.docstatus == 1
	rows = gl("Journal Entry", je.name)
	assert sum(r.debit for r in rows) == sum(r.credit for r in rows) == claim.total_amount
	by_account = {r.account: r for r in rows}
	assert by_account[ex.expense_account].debit == 800
	assert by_account[ex.expense_account].cost_center == request.cost_center
	assert by_account[ex.advance_account].credit == 600
	assert by_account[ex.payable_account].credit == 200
	assert by_account[ex.payable_account].party == ex.employees["sales"]
	request.reload()
	assert (request.claimed_amount, request.advance_settled, request.status) == (800, 600, "Partly Claimed")
	assert claim.status == "Unpaid"
	payment = frappe.get_doc("Payment Entry", make_employee_payment(claim.name))
	assert payment.paid_amount == 200 and payment.paid_to == ex.payable_account
	payment.submit()
	assert frappe.db.get_value("Sales Expense Claim", claim.name, ["paid_amount", "status"]) == (200, "Paid")
	with pytest.raises(exc.ClaimPaymentError):
		make_employee_payment(claim.name)
	# cancel reverses: the payment first, then the claim and its entry
	payment.cancel()
	claim.reload()
	claim.cancel()
	assert frappe.db.get_value("Journal Entry", je.name, "docstatus") == 2
	request.reload()
	assert (request.claimed_amount, request.status) == (0, "Advance Paid")


def test_claim_reaching_the_estimate_settles_the_request(base, ex):
	request = support.approved_request(base, ex, amount=500, advance=500)
	support.pay_advance(request)
	support.submitted_claim(base, ex, [support.claim_line(request, 500)])
	assert frappe.db.get_value("Sales Expense Request", request.name, "status") == "Closed"
	other = support.approved_request(base, ex, amount=500, advance=500)
	support.pay_advance(other)
	support.submitted_claim(base, ex, [support.claim_line(other, 520)])
	assert frappe.db.get_value("Sales Expense Request", other.name, "status") == "Closed"


def test_one_advance_per_request_amendment_included(base, ex):
	request = support.approved_request(base, ex, amount=1000, advance=300)
	first = make_advance_payment(request.name)
	with pytest.raises(exc.AdvanceError):
		make_advance_payment(request.name)
	payment = frappe.get_doc("Payment Entry", first)
	payment.submit()
	payment.cancel()
	amended = frappe.copy_doc(payment)
	amended.amended_from = payment.name
	amended.docstatus = 0
	amended.insert()
	amended.submit()
	assert frappe.db.get_value("Sales Expense Request", request.name, "advance_paid") == 300
	second = frappe.copy_doc(payment)
	second.docstatus = 0
	with pytest.raises(exc.AdvanceError):
		second.insert()


def test_advance_must_match_the_request(base, ex):
	request = support.approved_request(base, ex, amount=1000, advance=300)
	payment = frappe.get_doc("Payment Entry", make_advance_payment(request.name))
	payment.paid_amount = payment.received_amount = 900
	with pytest.raises(exc.AdvanceError):
		payment.save()
	draft = support.make_request(base, ex, advance=100)
	with pytest.raises(exc.AdvanceError):
		make_advance_payment(draft.name)


def test_claim_above_tolerance_needs_a_new_approval(base, ex):
	request = support.approved_request(base, ex, amount=1000)
	support.make_claim(base, ex, [support.claim_line(request, 1100)])  # 10 % is allowed
	with pytest.raises(exc.ClaimAboveApprovalError):
		support.make_claim(base, ex, [support.claim_line(request, 1100.01)])
	support.submitted_claim(base, ex, [support.claim_line(request, 600)])
	with pytest.raises(exc.ClaimAboveApprovalError):
		support.make_claim(base, ex, [support.claim_line(request, 600)])


def test_a_receipt_is_claimed_once_in_the_company_whatever_its_spelling(base, ex):
	request = support.approved_request(base, ex, amount=1000)
	support.submitted_claim(base, ex, [support.claim_line(request, 100, receipt="ab-12 34")])
	for spelling in ("AB1234", "ａｂ－１２３４", " Ab 12-34 "):
		with pytest.raises(exc.DuplicateReceiptError):
			support.make_claim(base, ex, [support.claim_line(request, 100, receipt=spelling)])
	with pytest.raises(exc.DuplicateReceiptError):
		support.make_claim(
			base,
			ex,
			[support.claim_line(request, 10, receipt="X-1"), support.claim_line(request, 10, receipt="x1")],
		)


def test_claim_lines_cite_approved_requests_of_the_employee_and_type(base, ex):
	draft = support.make_request(base, ex)
	with pytest.raises(exc.ClaimLineError):
		support.make_claim(base, ex, [support.claim_line(draft, 100)])
	theirs = support.approved_request(base, ex, who="colleague")
	with pytest.raises(exc.ClaimLineError):
		support.make_claim(base, ex, [support.claim_line(theirs, 100)])
	mine = support.approved_request(base, ex)
	with pytest.raises(exc.ClaimLineError):
		support.make_claim(base, ex, [support.claim_line(mine, 100, expense_type="快递费")])
	with pytest.raises(exc.ClaimLineError):
		support.make_claim(base, ex, [support.claim_line(mine, 100, receipt_attachment=None)])


def test_contract_fulfilment_shows_the_expenses_claimed_against_its_order(base, ex):
	order = factories.make_sales_order(items=[{"item_code": base.widget, "qty": 1}])
	request = support.approved_request(base, ex, sales_order=order.name)
	claim = support.submitted_claim(base, ex, [support.claim_line(request, 250)])
	flush()
	assert (
		flt(frappe.db.get_value("Contract Fulfilment", {"sales_order": order.name}, "expenses_claimed"))
		== 250
	)
	claim.reload()
	claim.cancel()
	flush()
	assert (
		flt(frappe.db.get_value("Contract Fulfilment", {"sales_order": order.name}, "expenses_claimed")) == 0
	)


def test_a_promotion_approval_writes_off_a_submitted_claim_up_to_its_amount(base, ex):
	from neiqin.sales_compliance.exceptions import PromotionWriteOffError, WriteOffBoundError

	approval = factories.make_promotion_approval()
	factories.make_direct_delivery_note(
		base.customer, [{"item_code": base.widget, "qty": 5, "rate": 80}], submit=True
	)  # consumes 100: write-offs are bounded by consumption
	request = support.approved_request(
		base, ex, amount=500, expense_type="市场推广费", promotion_approval=approval.name
	)
	draft = support.make_claim(base, ex, [support.claim_line(request, 60)])

	def write_off(claim, amount):
		approval.reload()
		approval.append(
			"write_offs",
			{
				"posting_date": nowdate(),
				"description": "Promotion costs",
				"amount": amount,
				"reference_doctype": "Sales Expense Claim",
				"reference_name": claim.name,
			},
		)
		approval.save()

	with pytest.raises(PromotionWriteOffError):
		write_off(draft, 60)
	claim = support.submitted_claim(base, ex, [support.claim_line(request, 60)])
	with pytest.raises(WriteOffBoundError):
		write_off(claim, 61)  # more than the claim
	write_off(claim, 60)
	assert flt(frappe.db.get_value("Promotion Approval", approval.name, "written_off_amount")) == 60
