"""Goods leave only as the controls say — also when the person they govern tries to get around
them (issue 19). One test per attack, done as the insider does it: REST with the user's token
through frappe's request handling, server code with the flags, two real database connections
for the concurrent case. Each asserts the refusal (its own exception class, the line and the
reason in the message) and that nothing was left half-saved."""

from __future__ import annotations

import json
import threading
import time

import frappe
import pytest
from frappe.utils import add_days, flt, nowdate

from neiqin.dual_review.exceptions import (
	OwnerCannotReviewError,
	RequesterCannotReviewError,
	ReviewRequiredError,
)
from neiqin.sales_compliance.exceptions import (
	BelowListPriceError,
	ControlSettingError,
	CustomerMasterGuardError,
	PromotionWriteOffError,
	QualificationMissingError,
	QualificationVerificationError,
	WriteOffBoundError,
)
from tests.integration import factories, rest
from tests.integration.conftest import SITE
from tests.integration.factories import as_user, review_footprint

SETTINGS = "Neiqin Settings"
WIDGET = "_NQ Widget"


@pytest.fixture(scope="module")
def users(base):
	users = factories.ensure_abuse_users()
	users.manager2 = factories.ensure_user("nq-goods-manager2@example.com", ["Sales Manager"])
	users.seller = factories.ensure_user("nq-goods-seller@example.com", ["Sales User"])
	return users


def resource(doc) -> str:
	return f"/api/resource/{doc.doctype}/{doc.name}"


def other_price_list(rate: float | None = None) -> str:
	"""A selling price list of the company's currency with no price (or `rate`) for the widget."""
	name = f"_NQ Other List {frappe.generate_hash(length=5)}"
	frappe.get_doc(
		{"doctype": "Price List", "price_list_name": name, "currency": "CNY", "selling": 1, "enabled": 1}
	).insert(ignore_permissions=True)
	if rate is not None:
		factories.set_item_price(WIDGET, rate, name)
	return name


def delivery_values(rate: float, qty: float = 20, price_list: str | None = None, **values) -> dict:
	warehouse = frappe.db.get_value("Warehouse", {"company": factories.COMPANY, "warehouse_name": "Stores"})
	return {
		"doctype": "Delivery Note",
		"company": factories.COMPANY,
		"customer": factories.CUSTOMERS[0],
		"selling_price_list": price_list or factories.PRICE_LIST,
		"set_warehouse": warehouse,
		"items": [{"item_code": WIDGET, "qty": qty, "rate": rate, "warehouse": warehouse}],
		**values,
	}


def refused(exc, callable_, *args, **kwargs) -> str:
	"""Run inside a savepoint, expect `exc`, undo what it did (as a request would) and return
	the message."""
	frappe.db.savepoint("nq_goods_attempt")
	try:
		callable_(*args, **kwargs)
	except exc as error:
		frappe.db.rollback(save_point="nq_goods_attempt")
		frappe.set_user("Administrator")
		return str(error)
	raise AssertionError(f"{callable_} went through")


def expired_licence(customer: str = factories.CUSTOMERS[0], document_type: str = "Delivery Note"):
	"""A Block requirement and a verified licence of the customer that expired yesterday."""
	kind = factories.make_qualification_type().name
	factories.make_qualification_requirement(kind, document_type=document_type)
	return factories.make_customer_qualification(
		customer, kind, valid_from=add_days(nowdate(), -400), valid_to=add_days(nowdate(), -1)
	)


# ----------------------------------------------------------------------------- 1. the floor


def test_choosing_a_price_list_without_the_item_does_not_lower_the_floor_over_rest(users, committed):
	"""20 units at 1.00 (reference 100) on a price list with no price for the item, no approval."""
	empty_list = committed.add("Price List", other_price_list())
	frappe.db.commit()
	response = rest.call(
		"POST",
		"/api/resource/Delivery Note",
		user=users.clerk,
		json=delivery_values(1, price_list=empty_list),
	)
	assert response.status_code == 200, response.text[:500]
	name = committed.add("Delivery Note", response.json["data"]["name"])
	before = review_footprint("Delivery Note", name)
	response = rest.call(
		"PUT", f"/api/resource/Delivery Note/{name}", user=users.clerk, json={"docstatus": 1}
	)
	assert response.status_code == 417, response.text[:500]
	assert "BelowListPriceError" in response.exception
	assert "Row 1: _NQ Widget at" in response.exception and "reference price" in response.exception
	assert review_footprint("Delivery Note", name) == before  # nothing half-saved


