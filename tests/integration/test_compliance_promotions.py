"""Promotion approvals (促销活动批复): lines below the price list, 严禁出库, consumption."""

import frappe
import pytest
from erpnext.selling.doctype.sales_order.sales_order import update_status
from frappe.utils import add_days, flt, nowdate

from neiqin.dual_review.checks import run_check
from neiqin.dual_review.exceptions import ReviewRequiredError
from neiqin.sales_compliance.exceptions import (
	BelowListPriceError,
	PromotionBudgetError,
	PromotionOverlapError,
	PromotionRateError,
	QualificationDateError,
)
from neiqin.sales_compliance.promotions import below_list_lines
from tests.integration import factories
from tests.integration.factories import Days, dated


def order(rate=80, qty=10, customer=factories.CUSTOMERS[0], **values):
	return factories.make_sales_order(
		customer=customer, items=[{"item_code": "_NQ Widget", "qty": qty, "rate": rate}], **values
	)


def direct_delivery(rate=80, qty=10, customer=factories.CUSTOMERS[0], submit=False):
	return factories.make_direct_delivery_note(
		customer, [{"item_code": "_NQ Widget", "qty": qty, "rate": rate}], submit=submit
	)


def approval_values(name):
	return frappe.db.get_value(
		"Promotion Approval",
		name,
		["consumed_qty", "consumed_amount", "reserved_amount", "remaining_amount", "status"],
		as_dict=True,
	)


# ----------------------------------------------------------------------------- coverage


def test_a_below_list_line_gets_the_one_covering_approval_and_passes(base):
	pa = factories.make_promotion_approval()
	dn = direct_delivery()
	assert dn.items[0].promotion_approval == pa.name  # filled on save
	assert run_check("price_not_below_list", dn).passed
	dn.submit()
	assert dn.docstatus == 1


def test_without_an_approval_the_check_fails_and_the_delivery_is_refused(base):
	dn = direct_delivery()
	assert not dn.items[0].promotion_approval
	result = run_check("price_not_below_list", dn)
	assert not result.passed and "Row 1: _NQ Widget at" in result.message
	assert "no promotion approval covers it" in result.message
	with pytest.raises(BelowListPriceError, match="no promotion approval covers it"):
		dn.submit()
	assert frappe.db.get_value("Delivery Note", dn.name, "docstatus") == 0
	# at the list price nothing is needed
	assert direct_delivery(rate=100, submit=True).docstatus == 1


def test_only_lines_that_may_be_below_the_list_are_looked_up(base):
	"""One query reads the highest price of each item; ERPNext's price lookup runs only for a
	line priced below it — and still finds a low price whose fetched list rate was cleared."""
	from neiqin.sales_compliance.promotions import below_list_lines
	from tests.integration.sql_spy import recorded_statements

	at_list = direct_delivery(rate=100)
	with recorded_statements() as statements:
		assert below_list_lines(at_list) == []
	assert sum("tabItem Price" in sql for sql in statements) == 1, statements

	hidden = direct_delivery(rate=80)
	hidden.items[0].price_list_rate = 0  # cleared on the line: the Item Price still counts
	with recorded_statements() as statements:
		((row, line),) = below_list_lines(hidden)
	assert (row.idx, line.list_rate) == (1, 100)
	assert sum("tabItem Price" in sql for sql in statements) > 1
	with pytest.raises(BelowListPriceError):
		hidden.submit()


def test_the_setting_off_lets_it_through_but_the_reviewers_check_still_fails(base):
	frappe.db.set_single_value("Neiqin Settings", "forbid_unapproved_below_list", 0)
	dn = direct_delivery()
	assert not run_check("price_not_below_list", dn).passed
	dn.submit()
	assert dn.docstatus == 1


