"""Abuse cases against the submit gate: every way a user (or a script with their keys) can
submit a governed draft, and every way to change a reviewed document after submit. Each case
asserts the refusal and that nothing was written (docstatus, reviews, versions, ledgers)."""

import json

import frappe
import pytest

from neiqin.dual_review.exceptions import ReviewRequiredError
from tests.integration import factories, rest
from tests.integration.factories import as_user, make_review_rule, review_as, review_footprint

BULK = "/api/method/frappe.desk.doctype.bulk_update.bulk_update.submit_cancel_or_update_docs"
UPDATE_ITEMS = "/api/method/erpnext.controllers.accounts_controller.update_child_qty_rate"


@pytest.fixture(scope="module")
def users(base):
	return factories.ensure_abuse_users()


@pytest.fixture
def governed(users, committed):
	"""A committed Delivery Note rule and a committed draft Delivery Note owned by the clerk."""
	made = factories.make_governed_delivery(committed, users)
	made.users, made.committed = users, committed
	yield made
	factories.purge_review_records([name for _doctype, name in committed.docs])


def doc_path(doc) -> str:
	return f"/api/resource/{doc.doctype}/{doc.name}"


def assert_refused_by_gate(response):
	assert response.status_code == 417, response.text
	assert "ReviewRequiredError" in response.exception or "cannot be submitted" in response.exception


# ----------------------------------------------------------------------------- submit paths


def test_submit_through_resource_put_docstatus_1_is_refused(governed):
	dn, before = governed.dn, review_footprint("Delivery Note", governed.dn.name)
	response = rest.call("PUT", doc_path(dn), user=governed.users.clerk, json={"docstatus": 1})
	assert_refused_by_gate(response)
	assert review_footprint("Delivery Note", dn.name) == before


def test_submit_with_skip_flags_in_the_payload_is_refused(governed):
	dn, before = governed.dn, review_footprint("Delivery Note", governed.dn.name)
	payload = {
		"docstatus": 1,
		"flags": {"ignore_validate": 1, "ignore_permissions": 1},
		"__islocal": 0,
		"ignore_validate": 1,
	}
	response = rest.call("PUT", doc_path(dn), user=governed.users.clerk, json=payload)
	assert_refused_by_gate(response)
	assert review_footprint("Delivery Note", dn.name) == before


def test_frappe_client_submit_is_refused(governed):
	dn, clerk = governed.dn, governed.users.clerk
	before = review_footprint("Delivery Note", dn.name)
	doc = rest.call("GET", doc_path(dn), user=clerk).json["data"]
	response = rest.call("POST", "/api/method/frappe.client.submit", user=clerk, json={"doc": doc})
	assert_refused_by_gate(response)
	assert review_footprint("Delivery Note", dn.name) == before


def test_run_doc_method_submit_is_refused(governed):
	dn, clerk = governed.dn, governed.users.clerk
	before = review_footprint("Delivery Note", dn.name)
	response = rest.call(
		"POST",
		"/api/method/frappe.handler.run_doc_method",
		user=clerk,
		json={"dt": "Delivery Note", "dn": dn.name, "method": "submit"},
	)
	assert_refused_by_gate(response)
	doc = rest.call("GET", doc_path(dn), user=clerk).json["data"]
	response = rest.call(
		"POST",
		"/api/method/frappe.handler.run_doc_method",
		user=clerk,
		json={"docs": json.dumps(doc), "method": "submit"},
	)
	assert_refused_by_gate(response)
	assert review_footprint("Delivery Note", dn.name) == before


def test_desk_submit_button_savedocs_is_refused_even_for_a_system_manager(governed):
	dn, sysman = governed.dn, governed.users.sysman
	before = review_footprint("Delivery Note", dn.name)
	doc = rest.call("GET", doc_path(dn), user=sysman).json["data"]
	response = rest.call(
		"POST",
		"/api/method/frappe.desk.form.save.savedocs",
		user=sysman,
		json={"doc": json.dumps(doc), "action": "Submit"},
	)
	assert_refused_by_gate(response)
	assert review_footprint("Delivery Note", dn.name) == before