def test_a_lower_price_list_margin_or_discount_does_not_lower_the_floor(base):
	cheap = other_price_list(rate=10)
	dn = frappe.get_doc(delivery_values(10, price_list=cheap)).insert()
	message = refused(BelowListPriceError, dn.submit)
	assert "below its reference price" in message and "100" in message
	# a document discount brings the net rate below the floor: the same refusal
	dn = frappe.get_doc(delivery_values(100, additional_discount_percentage=50)).insert()
	assert refused(BelowListPriceError, dn.submit)
	# at the reference price the goods leave
	assert frappe.get_doc(delivery_values(100, qty=1)).insert().submit().docstatus == 1


def test_an_item_without_reference_price_is_refused_unless_the_setting_allows_it(users):
	"""As a clerk (no right on Item Price, so ERPNext does not insert the document's rate as the
	item's price on save)."""
	item = frappe.get_doc(
		{
			"doctype": "Item",
			"item_code": f"_NQ Unpriced {frappe.generate_hash(length=5)}",
			"item_group": factories.ITEM_GROUP,
			"stock_uom": "Nos",
			"is_stock_item": 0,
		}
	).insert()
	values = delivery_values(5, qty=1)
	values["items"][0]["item_code"] = item.name
	with as_user(users.clerk):
		dn = frappe.get_doc(values).insert()
		assert "has no price in the reference price list" in refused(BelowListPriceError, dn.submit)
	frappe.db.set_single_value(SETTINGS, "unpriced_items", "Allow")
	with as_user(users.clerk):
		assert frappe.get_doc(values).insert().submit().docstatus == 1


def test_the_reviewers_check_uses_the_same_floor(base):
	from neiqin.dual_review.checks import run_check

	dn = frappe.get_doc(delivery_values(1, price_list=other_price_list())).insert()
	result = run_check("price_not_below_list", dn)
	assert not result.passed and "below its reference price" in result.message


# ----------------------------------------------------------------------------- 2. every goods-moving document


def test_a_stock_updating_invoice_is_held_to_the_floor_and_to_the_delivery_notes_licence(users, committed):
	"""严禁出库 and the qualification Block named Delivery Note; a stock-updating invoice moves goods."""
	frappe.set_user("Administrator")
	values = {
		"doctype": "Sales Invoice",
		"company": factories.COMPANY,
		"customer": factories.CUSTOMERS[1],
		"selling_price_list": other_price_list(),
		"update_stock": 1,
		"set_warehouse": base_warehouse(),
		"items": [{"item_code": WIDGET, "qty": 20, "rate": 1, "warehouse": base_warehouse()}],
	}
	si = frappe.get_doc(values).insert()
	assert "Row 1: _NQ Widget at" in refused(BelowListPriceError, si.submit)
	# the same invoice without update_stock bills and moves nothing: the reviewer's check flags it
	billed = frappe.get_doc({**values, "update_stock": 0}).insert()
	assert billed.submit().docstatus == 1
	# a Block requirement on Delivery Note, licence expired: the stock-updating invoice is refused
	expired_licence(factories.CUSTOMERS[1])
	si = frappe.get_doc(
		{
			**values,
			"selling_price_list": factories.PRICE_LIST,
			"items": [{"item_code": WIDGET, "qty": 1, "rate": 100, "warehouse": base_warehouse()}],
		}
	).insert()
	assert "expired on" in refused(QualificationMissingError, si.submit)


def pos_profile(price_list: str) -> str:
	"""A POS Profile of the company and an open POS session for Administrator (rolled back)."""
	from frappe.utils import now_datetime

	company = frappe.get_cached_value(
		"Company",
		factories.COMPANY,
		["cost_center", "write_off_account", "default_income_account", "default_cash_account"],
		as_dict=True,
	)
	cash = frappe.get_doc("Mode of Payment", "Cash")
	if not any(row.company == factories.COMPANY for row in cash.accounts):
		cash.append(
			"accounts", {"company": factories.COMPANY, "default_account": company.default_cash_account}
		)
		cash.save()
	profile = frappe.get_doc(
		{
			"doctype": "POS Profile",
			"name": f"_NQ POS {frappe.generate_hash(length=5)}",
			"company": factories.COMPANY,
			"warehouse": base_warehouse(),
			"selling_price_list": price_list,
			"currency": "CNY",
			"cost_center": company.cost_center,
			"write_off_account": company.write_off_account,
			"write_off_cost_center": company.cost_center,
			"income_account": company.default_income_account,
			"update_stock": 1,
			"payments": [{"mode_of_payment": "Cash", "default": 1}],
		}
	).insert()
	frappe.get_doc(
		{
			"doctype": "POS Opening Entry",
			"pos_profile": profile.name,
			"user": "Administrator",
			"company": factories.COMPANY,
			"period_start_date": now_datetime(),
			"balance_details": [{"mode_of_payment": "Cash", "opening_amount": 0}],
		}
	).submit()
	return profile.name