def test_each_reason_an_approval_does_not_cover_the_line(base):
	pa = factories.make_promotion_approval()
	cases = [
		(direct_delivery(rate=75), "below the rate"),
		(direct_delivery(customer=base.customer_b), "does not apply to customer"),
	]
	for dn, reason in cases:
		dn.items[0].promotion_approval = pa.name
		result = run_check("price_not_below_list", dn)
		assert not result.passed and reason in result.message, result.message
		with pytest.raises(BelowListPriceError, match=reason):
			dn.submit()
	# lowering the line's list rate changes nothing: the floor and the cost come from the reference
	dn = direct_delivery()
	dn.items[0].promotion_approval = pa.name
	dn.items[0].price_list_rate = 85
	assert run_check("price_not_below_list", dn).passed
	((_row, line),) = below_list_lines(dn)
	assert (line.list_rate, line.given_away) == (100, 200)
	gadget = factories.make_direct_delivery_note(
		base.customer, [{"item_code": "_NQ Gadget", "qty": 1, "rate": 200}], submit=False
	)
	gadget.items[0].promotion_approval = pa.name
	assert "does not cover this item" in run_check("price_not_below_list", gadget).message
	expired = factories.make_promotion_approval(
		valid_from=add_days(nowdate(), -30), valid_to=add_days(nowdate(), -1), allow_stacking=1
	)
	dn = direct_delivery()
	dn.items[0].promotion_approval = expired.name
	assert "expired on" in run_check("price_not_below_list", dn).message
	draft = factories.make_promotion_approval(submit=False, allow_stacking=1)
	dn.items[0].promotion_approval = draft.name
	assert "is not submitted" in run_check("price_not_below_list", dn).message


def test_two_covering_approvals_leave_the_choice_to_the_clerk(base):
	first = factories.make_promotion_approval(allow_stacking=1)
	second = factories.make_promotion_approval(allow_stacking=1, customer=None)
	dn = direct_delivery()
	assert not dn.items[0].promotion_approval
	dn.items[0].promotion_approval = second.name
	dn.save()
	assert dn.items[0].promotion_approval == second.name
	dn.submit()
	assert approval_values(second.name).consumed_qty == 10
	assert approval_values(first.name).consumed_qty == 0


def test_a_review_rule_sees_the_approval_through_the_check(base):
	pa = factories.make_promotion_approval()
	so = order(submit=False)
	assert so.items[0].promotion_approval == pa.name
	assert run_check("price_not_below_list", so).passed
	so.items[0].rate = 70
	result = run_check("price_not_below_list", so)
	assert not result.passed and "below the rate" in result.message


# ----------------------------------------------------------------------------- consumption


def test_consumption_follows_submit_cancel_and_return_of_deliveries(base):
	pa = factories.make_promotion_approval()
	so = order(qty=10)
	assert so.items[0].promotion_approval == pa.name
	values = approval_values(pa.name)
	assert (values.consumed_amount, values.reserved_amount) == (0, 200)  # an order consumes nothing

	dn = factories.make_delivery_note(so, qty={"_NQ Widget": 6})
	values = approval_values(pa.name)
	assert (values.consumed_qty, values.consumed_amount, values.reserved_amount) == (6, 120, 80)
	assert values.remaining_amount == 880

	si = factories.make_sales_invoice(dn)  # invoiced from the delivery: not counted twice
	assert approval_values(pa.name).consumed_amount == 120

	ret = factories.make_return(dn, qty={"_NQ Widget": 2})
	assert (approval_values(pa.name).consumed_qty, approval_values(pa.name).consumed_amount) == (4, 80)

	ret.cancel()
	si.cancel()
	dn.reload()
	dn.cancel()
	values = approval_values(pa.name)
	assert (values.consumed_qty, values.consumed_amount, values.reserved_amount) == (0, 0, 200)


def test_closing_or_holding_an_order_releases_what_it_reserved_and_reopening_takes_it_back(base):
	pa = factories.make_promotion_approval()
	so = order(qty=10)
	assert approval_values(pa.name).reserved_amount == 200
	factories.make_delivery_note(so, qty={"_NQ Widget": 4})
	assert approval_values(pa.name).reserved_amount == 120

	update_status("Closed", so.name)  # the order's Close button
	assert approval_values(pa.name).reserved_amount == 0
	update_status("Draft", so.name)  # Re-open: ERPNext sets the status from the deliveries
	assert frappe.db.get_value("Sales Order", so.name, "status") == "To Deliver and Bill"
	assert approval_values(pa.name).reserved_amount == 120
	assert approval_values(pa.name).consumed_amount == 80