def test_bulk_submit_from_the_list_as_administrator_is_refused(governed):
	dn, before = governed.dn, review_footprint("Delivery Note", governed.dn.name)
	response = rest.call(
		"POST",
		BULK,
		user="Administrator",
		json={"doctype": "Delivery Note", "docnames": [dn.name], "action": "submit"},
	)
	assert response.status_code == 200, response.text
	assert response.json["message"] == [dn.name]  # the ones that failed
	assert review_footprint("Delivery Note", dn.name) == before


def test_inserting_a_delivery_note_already_submitted_over_rest_is_refused(governed):
	so, clerk = governed.so, governed.users.clerk
	from erpnext.selling.doctype.sales_order.sales_order import make_delivery_note

	body = make_delivery_note(so.name).as_dict(no_default_fields=True)
	body.update(docstatus=1)
	for row in body["items"]:
		row.pop("docstatus", None)
	count = frappe.db.count("Delivery Note", {"customer": so.customer})
	response = rest.call("POST", "/api/resource/Delivery Note", user=clerk, json=body)
	assert_refused_by_gate(response)
	assert frappe.db.count("Delivery Note", {"customer": so.customer}) == count


def test_server_code_submit_with_every_skip_flag_as_administrator_is_refused(users):
	make_review_rule("Delivery Note")
	so = factories.make_sales_order()
	with as_user(users.clerk):
		dn = factories.make_delivery_note(so, qty={"_NQ Widget": 2}, submit=False)
	doc = frappe.get_doc("Delivery Note", dn.name)
	doc.flags.update(ignore_validate=True, ignore_permissions=True, ignore_mandatory=True, ignore_links=True)
	frappe.db.savepoint("nq_abuse_submit")
	with pytest.raises(ReviewRequiredError):
		doc.submit()
	frappe.db.rollback(save_point="nq_abuse_submit")  # what the request handler does
	assert frappe.db.get_value("Delivery Note", dn.name, "docstatus") == 0
	assert not frappe.db.exists("Stock Ledger Entry", {"voucher_no": dn.name})


def test_data_import_of_submitted_orders_by_a_sales_manager_is_refused(users, committed):
	from tests.integration.test_review_rest import import_orders

	rule = committed.add(make_review_rule("Sales Order"))
	frappe.db.commit()
	marker = f"NQ-ABUSE-IMPORT-{frappe.generate_hash(length=6)}"
	today = frappe.utils.nowdate()
	row = ["_NQ Customer A", factories.COMPANY, today, today, "CNY", factories.PRICE_LIST, marker]
	row += ["_NQ Widget", 1, 100, today]
	with as_user(users.manager):
		status, errors = import_orders(committed, [row], submit=True)
	assert status == "Error" and "ReviewRequiredError" in errors
	assert not frappe.db.exists("Sales Order", {"po_no": marker})
	assert not frappe.db.exists("Document Review", {"review_rule": rule.name})


def test_amend_after_cancel_does_not_inherit_the_approvals(governed):
	users, dn = governed.users, governed.dn
	review_as(users.reviewer, dn)
	frappe.db.commit()
	response = rest.call("PUT", doc_path(dn), user=users.clerk, json={"docstatus": 1})
	assert response.status_code == 200, response.text
	response = rest.call(
		"POST",
		"/api/method/frappe.client.cancel",
		user=users.clerk,
		json={"doctype": "Delivery Note", "name": dn.name},
	)
	assert response.status_code == 200, response.text

	with as_user(users.clerk):
		amended = frappe.copy_doc(frappe.get_doc("Delivery Note", dn.name))
		amended.amended_from = dn.name
		amended.docstatus = 0
		amended.insert()
	governed.committed.add(amended)
	frappe.db.commit()
	before = review_footprint("Delivery Note", amended.name)
	response = rest.call("PUT", doc_path(amended), user=users.clerk, json={"docstatus": 1})
	assert_refused_by_gate(response)
	assert review_footprint("Delivery Note", amended.name) == before
	assert before["reviews"] == 0


