"""Roles over REST: Sales User requests, Sales Admin dispatches and records, Stock User reads;
the status rules hold over REST exactly as in the desk, and refusals leave nothing behind."""

import frappe
import pytest
from frappe.utils import nowdate

from tests.integration import factories, rest

REQUESTER = "nq-mat-rest-requester@example.com"
CLERK = "nq-mat-rest-clerk@example.com"
STOCK = "nq-mat-rest-stock@example.com"
RESOURCE = "/api/resource/Sales Material Log"
METHOD = "/api/method/neiqin.sales_materials.api."


@pytest.fixture(scope="module")
def users(base):
	return frappe._dict(
		requester=factories.ensure_user(REQUESTER, ["Sales User"]),
		clerk=factories.ensure_user(CLERK, ["Sales Admin"]),
		stock=factories.ensure_user(STOCK, ["Stock User"]),
	)


def request_body(base, **values) -> dict:
	return {
		"kind": "Document",
		"company": base.company,
		"party_type": "Customer",
		"party": base.customer,
		"dispatch_method": "Courier",
		"courier": factories.ensure_supplier(),
		"tracking_number": "SF-REST-1",
		"items": [{"description": "Signed agreement", "qty": 2}],
		**values,
	}


def create(base, committed, user, **values) -> str:
	response = rest.call("POST", RESOURCE, user=user, json=request_body(base, **values))
	assert response.status_code == 200, response.text
	return committed.add("Sales Material Log", response.json["data"]["name"])


def test_sales_user_requests_but_cannot_dispatch_or_record(base, users, committed):
	name = create(base, committed, users.requester)
	assert frappe.db.get_value("Sales Material Log", name, ["requested_by", "status", "docstatus"]) == (
		users.requester,
		"Requested",
		0,
	)
	response = rest.call("PUT", f"{RESOURCE}/{name}", user=users.requester, json={"docstatus": 1})
	assert response.status_code == 403, response.text
	assert frappe.db.get_value("Sales Material Log", name, "docstatus") == 0

	rest.call("PUT", f"{RESOURCE}/{name}", user=users.clerk, json={"docstatus": 1})
	response = rest.call("POST", METHOD + "confirm_receipt", user=users.requester, json={"name": name})
	assert response.status_code == 403, response.text
	assert frappe.db.get_value("Sales Material Log", name, "status") == "Dispatched"


def test_sales_admin_dispatches_and_records(base, users, committed):
	name = create(base, committed, users.requester)
	response = rest.call("PUT", f"{RESOURCE}/{name}", user=users.clerk, json={"docstatus": 1})
	assert response.status_code == 200, response.text
	assert response.json["data"]["status"] == "Dispatched"

	response = rest.call("POST", METHOD + "mark_delivered", user=users.clerk, json={"name": name})
	assert response.status_code == 200, response.text
	assert response.json["message"] == {"name": name, "status": "Delivered"}
	response = rest.call(
		"POST",
		METHOD + "record_return",
		user=users.clerk,
		json={"name": name, "items": '[{"idx": 1, "qty": 2}]', "returned_on": nowdate()},
	)
	assert response.status_code == 200, response.text
	assert frappe.db.get_value("Sales Material Log", name, "status") == "Returned"


def test_recorded_fields_cannot_be_written_over_rest(base, users, committed):
	name = create(base, committed, users.clerk)
	rest.call("PUT", f"{RESOURCE}/{name}", user=users.clerk, json={"docstatus": 1})
	for values in ({"confirmed_on": nowdate()}, {"status": "Confirmed"}, {"lost_on": nowdate()}):
		response = rest.call("PUT", f"{RESOURCE}/{name}", user=users.clerk, json=values)
		assert response.status_code == 417, response.text
		assert "can only be recorded" in response.exception
	assert frappe.db.get_value("Sales Material Log", name, ["status", "confirmed_on", "lost_on"]) == (
		"Dispatched",
		None,
		None,
	)
	# confirming before delivery is fine, but only through the action
	response = rest.call("POST", METHOD + "confirm_receipt", user=users.clerk, json={"name": name})
	assert response.status_code == 200, response.text


