"""Sales Material Log: request, dispatch, delivery, receipt, return, loss — and every refusal."""

import frappe
import pytest
from frappe.utils import add_days, getdate, nowdate

from neiqin.sales_materials import api
from neiqin.sales_materials.refusals import (
	MaterialDispatchError,
	MaterialKindError,
	MaterialLineError,
	MaterialRecipientError,
	MaterialReturnError,
	MaterialStatusError,
)
from tests.integration import factories
from tests.integration.factories import Days, dated

DOCS = [{"description": "Signed contract copy", "qty": 2}]


def log_count() -> int:
	return frappe.db.count("Sales Material Log")


# ------------------------------------------------------------------ request (draft)


def test_a_saved_draft_is_the_request(base):
	log = factories.make_material_log("Brochure")
	assert log.status == "Requested"
	assert log.name.startswith("SML-")
	assert log.requested_by == "Administrator"
	assert log.party_name == base.customer
	row = log.items[0]
	assert (row.item_name, row.is_stock_item, row.uom, row.warehouse) == (
		base.widget,
		1,
		"Nos",
		base.warehouse,
	)
	assert row.stock_qty == 5


def test_dispatch_method_follows_the_kind_when_left_empty(base):
	# business cards (like gifts, which need approval first) are handed over
	cards = factories.make_material_log(
		"Business Card", dispatch_method=None, courier=None, tracking_number=None
	)
	assert cards.dispatch_method == "Hand Delivery"
	cards.submit()  # handed over: no courier, no tracking number needed
	assert cards.status == "Dispatched"
	document = factories.make_material_log("Document", items=DOCS, dispatch_method=None)
	assert document.dispatch_method == "Courier"


@pytest.mark.parametrize("qty", [0, -3])
def test_zero_or_negative_quantities_are_refused_and_nothing_is_saved(base, qty):
	before = log_count()
	with pytest.raises(MaterialLineError, match="greater than zero"):
		factories.make_material_log("Brochure", items=[{"item_code": base.widget, "qty": qty}])
	assert log_count() == before


def test_lines_need_an_item_or_description_and_stock_needs_a_warehouse(base):
	with pytest.raises(MaterialLineError, match="choose an item or describe"):
		factories.make_material_log("Document", items=[{"qty": 1}])
	with pytest.raises(MaterialLineError, match="choose the warehouse"):
		factories.make_material_log(
			"Sample", items=[{"item_code": base.widget, "qty": 1}], set_warehouse=None
		)
	with pytest.raises(MaterialKindError, match="at least one line"):
		factories.make_material_log("Brochure", items=[])


def test_warehouse_of_another_company_is_refused(base):
	other = frappe.db.get_value("Warehouse", {"company": ("!=", base.company), "is_group": 0})
	if not other:
		pytest.skip("the site has no second company with a warehouse")
	with pytest.raises(MaterialLineError, match="another company"):
		factories.make_material_log(
			"Brochure", items=[{"item_code": base.widget, "qty": 1, "warehouse": other}]
		)


def test_contact_and_address_must_belong_to_the_recipient(base):
	contact = frappe.get_doc(
		{
			"doctype": "Contact",
			"first_name": "Wang",
			"last_name": "Fang",
			"phone_nos": [{"phone": "13800000000", "is_primary_mobile_no": 1}],
			"links": [{"link_doctype": "Customer", "link_name": base.customer}],
		}
	).insert(ignore_permissions=True)
	address = frappe.get_doc(
		{
			"doctype": "Address",
			"address_title": "Wang",
			"address_line1": "1 Nanjing Road",
			"city": "Shanghai",
			"country": "China",
			"links": [{"link_doctype": "Customer", "link_name": base.customer}],
		}
	).insert(ignore_permissions=True)
	log = factories.make_material_log("Brochure", contact=contact.name, address=address.name)
	assert "13800000000" in log.contact_display
	assert "Nanjing Road" in log.address_display
	with pytest.raises(MaterialRecipientError, match="does not belong to"):
		factories.make_material_log("Brochure", party=base.customer_b, contact=contact.name)