def test_an_invoice_without_delivery_counts_itself_never_both(base):
	pa = factories.make_promotion_approval()
	so = order(qty=10)
	si = factories.make_sales_invoice(so)
	assert si.items[0].promotion_approval == pa.name
	assert approval_values(pa.name).consumed_amount == 200
	factories.make_delivery_note(so, qty={"_NQ Widget": 4})
	assert approval_values(pa.name).consumed_amount == 200  # the same goods
	factories.make_delivery_note(so, qty={"_NQ Widget": 6})
	assert approval_values(pa.name).consumed_amount == 200
	si.cancel()
	assert approval_values(pa.name).consumed_amount == 200  # now counted by the deliveries


def test_budget_exhaustion_refuses_the_next_delivery_and_marks_the_approval(base):
	pa = factories.make_promotion_approval(budget_amount=300)
	direct_delivery(qty=10, submit=True)  # gives away 200
	values = approval_values(pa.name)
	assert (values.remaining_amount, values.status) == (100, "Active")
	dn = direct_delivery(qty=6)  # would give away 120 > 100 left
	assert dn.items[0].promotion_approval == pa.name
	assert "would exceed the budget" in run_check("price_not_below_list", dn).message
	with pytest.raises(BelowListPriceError, match="would exceed the budget"):
		dn.submit()
	direct_delivery(qty=5, submit=True)  # exactly the 100 left
	assert approval_values(pa.name).status == "Exhausted"
	# an exhausted approval is not an active one: nothing is filled any more
	assert not direct_delivery(qty=1).items[0].promotion_approval


def test_max_qty_is_not_exceeded(base):
	pa = factories.make_promotion_approval(
		items=[{"item_code": "_NQ Widget", "promo_rate": 80, "max_qty": 12}]
	)
	direct_delivery(qty=10, submit=True)
	dn = direct_delivery(qty=3)
	with pytest.raises(BelowListPriceError, match="quantity approved"):
		dn.submit()
	direct_delivery(qty=2, submit=True)
	assert approval_values(pa.name).status == "Exhausted"


def test_write_offs_are_summed_after_submit(base):
	pa = factories.make_promotion_approval()
	direct_delivery(qty=5, submit=True)  # consumes 100: write-offs are bounded by consumption
	je = factories.make_journal_receipt(base.customer, 50)
	pa.reload()
	pa.append(
		"write_offs",
		{
			"posting_date": nowdate(),
			"description": "Fee",
			"amount": 50,
			"reference_doctype": "Journal Entry",
			"reference_name": je.name,
		},
	)
	pa.save()
	assert flt(pa.written_off_amount) == 50
	# a REST client cannot type in its own consumption
	pa.consumed_amount = 999
	pa.save()
	assert approval_values(pa.name).consumed_amount == 100


# ----------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
	"values, error",
	[
		({"valid_from": Days(5), "valid_to": Days(0)}, QualificationDateError),
		({"items": [{"item_code": "_NQ Widget", "promo_rate": -5}]}, PromotionRateError),
		({"items": [{"item_code": "_NQ Widget", "promo_rate": 0}]}, PromotionRateError),
		({"items": [{"item_code": "_NQ Widget", "discount_percentage": 120}]}, PromotionRateError),
		({"items": [{"item_code": "_NQ Widget", "discount_percentage": -1}]}, PromotionRateError),
		({"budget_amount": 0}, PromotionBudgetError),
		({"budget_amount": -10}, PromotionBudgetError),
	],
)
def test_bad_input_is_refused_and_nothing_saved(base, values, error):
	title = f"_NQ Bad {frappe.generate_hash(length=6)}"
	with pytest.raises(error):
		factories.make_promotion_approval(submit=False, title=title, **dated(values))
	assert not frappe.db.exists("Promotion Approval", {"title": title})


def test_overlapping_active_approvals_are_refused_unless_stacking(base):
	factories.make_promotion_approval()
	with pytest.raises(PromotionOverlapError, match="already covers"):
		factories.make_promotion_approval(
			valid_from=add_days(nowdate(), 10), valid_to=add_days(nowdate(), 60)
		)
	group_wide = factories.make_promotion_approval(
		submit=False, customer=None, customer_group=base.customer_group
	)
	with pytest.raises(PromotionOverlapError):
		group_wide.submit()
	assert factories.make_promotion_approval(allow_stacking=1).docstatus == 1
	later = factories.make_promotion_approval(
		valid_from=add_days(nowdate(), 31), valid_to=add_days(nowdate(), 60)
	)
	assert later.docstatus == 1