def test_a_pos_invoice_is_held_to_the_floor(base):
	"""Goods leave at the till: 20 at 1.00 on a POS price list without the item."""
	cheap = other_price_list()
	profile = pos_profile(cheap)
	invoice = frappe.get_doc(
		{
			"doctype": "POS Invoice",
			"pos_profile": profile,
			"company": factories.COMPANY,
			"customer": factories.CUSTOMERS[0],
			"is_pos": 1,
			"update_stock": 1,
			"selling_price_list": cheap,
			"set_warehouse": base_warehouse(),
			"items": [{"item_code": WIDGET, "qty": 20, "rate": 1, "warehouse": base_warehouse()}],
			"payments": [{"mode_of_payment": "Cash", "amount": 20, "default": 1}],
		}
	).insert()
	assert "Row 1: _NQ Widget at" in refused(BelowListPriceError, invoice.submit)
	assert frappe.db.get_value("POS Invoice", invoice.name, "docstatus") == 0


def base_warehouse() -> str:
	return frappe.db.get_value("Warehouse", {"company": factories.COMPANY, "warehouse_name": "Stores"})


def test_a_return_is_never_refused(base):
	dn = factories.make_direct_delivery_note(
		factories.CUSTOMERS[0], [{"item_code": WIDGET, "qty": 2, "rate": 100}]
	)
	expired_licence()
	factories.set_item_price(WIDGET, 1000)  # the reference price rose since
	ret = factories.make_return(dn, qty={WIDGET: 1})
	assert ret.docstatus == 1


# ----------------------------------------------------------------------------- 3. back-dating


def test_back_dating_revives_no_approval(base):
	expired = factories.make_promotion_approval(
		valid_from=add_days(nowdate(), -30), valid_to=add_days(nowdate(), -2)
	)
	dn = frappe.get_doc(
		delivery_values(80, qty=5, set_posting_time=1, posting_date=add_days(nowdate(), -10))
	).insert()
	dn.items[0].promotion_approval = expired.name
	dn.save()
	assert "expired on" in refused(BelowListPriceError, dn.submit)


def test_back_dating_revives_no_licence(base):
	expired_licence()
	dn = frappe.get_doc(
		delivery_values(100, qty=1, set_posting_time=1, posting_date=add_days(nowdate(), -10))
	).insert()
	assert "expired on" in refused(QualificationMissingError, dn.submit)


# ----------------------------------------------------------------------------- 4. concurrency


def submit_over_rest_in_thread(user: str, name: str, results: list) -> threading.Thread:
	"""PUT docstatus=1 from another thread: its own request, its own database connection."""
	from frappe.tests.test_api import make_request
	from frappe.utils import get_test_client

	token = factories.api_token(user)

	def send():
		client = get_test_client()
		raw = make_request(
			target=client.put,
			args=(f"/api/resource/Delivery Note/{name}",),
			kwargs={"headers": {"Authorization": f"token {token}"}, "json": {"docstatus": 1}},
			site=SITE,
		)
		results.append(rest.Response(raw))

	thread = threading.Thread(target=send)
	thread.start()
	return thread