def test_recorded_fields_sent_with_a_draft_or_its_submit_are_ignored(base, users, committed):
	"""The desk cannot fill the read-only recorded fields of a draft; REST cannot either, so
	the status at dispatch never comes from values the actions did not record."""
	recorded = {"delivered_on": nowdate(), "confirmed_on": nowdate(), "lost_on": nowdate()}
	name = create(base, committed, users.clerk, lost_reason="x", received_by="y", is_overdue=1, **recorded)
	row = frappe.db.get_value("Sales Material Log Item", {"parent": name}, "name")
	response = rest.call(
		"PUT",
		f"{RESOURCE}/{name}",
		user=users.clerk,
		json={"items": [{"name": row, "description": "Signed agreement", "qty": 2, "returned_qty": 2}]},
	)
	assert response.status_code == 200, response.text
	response = rest.call("PUT", f"{RESOURCE}/{name}", user=users.clerk, json={"docstatus": 1, **recorded})
	assert response.status_code == 200, response.text
	assert response.json["data"]["status"] == "Dispatched"
	assert frappe.db.get_value(
		"Sales Material Log",
		name,
		["status", "delivered_on", "confirmed_on", "lost_on", "lost_reason", "received_by", "is_overdue"],
	) == ("Dispatched", None, None, None, None, None, 0)
	assert frappe.db.get_value("Sales Material Log Item", row, "returned_qty") == 0


def test_confirming_a_request_is_refused_over_rest(base, users, committed):
	name = create(base, committed, users.clerk)
	response = rest.call("POST", METHOD + "confirm_receipt", user=users.clerk, json={"name": name})
	assert response.status_code == 417, response.text
	assert "has not been dispatched" in response.exception
	assert frappe.db.get_value("Sales Material Log", name, ["status", "confirmed_on"]) == ("Requested", None)


def test_dispatch_without_tracking_number_is_refused_over_rest(base, users, committed):
	name = create(base, committed, users.clerk, tracking_number=None)
	response = rest.call("PUT", f"{RESOURCE}/{name}", user=users.clerk, json={"docstatus": 1})
	assert response.status_code == 417, response.text
	assert "tracking number" in response.exception
	assert frappe.db.get_value("Sales Material Log", name, ["docstatus", "status"]) == (0, "Requested")


def test_failed_stock_issue_leaves_the_request_as_it_was(base, users, committed):
	code = f"_NQ Empty {frappe.generate_hash(length=6)}"
	frappe.get_doc(
		{
			"doctype": "Item",
			"item_code": code,
			"item_group": factories.ITEM_GROUP,
			"stock_uom": "Nos",
			"is_stock_item": 1,
			"valuation_rate": 5,
		}
	).insert(ignore_permissions=True)
	committed.add("Item", code)
	name = create(
		base,
		committed,
		users.clerk,
		kind="Brochure",
		set_warehouse=base.warehouse,
		items=[{"item_code": code, "qty": 3}],
	)
	response = rest.call("PUT", f"{RESOURCE}/{name}", user=users.clerk, json={"docstatus": 1})
	assert response.status_code == 417, response.text
	assert frappe.db.get_value("Sales Material Log", name, ["docstatus", "status", "stock_entry"]) == (
		0,
		"Requested",
		None,
	)
	assert not frappe.db.exists("Stock Entry", {"sales_material_log": name})
	assert not frappe.db.exists("Stock Ledger Entry", {"item_code": code})


def test_stock_user_reads_but_does_not_write(base, users, committed):
	name = create(base, committed, users.clerk)
	response = rest.call("GET", f"{RESOURCE}/{name}", user=users.stock)
	assert response.status_code == 200, response.text
	assert response.json["data"]["kind"] == "Document"
	response = rest.call("PUT", f"{RESOURCE}/{name}", user=users.stock, json={"purpose": "x"})
	assert response.status_code == 403, response.text
	response = rest.call("POST", RESOURCE, user=users.stock, json=request_body(base))
	assert response.status_code == 403, response.text


def test_list_view_shows_kind_party_status_and_tracking():
	meta = frappe.get_meta("Sales Material Log")
	in_list = {field.fieldname for field in meta.fields if field.in_list_view}
	assert {"kind", "party_name", "status", "tracking_number"} <= in_list
	filters = {field.fieldname for field in meta.fields if field.in_standard_filter}
	assert {"kind", "party", "status", "courier", "requested_by", "is_overdue"} <= filters