# ----------------------------------------------------------------------------- after submit


@pytest.fixture
def reviewed_order(users, committed):
	"""A committed Sales Order owned by the clerk, approved under a committed rule and submitted."""

	def make(**rule_values):
		rule = committed.add(
			make_review_rule(
				"Sales Order", title=f"_NQ Orders {frappe.generate_hash(length=5)}", **rule_values
			)
		)
		with as_user(users.clerk):
			so = committed.add(factories.make_sales_order(submit=False))
		review_as(users.reviewer, so)
		with as_user(users.clerk):
			so = frappe.get_doc("Sales Order", so.name)
			so.submit()
		frappe.db.commit()
		return rule, so

	yield make
	factories.purge_review_records([name for _doctype, name in committed.docs])


def order_footprint(so) -> dict:
	values = frappe.db.get_value("Sales Order", so.name, ["po_no", "grand_total", "modified"], as_dict=True)
	items = frappe.get_all(
		"Sales Order Item", filters={"parent": so.name}, fields=["qty", "rate"], order_by="idx"
	)
	team = frappe.get_all(
		"Sales Team", filters={"parent": so.name}, fields=["sales_person", "allocated_percentage"]
	)
	return {**review_footprint("Sales Order", so.name), **values, "items": items, "team": team}


def test_update_items_on_a_reviewed_order_is_refused_naming_the_rule(users, reviewed_order):
	rule, so = reviewed_order()
	before = order_footprint(so)
	row = so.items[0]
	trans_items = [
		{"docname": row.name, "item_code": row.item_code, "qty": row.qty + 5, "rate": row.rate - 10}
	]
	response = rest.call(
		"POST",
		UPDATE_ITEMS,
		user=users.clerk,
		json={
			"parent_doctype": "Sales Order",
			"parent_doctype_name": so.name,
			"trans_items": json.dumps(trans_items),
		},
	)
	assert response.status_code == 417, response.text
	assert "ChangeAfterSubmitError" in response.exception and rule.title in response.exception
	assert order_footprint(so) == before


def test_changing_the_customer_po_of_a_reviewed_order_after_submit_is_refused(users, reviewed_order):
	_rule, so = reviewed_order()
	before = order_footprint(so)
	response = rest.call("PUT", doc_path(so), user=users.clerk, json={"po_no": "NQ-FORGED-PO"})
	assert response.status_code == 417, response.text
	assert "ChangeAfterSubmitError" in response.exception
	assert order_footprint(so) == before


def test_moving_the_commission_split_after_submit_is_refused(users, committed, reviewed_order):
	person = committed.add(factories.make_sales_person())  # registered first: deleted last
	_rule, so = reviewed_order()
	before = order_footprint(so)
	team = [{"sales_person": person.name, "allocated_percentage": 100}]
	response = rest.call("PUT", doc_path(so), user=users.clerk, json={"sales_team": team})
	assert response.status_code == 417, response.text
	assert "ChangeAfterSubmitError" in response.exception
	assert order_footprint(so) == before


def test_a_change_after_submit_the_rule_allows_is_recorded_with_who_made_it(users, reviewed_order):
	rule, so = reviewed_order(allow_changes_after_submit=1)
	response = rest.call("PUT", doc_path(so), user=users.clerk, json={"po_no": "NQ-PO-LATER"})
	assert response.status_code == 200, response.text
	change = frappe.get_all(
		"Review Content Change",
		filters={
			"reference_doctype": "Sales Order",
			"reference_name": so.name,
			"event": "Changed After Submit",
		},
		fields=["user", "review_rules", "changes"],
	)
	assert len(change) == 1 and change[0].user == users.clerk and rule.name in change[0].review_rules
	assert any("Changed after submit" in text for text in factories.timeline("Sales Order", so.name))