def test_two_overlapping_deliveries_cannot_both_take_the_approvals_budget(users, committed):
	"""1,000 of budget; each delivery gives 800 away (40 at 80 against 100). The first submits in this connection and
	holds its transaction open; the second is sent meanwhile over REST (another connection). It
	waits for the approval's lock, then sees the first's consumption and is refused."""
	approval = committed.add(factories.make_promotion_approval(budget_amount=1000))
	with as_user(users.clerk):
		first = committed.add(frappe.get_doc(delivery_values(80, qty=40)).insert())
		second = committed.add(frappe.get_doc(delivery_values(80, qty=40)).insert())
	assert first.items[0].promotion_approval == approval.name == second.items[0].promotion_approval
	frappe.db.commit()
	results: list = []
	first.reload()
	first.submit()  # this transaction now holds the approval's lock
	thread = submit_over_rest_in_thread(users.clerk, second.name, results)
	time.sleep(3)
	frappe.db.commit()
	thread.join(timeout=120)
	assert results, "the second submit did not finish"
	response = results[0]
	frappe.db.commit()  # a fresh snapshot
	assert response.status_code == 417, response.text[:500]
	assert "BelowListPriceError" in response.exception and "budget" in response.exception
	assert frappe.db.get_value("Delivery Note", second.name, "docstatus") == 0
	stored = frappe.db.get_value("Promotion Approval", approval.name, "consumed_amount")
	from neiqin.sales_compliance.promotions import consumed

	assert flt(stored) == 800 == sum(amount for _qty, amount in consumed([approval.name]).values())


# ----------------------------------------------------------------------------- 5. write-offs


def cite(approval, entry, amount: float = 1) -> None:
	"""A write-off line of `amount` citing the Journal Entry `entry`."""
	approval.append(
		"write_offs",
		{
			"posting_date": nowdate(),
			"amount": amount,
			"reference_doctype": "Journal Entry",
			"reference_name": entry.name,
		},
	)


def test_write_offs_are_bounded_by_consumption_and_by_the_cited_document(base):
	approval = factories.make_promotion_approval()
	factories.make_direct_delivery_note(
		factories.CUSTOMERS[0],
		[{"item_code": WIDGET, "qty": 10, "rate": 80, "promotion_approval": approval.name}],
	)
	approval.reload()
	assert approval.consumed_amount == 200
	entry = factories.make_journal_receipt(factories.CUSTOMERS[0], 1.0)
	approval.append("write_offs", {"posting_date": nowdate(), "amount": 100000})
	assert "exceed what promotion approval" in refused(WriteOffBoundError, approval.save)
	approval.reload()
	for _ in range(2):  # one Journal Entry of 1.00 cited twice
		cite(approval, entry)
	assert "already written off elsewhere" in refused(WriteOffBoundError, approval.save)
	other = factories.make_promotion_approval(allow_stacking=1)
	approval.reload()
	cite(approval, entry)
	approval.save()
	cite(other, entry)
	assert "already written off elsewhere" in refused(WriteOffBoundError, other.save)
	draft = factories.make_journal_receipt(factories.CUSTOMERS[0], 50.0, submit=False)
	approval.reload()
	cite(approval, draft)
	assert "is not a submitted document" in refused(PromotionWriteOffError, approval.save)


# ----------------------------------------------------------------------------- 6. nobody approves what they asked for


def test_a_sales_manager_cannot_submit_or_approve_his_own_promotion_approval_over_rest(users, committed):
	values = {
		"title": "_NQ self-approved",
		"company": factories.COMPANY,
		"customer": factories.CUSTOMERS[0],
		"valid_from": nowdate(),
		"valid_to": add_days(nowdate(), 30),
		"budget_amount": 1000000,
		"items": [{"item_code": WIDGET, "promo_rate": 1}],
	}
	response = rest.call("POST", "/api/resource/Promotion Approval", user=users.manager, json=values)
	assert response.status_code == 200, response.text[:500]
	name = committed.add("Promotion Approval", response.json["data"]["name"])
	response = rest.call(
		"POST",
		"/api/method/neiqin.dual_review.api.review",
		user=users.manager,
		json={"doctype": "Promotion Approval", "name": name, "decision": "Approved"},
	)
	assert "OwnerCannotReviewError" in response.exception, response.text[:500]
	response = rest.call(
		"PUT", f"/api/resource/Promotion Approval/{name}", user=users.manager, json={"docstatus": 1}
	)
	assert response.status_code == 417 and "ReviewRequiredError" in response.exception, response.text[:500]
	assert frappe.db.get_value("Promotion Approval", name, "docstatus") == 0
	# a second Sales Manager approves: then it may be submitted
	response = rest.call(
		"POST",
		"/api/method/neiqin.dual_review.api.review",
		user=users.manager2,
		json={"doctype": "Promotion Approval", "name": name, "decision": "Approved"},
	)
	assert response.status_code == 200, response.text[:500]
	factories.purge_review_records([name])