# ----------------------------------------------------------------------------- rights and review


def test_only_a_sales_manager_submits_and_a_review_rule_may_govern_it(base):
	clerk = factories.ensure_user("nq-compliance-admin@example.com", ["Sales Admin", "Sales User"])
	manager = factories.ensure_user("nq-compliance-manager@example.com", ["Sales Manager", "Sales User"])
	seller = factories.ensure_user("nq-compliance-seller@example.com", ["Sales User"])
	pa = factories.make_promotion_approval(submit=False)
	assert frappe.has_permission("Promotion Approval", "write", pa, user=clerk)
	assert not frappe.has_permission("Promotion Approval", "submit", pa, user=clerk)
	assert frappe.has_permission("Promotion Approval", "submit", pa, user=manager)
	assert frappe.has_permission("Promotion Approval", "read", pa, user=seller)
	assert not frappe.has_permission("Promotion Approval", "write", pa, user=seller)

	factories.make_review_rule("Promotion Approval")
	frappe.set_user(manager)
	pa = frappe.get_doc("Promotion Approval", pa.name)
	with pytest.raises(ReviewRequiredError):
		pa.submit()


def test_the_approval_connections_list_the_documents_that_use_it(base):
	from frappe.desk.notifications import get_open_count

	pa = factories.make_promotion_approval()
	dn = direct_delivery(submit=True)
	assert dn.items[0].promotion_approval == pa.name
	order(qty=2)
	found = {
		row["doctype"]: row["count"]
		for row in get_open_count("Promotion Approval", pa.name)["count"]["external_links_found"]
	}
	assert (found["Delivery Note"], found["Sales Order"], found["Sales Invoice"]) == (1, 1, 0)


# ----------------------------------------------------------------------------- the party


@pytest.fixture
def manager(base):
	"""A Sales Manager (made and committed before the defaults below are set)."""
	return factories.ensure_user("nq-compliance-manager@example.com", ["Sales Manager", "Sales User"])


@pytest.fixture
def setup_wizard_defaults(manager):
	"""The defaults the setup wizard leaves on a site: All Customer Groups, All Territories (set
	inside the test's transaction: nothing commits until it is rolled back)."""
	keys = {"customer_group": "All Customer Groups", "territory": "All Territories"}
	for key, value in keys.items():
		frappe.db.set_default(key, value)
	frappe.local.new_doc_templates.pop("Promotion Approval", None)
	yield keys
	for key in keys:
		frappe.defaults.clear_default(key, parent="__default")
	frappe.local.new_doc_templates.pop("Promotion Approval", None)


def test_a_new_approval_takes_exactly_the_party_the_user_chose(base, manager, setup_wizard_defaults):
	# what frappe would put into a new form (and into every insert's empty fields)
	assert frappe.new_doc("Promotion Approval").customer_group == "All Customer Groups"
	frappe.set_user(manager)

	for_customer = factories.make_promotion_approval(submit=False)
	saved = frappe.db.get_value(
		"Promotion Approval", for_customer.name, ["customer", "customer_group", "territory"], as_dict=True
	)
	assert saved == {"customer": factories.CUSTOMERS[0], "customer_group": None, "territory": None}

	for_group = factories.make_promotion_approval(
		customer=None, customer_group=factories.CUSTOMER_GROUP, submit=False
	)
	assert (for_group.customer, for_group.customer_group, for_group.territory) == (
		None,
		factories.CUSTOMER_GROUP,
		None,
	)
	everybody = factories.make_promotion_approval(customer=None, submit=False)
	assert not (everybody.customer or everybody.customer_group or everybody.territory)

	# two parties the user chose are still refused, nothing saved
	before = frappe.db.count("Promotion Approval")
	with pytest.raises(PromotionRateError):
		factories.make_promotion_approval(territory=factories.TERRITORY, submit=False)
	assert frappe.db.count("Promotion Approval") == before