def test_party_can_be_a_lead_or_a_supplier(base):
	lead = frappe.get_doc(
		{"doctype": "Lead", "first_name": "Li", "last_name": "Lei", "company_name": "_NQ Prospect Ltd"}
	).insert(ignore_permissions=True)
	log = factories.make_material_log("Brochure", party_type="Lead", party=lead.name)
	assert log.party_name == lead.lead_name
	supplier = factories.make_supplier()
	log = factories.make_material_log("Document", items=DOCS, party_type="Supplier", party=supplier.name)
	assert log.party_name == supplier.supplier_name


# ------------------------------------------------------------------ dispatch (submit)


@pytest.mark.parametrize(
	"kind, values, message",
	[
		("Document", {"courier": None}, "Choose the courier"),
		("Document", {"tracking_number": " "}, "tracking number"),
		("Brochure", {"dispatch_method": "Registered Mail", "tracking_number": None}, "tracking number"),
		("Document", {"dispatch_method": "Hand Delivery"}, "must be mailed separately"),
		("Brochure", {"dispatch_date": Days(2)}, "in the future"),
	],
)
def test_dispatch_is_refused_without_what_the_kind_needs(base, kind, values, message):
	items = DOCS if kind == "Document" else None
	log = factories.make_material_log(kind, items=items, **dated(values))
	with pytest.raises(MaterialDispatchError, match=message):
		log.submit()
	assert frappe.db.get_value("Sales Material Log", log.name, ["docstatus", "status"]) == (0, "Requested")
	assert not frappe.db.exists("Stock Entry", {"sales_material_log": log.name})


def test_negative_shipping_cost_is_refused(base):
	with pytest.raises(MaterialDispatchError, match="cannot be negative"):
		factories.make_material_log("Brochure", shipping_cost=-1)


def test_dispatch_sets_date_and_status(base):
	log = factories.make_material_log("Brochure", submit=True)
	assert (log.status, getdate(log.dispatch_date)) == ("Dispatched", getdate(nowdate()))
	assert frappe.db.get_value("Sales Material Log", log.name, "status") == "Dispatched"


# ------------------------------------------------------------------ after dispatch


def test_delivery_then_confirmation(base):
	log = factories.make_material_log("Document", items=DOCS, submit=True)
	assert api.mark_delivered(log.name) == {"name": log.name, "status": "Delivered"}
	result = api.confirm_receipt(log.name, received_by="Ms Zhao")
	assert result["status"] == "Confirmed"
	log.reload()
	assert (log.confirmed_by, log.received_by, getdate(log.confirmed_on)) == (
		"Administrator",
		"Ms Zhao",
		getdate(nowdate()),
	)


def test_confirming_receipt_implies_delivery(base):
	log = factories.make_material_log("Document", items=DOCS, submit=True)
	api.confirm_receipt(log.name)
	log.reload()
	assert log.status == "Confirmed" and log.delivered_on == log.confirmed_on


def test_confirming_receipt_before_dispatch_is_refused(base):
	log = factories.make_material_log("Document", items=DOCS)
	with pytest.raises(MaterialStatusError, match="has not been dispatched"):
		api.confirm_receipt(log.name)
	with pytest.raises(MaterialStatusError, match="has not been dispatched"):
		api.mark_delivered(log.name)
	log.reload()
	assert (log.status, log.confirmed_on, log.delivered_on) == ("Requested", None, None)


def test_dates_before_dispatch_or_in_the_future_are_refused(base):
	log = factories.make_material_log("Document", items=DOCS, submit=True)
	with pytest.raises(MaterialStatusError, match="before the dispatch date"):
		api.mark_delivered(log.name, delivered_on=add_days(nowdate(), -1))
	with pytest.raises(MaterialStatusError, match="in the future"):
		api.confirm_receipt(log.name, confirmed_on=add_days(nowdate(), 1))
	assert frappe.db.get_value("Sales Material Log", log.name, "status") == "Dispatched"


