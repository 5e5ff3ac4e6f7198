"""Report arithmetic of sales materials: ledger balances and courier settlement."""

import datetime

from hypothesis import given
from hypothesis import strategies as st

from neiqin.sales_materials.aggregation import MATERIAL, OTHER, SALES, build_ledger, month_of, settle_couriers

D = datetime.date


def test_ledger_rows_carry_running_balances():
	items = [{"item_code": "W", "item_name": "Widget", "stock_uom": "Nos"}, {"item_code": "G"}]
	moves = [
		{"item_code": "W", "actual_qty": -5, "voucher_no": "SE1"},
		{"item_code": "W", "actual_qty": 2, "voucher_no": "SE2"},
	]
	rows = build_ledger(items, {"W": 100, "G": 7}, moves)
	head, first, second, other = rows
	assert (head["opening_qty"], head["in_qty"], head["out_qty"], head["balance_qty"]) == (100, 2, 5, 97)
	assert (first["indent"], first["opening_qty"], first["out_qty"], first["balance_qty"]) == (1, 100, 5, 95)
	assert (second["in_qty"], second["balance_qty"], second["voucher_no"]) == (2, 97, "SE2")
	assert (other["item_code"], other["opening_qty"], other["balance_qty"]) == ("G", 7, 7)


def test_ledger_keeps_material_logs_apart_from_ordinary_sales():
	moves = [
		{"item_code": "W", "actual_qty": 50, "voucher_type": "Purchase Receipt"},
		{"item_code": "W", "actual_qty": -5, "voucher_type": "Stock Entry", "sales_material_log": "SML-1"},
		{"item_code": "W", "actual_qty": 1, "voucher_type": "Stock Entry", "sales_material_log": "SML-1"},
		{"item_code": "W", "actual_qty": -20, "voucher_type": "Delivery Note"},
		{"item_code": "W", "actual_qty": 2, "voucher_type": "Delivery Note"},  # a return
		{"item_code": "W", "actual_qty": -3, "voucher_type": "Sales Invoice"},  # updates stock
		{"item_code": "W", "actual_qty": -1, "voucher_type": "Stock Entry"},  # a transfer out
	]
	head, *rows = build_ledger([{"item_code": "W"}], {"W": 10}, moves)
	assert [row["movement"] for row in rows] == [
		OTHER,
		MATERIAL,
		MATERIAL,
		SALES,
		SALES,
		SALES,
		OTHER,
	]
	assert (head["material_out_qty"], head["sales_out_qty"]) == (4, 21)
	assert (head["in_qty"], head["out_qty"], head["balance_qty"]) == (53, 29, 34)


@given(
	st.floats(-1000, 1000, allow_nan=False),
	st.lists(st.floats(-100, 100, allow_nan=False).filter(lambda q: q != 0), max_size=20),
)
def test_ledger_balance_is_opening_plus_in_minus_out(opening, quantities):
	rows = build_ledger(
		[{"item_code": "W"}], {"W": opening}, [{"item_code": "W", "actual_qty": q} for q in quantities]
	)
	head = rows[0]
	assert abs(head["balance_qty"] - (opening + sum(quantities))) < 1e-6
	assert abs(head["balance_qty"] - (head["opening_qty"] + head["in_qty"] - head["out_qty"])) < 1e-6
	assert len(rows) == 1 + len(quantities)
	if quantities:
		assert abs(rows[-1]["balance_qty"] - head["balance_qty"]) < 1e-9


def test_courier_settlement_groups_by_courier_and_month():
	logs = [
		{"name": "L1", "courier": "SF", "dispatch_date": D(2026, 10, 3), "shipping_cost": 12},
		{
			"name": "L2",
			"courier": "SF",
			"dispatch_date": D(2026, 10, 30),
			"shipping_cost": 8,
			"purchase_invoice": "PI1",
		},
		{"name": "L3", "courier": "SF", "dispatch_date": D(2026, 11, 1), "shipping_cost": 20},
		{"name": "L4", "courier": "EMS", "dispatch_date": D(2026, 10, 9), "shipping_cost": 0},
	]
	rows = settle_couriers(logs)
	assert [(r["courier"], r["month"]) for r in rows] == [
		("EMS", "2026-10"),
		("SF", "2026-10"),
		("SF", "2026-11"),
	]
	ems, sf_oct, sf_nov = rows
	assert (sf_oct["count"], sf_oct["total_cost"], sf_oct["invoiced_cost"], sf_oct["to_settle"]) == (
		2,
		20,
		8,
		12,
	)
	assert sf_oct["purchase_invoices"] == ["PI1"] and sf_oct["open_logs"] == 1
	assert (sf_nov["count"], sf_nov["to_settle"]) == (1, 20)
	assert (ems["count"], ems["total_cost"], ems["open_logs"]) == (1, 0, 0)


def test_a_draft_invoice_is_drafted_not_invoiced():
	logs = [
		{"name": "L1", "courier": "SF", "dispatch_date": D(2026, 10, 3), "shipping_cost": 12},
		{
			"name": "L1",
			"courier": "SF",
			"dispatch_date": D(2026, 10, 3),
			"shipping_cost": 12,
			"purchase_invoice": "PI-DRAFT",
			"invoice_docstatus": 0,
		},
		{
			"name": "L2",
			"courier": "SF",
			"dispatch_date": D(2026, 10, 4),
			"shipping_cost": 5,
			"purchase_invoice": "PI-DRAFT",
			"invoice_docstatus": 0,
		},
		{
			"name": "L2",
			"courier": "SF",
			"dispatch_date": D(2026, 10, 4),
			"shipping_cost": 5,
			"purchase_invoice": "PI-1",
			"invoice_docstatus": 1,
		},
	]
	(row,) = settle_couriers(logs)
	assert (row["count"], row["invoiced_cost"], row["drafted_cost"], row["to_settle"], row["open_logs"]) == (
		2,
		5,
		12,
		0,
		0,
	)
	assert row["purchase_invoices"] == ["PI-DRAFT", "PI-1"]


def test_a_log_on_two_invoice_lines_counts_once():
	logs = [
		{
			"name": "L1",
			"courier": "SF",
			"dispatch_date": D(2026, 10, 3),
			"shipping_cost": 12,
			"purchase_invoice": "PI1",
		},
		{
			"name": "L1",
			"courier": "SF",
			"dispatch_date": D(2026, 10, 3),
			"shipping_cost": 12,
			"purchase_invoice": "PI2",
		},
	]
	(row,) = settle_couriers(logs)
	assert (row["count"], row["total_cost"], row["purchase_invoices"]) == (1, 12, ["PI1", "PI2"])


def test_month_of():
	assert month_of(D(2026, 1, 31)) == "2026-01"