def test_the_manager_named_as_requester_of_a_gift_or_seal_use_never_approves_it(users):
	frappe.db.set_single_value(SETTINGS, "approval_gift", 1)
	with as_user(users.admin):
		gift = factories.make_material_log(
			kind="Gift", requested_by=users.manager, dispatch_method="Hand Delivery"
		)
	message = refused(RequesterCannotReviewError, factories.review_as, users.manager, gift)
	assert "requester" in message
	seal = factories.make_seal()
	with as_user(users.admin):
		use = factories.make_seal_usage(seal, requested_by=users.manager)
	refused(RequesterCannotReviewError, factories.review_as, users.manager, use)
	with pytest.raises(OwnerCannotReviewError):
		factories.review_as(users.admin, use)


# ----------------------------------------------------------------------------- 7. approval need follows the item


def test_a_sample_relabelled_as_brochure_still_needs_approval(users):
	settings = frappe.get_single(SETTINGS)
	settings.append("material_kind_item_groups", {"item_group": factories.ITEM_GROUP, "kind": "Sample"})
	settings.save()
	log = factories.make_material_log(kind="Brochure", items=[{"item_code": WIDGET, "qty": 1}])
	assert log.needs_approval
	refused(ReviewRequiredError, log.submit)


def test_stock_worth_more_than_the_threshold_needs_approval_whatever_the_kind(users):
	item = factories.make_item(rate=500)  # valuation 250
	factories.add_stock(item.name, base_warehouse(), 100)
	log = factories.make_material_log(kind="Brochure", items=[{"item_code": item.name, "qty": 40}])
	assert log.needs_approval  # 40 x 250 = 10,000 > 500
	refused(ReviewRequiredError, log.submit)
	small = factories.make_material_log(kind="Brochure", items=[{"item_code": item.name, "qty": 1}])
	assert not small.needs_approval


# ----------------------------------------------------------------------------- 8. control settings


def test_a_sales_manager_cannot_switch_the_floor_off(users):
	response = rest.call(
		"PUT",
		f"/api/resource/{SETTINGS}/{SETTINGS}",
		user=users.manager,
		json={"forbid_unapproved_below_list": 0},
	)
	assert response.status_code in (200, 403, 417), response.text[:300]
	frappe.db.commit()
	assert frappe.db.get_single_value(SETTINGS, "forbid_unapproved_below_list") == 1
	with as_user(users.manager):
		settings = frappe.get_single(SETTINGS)
		settings.forbid_unapproved_below_list = 0
		settings.flags.ignore_permissions = True
		assert "decide what goods may leave" in refused(ControlSettingError, settings.save)
	with as_user(users.manager):
		settings = frappe.get_single(SETTINGS)
		settings.material_approval_threshold = 1000000
		settings.flags.ignore_validate = True
		settings.flags.ignore_permissions = True
		refused(ControlSettingError, settings.save)


def test_a_control_change_is_listed_in_the_review_audit_trail(users):
	from neiqin.dual_review.report.review_audit_trail.review_audit_trail import execute

	with as_user(users.sysman):
		settings = frappe.get_single(SETTINGS)
		settings.unpriced_items = "Allow"
		settings.flags.ignore_version = True
		settings.save()
	_columns, data, *_ = execute({"document_type": SETTINGS})
	rows = [row for row in data if row.event_label == "Control Setting Changed"]
	assert rows and rows[-1].reviewer == users.sysman
	assert "Refuse → Allow" in rows[-1].comment


# ----------------------------------------------------------------------------- 9. licences verified by another


def test_a_clerk_extending_or_typing_in_a_licence_cannot_make_it_count(users):
	licence = expired_licence()
	with as_user(users.admin):
		doc = frappe.get_doc("Customer Qualification", licence.name)
		doc.valid_to = add_days(nowdate(), 365)
		doc.save()
		assert not doc.verified_by  # the change cleared the verification
		assert "created or last changed" in refused(QualificationVerificationError, doc.verify)
	dn = frappe.get_doc(delivery_values(100, qty=1)).insert()
	assert "not verified by a second person" in refused(QualificationMissingError, dn.submit)
	# typed in, number "made-up", no scan: nobody can verify it
	typed = factories.make_customer_qualification(
		factories.CUSTOMERS[0], licence.qualification_type, number="made-up", attachment=None, verified=False
	)
	with as_user(factories.QUALIFICATION_VERIFIER):
		assert "without its scan" in refused(
			QualificationVerificationError, frappe.get_doc("Customer Qualification", typed.name).verify
		)
	# a second person verifies the extended licence with its scan: the goods may leave
	factories.verify_as(factories.QUALIFICATION_VERIFIER, licence)
	assert frappe.get_doc(delivery_values(100, qty=1)).insert().submit().docstatus == 1


