"""Stocked materials move real stock: issue on dispatch, receipt on return, reversal on cancel."""

import frappe
import pytest
from erpnext.stock.utils import get_stock_balance
from frappe.utils import flt

from neiqin.sales_materials import api
from neiqin.sales_materials.refusals import MaterialStockEntryError
from tests.integration import factories


def sle_qty(item_code: str, warehouse: str, voucher_nos=None) -> float:
	filters = {"item_code": item_code, "warehouse": warehouse, "is_cancelled": 0}
	if voucher_nos is not None:
		filters["voucher_no"] = ("in", voucher_nos)
	return flt(sum(frappe.get_all("Stock Ledger Entry", filters=filters, pluck="actual_qty")))


def entries_of(log_name: str) -> list[dict]:
	return frappe.get_all(
		"Stock Entry",
		filters={"sales_material_log": log_name},
		fields=["name", "purpose", "docstatus"],
		order_by="creation",
	)


@pytest.fixture
def material(base):
	"""A fresh stocked promotional item with 40 in Stores."""
	item = factories.make_item(rate=20)
	factories.receive_stock(item.name, base.warehouse, 40, rate=10)
	return item.name


def test_dispatch_issues_stocked_lines_linked_both_ways(base, material):
	log = factories.make_material_log(
		"Brochure",
		items=[
			{"item_code": material, "qty": 6},
			{"item_code": base.service, "qty": 1},  # not a stock item: no stock move
			{"description": "Cover letter", "qty": 1},
		],
		submit=True,
	)
	(entry,) = entries_of(log.name)
	assert log.stock_entry == entry.name and entry.docstatus == 1
	issue = frappe.get_doc("Stock Entry", entry.name)
	assert (issue.purpose, issue.sales_material_log) == ("Material Issue", log.name)
	assert [(row.item_code, row.qty, row.s_warehouse) for row in issue.items] == [
		(material, 6, base.warehouse)
	]
	assert sle_qty(material, base.warehouse, [issue.name]) == -6
	assert flt(get_stock_balance(material, base.warehouse)) == 34


def test_logs_without_stock_lines_post_nothing(base):
	log = factories.make_material_log(
		"Document", items=[{"description": "Tender file", "qty": 1}], submit=True
	)
	assert log.stock_entry is None and entries_of(log.name) == []


def test_returned_samples_come_back_into_stock_at_their_issue_rate(base, material):
	log = factories.make_material_log("Brochure", items=[{"item_code": material, "qty": 6}], submit=True)
	api.confirm_receipt(log.name)
	api.record_return(log.name, [{"item_code": material, "qty": 4}])
	issue, receipt = entries_of(log.name)
	assert (issue.purpose, receipt.purpose) == ("Material Issue", "Material Receipt")
	receipt_doc = frappe.get_doc("Stock Entry", receipt.name)
	assert receipt_doc.sales_material_log == log.name
	assert [(row.item_code, row.qty, row.t_warehouse) for row in receipt_doc.items] == [
		(material, 4, base.warehouse)
	]
	issue_rate = frappe.db.get_value("Stock Entry Detail", {"parent": issue.name}, "valuation_rate")
	assert flt(receipt_doc.items[0].basic_rate) == pytest.approx(flt(issue_rate))
	assert flt(get_stock_balance(material, base.warehouse)) == 38
	assert sle_qty(material, base.warehouse) == 38  # the ledger and the balance agree
	assert frappe.db.get_value("Sales Material Log", log.name, "status") == "Confirmed"


def test_cancel_reverses_issue_and_returns(base, material):
	log = factories.make_material_log("Brochure", items=[{"item_code": material, "qty": 6}], submit=True)
	api.record_return(log.name, [{"idx": 1, "qty": 2}])
	assert flt(get_stock_balance(material, base.warehouse)) == 36
	log.reload()
	log.cancel()
	assert [e.docstatus for e in entries_of(log.name)] == [2, 2]
	assert flt(get_stock_balance(material, base.warehouse)) == 40
	assert sle_qty(material, base.warehouse) == 40


def test_stock_entries_of_a_log_are_cancelled_through_the_log_only(base, material):
	log = factories.make_material_log("Brochure", items=[{"item_code": material, "qty": 1}], submit=True)
	issue = frappe.get_doc("Stock Entry", log.stock_entry)
	with pytest.raises(MaterialStockEntryError, match="cancel the log instead"):
		issue.cancel()
	assert frappe.db.get_value("Stock Entry", issue.name, "docstatus") == 1


def test_a_stock_entry_cannot_pretend_to_belong_to_a_log(base, material):
	log = factories.make_material_log("Brochure", items=[{"item_code": material, "qty": 1}], submit=True)
	with pytest.raises(MaterialStockEntryError, match="can post stock entries"):
		frappe.get_doc(
			{
				"doctype": "Stock Entry",
				"stock_entry_type": "Material Issue",
				"company": base.company,
				"sales_material_log": log.name,
				"items": [{"item_code": material, "qty": 1, "s_warehouse": base.warehouse}],
			}
		).insert()


def test_other_units_are_converted_to_stock_units(base, material):
	frappe.get_doc("Item", material).append("uoms", {"uom": "Box", "conversion_factor": 10}).save()
	log = factories.make_material_log("Brochure", items=[{"item_code": material, "qty": 2, "uom": "Box"}])
	assert log.items[0].stock_qty == 20
	log.submit()
	assert flt(get_stock_balance(material, base.warehouse)) == 20
	api.record_return(log.name, [{"idx": 1, "qty": 1}])
	assert flt(get_stock_balance(material, base.warehouse)) == 30


def test_the_form_connects_to_its_stock_entries(base, material):
	log = factories.make_material_log("Brochure", items=[{"item_code": material, "qty": 2}], submit=True)
	api.record_return(log.name, [{"idx": 1, "qty": 1}])
	counts = factories.connection_counts(log.doctype, log.name)
	assert counts["Stock Entry"] == 2
	assert counts["Purchase Invoice"] == 0