def test_lost_shipments_take_no_further_records(base):
	log = factories.make_material_log("Document", items=DOCS, submit=True)
	with pytest.raises(MaterialStatusError, match="why"):
		api.mark_lost(log.name, reason="  ")
	assert api.mark_lost(log.name, reason="Courier lost the parcel")["status"] == "Lost"
	with pytest.raises(MaterialStatusError, match="already"):
		api.confirm_receipt(log.name)
	with pytest.raises(MaterialStatusError, match="already"):
		api.record_return(log.name, [{"idx": 1, "qty": 1}])


def test_confirmed_log_cannot_be_marked_lost_or_delivered_again(base):
	log = factories.make_material_log("Document", items=DOCS, submit=True)
	api.confirm_receipt(log.name)
	for action in (lambda: api.mark_lost(log.name, reason="x"), lambda: api.mark_delivered(log.name)):
		with pytest.raises(MaterialStatusError, match="already"):
			action()


def test_partial_then_full_return(base):
	log = factories.make_material_log("Document", items=DOCS, submit=True)
	api.confirm_receipt(log.name)
	assert api.record_return(log.name, [{"idx": 1, "qty": 1}])["status"] == "Confirmed"
	assert api.record_return(log.name, {log.items[0].name: 1})["status"] == "Returned"
	log.reload()
	assert log.items[0].returned_qty == 2


def test_returning_more_than_was_sent_is_refused(base):
	log = factories.make_material_log("Document", items=DOCS, submit=True)
	api.record_return(log.name, [{"idx": 1, "qty": 1.5}])
	with pytest.raises(
		MaterialReturnError, match=r"Line .*1.*: cannot return .*1.0.*; only .*0.5.* were sent"
	):
		api.record_return(log.name, [{"idx": 1, "qty": 1}])
	with pytest.raises(MaterialReturnError, match="greater than zero"):
		api.record_return(log.name, [{"idx": 1, "qty": -1}])
	with pytest.raises(MaterialReturnError, match="not on this log"):
		api.record_return(log.name, [{"idx": 7, "qty": 1}])
	with pytest.raises(MaterialReturnError, match="list of lines"):
		api.record_return(log.name, "not json")
	log.reload()
	assert log.items[0].returned_qty == 1.5


def test_recorded_fields_cannot_be_edited_directly(base):
	"""allow_on_submit fields change only through the actions, which check the status."""
	log = factories.make_material_log("Document", items=DOCS, submit=True)
	for field, value in (
		("confirmed_on", nowdate()),
		("lost_on", nowdate()),
		("status", "Confirmed"),
		("is_overdue", 1),
	):
		doc = frappe.get_doc("Sales Material Log", log.name)
		doc.set(field, value)
		with pytest.raises(MaterialStatusError, match="can only be recorded"):
			doc.save()
	doc = frappe.get_doc("Sales Material Log", log.name)
	doc.items[0].returned_qty = 2
	with pytest.raises(MaterialStatusError, match="can only be recorded"):
		doc.save()
	# what may be corrected after dispatch: tracking number and cost
	doc = frappe.get_doc("Sales Material Log", log.name)
	doc.tracking_number = "SF-CORRECTED"
	doc.shipping_cost = 18
	doc.save()
	assert frappe.db.get_value("Sales Material Log", log.name, ["tracking_number", "status"]) == (
		"SF-CORRECTED",
		"Dispatched",
	)
	doc.tracking_number = ""
	with pytest.raises(MaterialDispatchError, match="tracking number"):
		doc.save()


def test_refusals_are_translated(base):
	frappe.local.lang = "zh"
	log = factories.make_material_log("Document", items=DOCS)
	with pytest.raises(MaterialStatusError, match="尚未寄出"):
		api.confirm_receipt(log.name)
	with pytest.raises(MaterialLineError, match="数量必须大于零"):
		factories.make_material_log("Document", items=[{"description": "x", "qty": 0}])


def test_cancel_marks_the_log_cancelled(base):
	log = factories.make_material_log("Document", items=DOCS, submit=True)
	log.cancel()
	assert frappe.db.get_value("Sales Material Log", log.name, "status") == "Cancelled"
	with pytest.raises(MaterialStatusError):
		api.mark_delivered(log.name)