# ----------------------------------------------------------------------------- 10. the customer master


def test_a_sales_user_cannot_move_the_customer_out_of_the_regulated_group_over_rest(users, committed):
	regulated = committed.add(factories.make_customer(customer_group=factories.CUSTOMER_GROUP))
	frappe.db.commit()
	response = rest.call(
		"PUT", resource(regulated), user=users.seller, json={"customer_group": "All Customer Groups"}
	)
	assert response.status_code == 417 and "CustomerMasterGuardError" in response.exception, response.text[
		:500
	]
	frappe.db.commit()
	assert frappe.db.get_value("Customer", regulated.name, "customer_group") == factories.CUSTOMER_GROUP
	with as_user(users.seller):
		doc = frappe.get_doc("Customer", regulated.name)
		doc.customer_group = "All Customer Groups"
		doc.flags.ignore_validate = True
		doc.flags.ignore_permissions = True
		refused(CustomerMasterGuardError, doc.save)
	with as_user(users.manager):
		doc = frappe.get_doc("Customer", regulated.name)
		doc.customer_group = "All Customer Groups"
		doc.flags.ignore_permissions = True
		doc.save()


# ----------------------------------------------------------------------------- 11. no server-side detour


def test_server_code_with_ignore_validate_or_ignore_permissions_skips_no_block(base):
	dn = frappe.get_doc(delivery_values(1, price_list=other_price_list())).insert()
	dn.flags.ignore_validate = True
	dn.flags.ignore_permissions = True
	refused(BelowListPriceError, dn.submit)
	assert frappe.db.get_value("Delivery Note", dn.name, "docstatus") == 0
	expired_licence()
	dn = frappe.get_doc(delivery_values(100, qty=1)).insert()
	dn.flags.ignore_validate = True
	refused(QualificationMissingError, dn.submit)


def test_update_items_cannot_raise_a_blocked_customers_order(base):
	from erpnext.controllers.accounts_controller import update_child_qty_rate

	kind = factories.make_qualification_type().name
	factories.make_qualification_requirement(kind, document_type="Sales Order")
	licence = factories.make_customer_qualification(
		factories.CUSTOMERS[0], kind, valid_from=add_days(nowdate(), -30), valid_to=add_days(nowdate(), 30)
	)
	so = factories.make_sales_order(items=[{"item_code": WIDGET, "qty": 10}])
	frappe.db.set_value("Customer Qualification", licence.name, "valid_to", add_days(nowdate(), -1))
	trans_items = json.dumps([{"docname": so.items[0].name, "item_code": WIDGET, "qty": 500, "rate": 100}])
	refused(QualificationMissingError, update_child_qty_rate, "Sales Order", trans_items, so.name)
	assert frappe.db.get_value("Sales Order Item", so.items[0].name, "qty") == 10
	new_line = [
		{"docname": so.items[0].name, "item_code": WIDGET, "qty": 10, "rate": 100},
		{"item_code": "_NQ Gadget", "qty": 1, "rate": 250},
	]
	refused(QualificationMissingError, update_child_qty_rate, "Sales Order", json.dumps(new_line), so.name)
	assert len(frappe.get_doc("Sales Order", so.name).items) == 1
	# lowering the quantity is no new promise: allowed
	trans_items = json.dumps([{"docname": so.items[0].name, "item_code": WIDGET, "qty": 5, "rate": 100}])
	update_child_qty_rate("Sales Order", trans_items, so.name)
	assert frappe.db.get_value("Sales Order Item", so.items[0].name, "qty") == 5


def test_amending_a_cancelled_delivery_meets_the_blocks_again(base):
	dn = frappe.get_doc(delivery_values(100, qty=1)).insert()
	dn.submit()
	dn.cancel()
	expired_licence()
	amended = frappe.copy_doc(dn)
	amended.docstatus = 0
	amended.amended_from = dn.name
	amended.insert()
	refused(QualificationMissingError, amended.submit)
