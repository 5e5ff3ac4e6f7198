"""Sales Material Ledger (广促品台帐): per material and period the opening, in, out and
balance quantities, read from ERPNext's stock ledger so that it balances with it; each
movement shows the log behind it, who requested it and who approved it. Movements of sales
material logs and ordinary sales deliveries of the same item are told apart (Movement column,
Material Out / Sales Out on the item row), so a sale is never counted as a material issue.

The materials are the stock items that appear on sales material logs of the company.
A fixed number of queries: items, opening balances, movements, approvals.
"""

import frappe
from frappe import _
from frappe.query_builder.functions import Sum

from neiqin import people
from neiqin.report_filters import answers_refusals
from neiqin.sales_materials import aggregation, review
from neiqin.sales_materials.report_filters import period
from neiqin.user_permissions import document_rules, readable, restrict

DOCTYPE = "Sales Material Log"


@answers_refusals
def execute(filters=None):
	filters, company, from_date, to_date = period(filters)
	data = get_data(filters, company, from_date, to_date)
	return get_columns(), data, None, None, get_report_summary(data)


def get_columns() -> list[dict]:
	return [
		{"label": _("Item"), "fieldname": "item_code", "fieldtype": "Link", "options": "Item", "width": 160},
		{"label": _("Item Name"), "fieldname": "item_name", "fieldtype": "Data", "width": 140},
		{"label": _("Posting Date"), "fieldname": "posting_date", "fieldtype": "Date", "width": 100},
		{
			"label": _("Warehouse"),
			"fieldname": "warehouse",
			"fieldtype": "Link",
			"options": "Warehouse",
			"width": 130,
		},
		{"label": _("Voucher Type"), "fieldname": "voucher_type", "fieldtype": "Data", "width": 110},
		{
			"label": _("Voucher No"),
			"fieldname": "voucher_no",
			"fieldtype": "Dynamic Link",
			"options": "voucher_type",
			"width": 150,
		},
		{
			"label": _("Sales Material Log"),
			"fieldname": "sales_material_log",
			"fieldtype": "Link",
			"options": DOCTYPE,
			"width": 140,
		},
		{"label": _("Movement Type"), "fieldname": "movement_label", "fieldtype": "Data", "width": 130},
		{"label": _("Kind"), "fieldname": "kind", "fieldtype": "Data", "width": 100},
		{"label": _("Party Name"), "fieldname": "party_name", "fieldtype": "Data", "width": 140},
		people.person_column(_("Requested By"), "requested_by", 140),
		{"label": _("Approved By"), "fieldname": "approved_by", "fieldtype": "Data", "width": 140},
		people.person_column(_("Posted By"), "posted_by", 140),
		{"label": _("UOM"), "fieldname": "stock_uom", "fieldtype": "Link", "options": "UOM", "width": 70},
		{"label": _("Opening Qty"), "fieldname": "opening_qty", "fieldtype": "Float", "width": 100},
		{"label": _("In Qty"), "fieldname": "in_qty", "fieldtype": "Float", "width": 90},
		{"label": _("Out Qty"), "fieldname": "out_qty", "fieldtype": "Float", "width": 90},
		{"label": _("Material Out Qty"), "fieldname": "material_out_qty", "fieldtype": "Float", "width": 110},
		{"label": _("Sales Out Qty"), "fieldname": "sales_out_qty", "fieldtype": "Float", "width": 110},
		{"label": _("Balance Qty"), "fieldname": "balance_qty", "fieldtype": "Float", "width": 100},
	]


def get_data(filters, company, from_date, to_date) -> list[dict]:
	items = material_items(company, filters.get("item_code"))
	if not items:
		return []
	codes = [item.item_code for item in items]
	warehouses = warehouse_filter(filters.get("warehouse"))
	opening = opening_balances(company, codes, warehouses, from_date)
	moves = movements(company, codes, warehouses, from_date, to_date)
	hide_unreadable_logs(moves)
	approvers = review.approvers_by_log(sorted({m.sales_material_log for m in moves if m.sales_material_log}))
	for move in moves:
		move.approved_by = ", ".join(approvers.get(move.sales_material_log, []))
	people.show_full_names(moves, ("requested_by", "posted_by"))
	rows = aggregation.build_ledger(items, opening, moves)
	for row in rows:
		if row.get("movement"):
			row["movement_label"] = _(row["movement"])
	return rows


def material_items(company: str, item_code: str | None) -> list[dict]:
	log = frappe.qb.DocType(DOCTYPE)
	line = frappe.qb.DocType("Sales Material Log Item")
	item = frappe.qb.DocType("Item")
	query = (
		frappe.qb.from_(line)
		.join(log)
		.on(log.name == line.parent)
		.join(item)
		.on(item.name == line.item_code)
		.select(item.name.as_("item_code"), item.item_name, item.stock_uom)
		.distinct()
		.where((line.parenttype == DOCTYPE) & (log.company == company) & (item.is_stock_item == 1))
		.orderby(item.name)
	)
	if item_code:
		query = query.where(item.name == item_code)
	return restrict(query, log, DOCTYPE, **document_rules(DOCTYPE)).run(as_dict=True)


def warehouse_filter(warehouse: str | None) -> list[str] | None:
	if not warehouse:
		return None
	return [warehouse, *frappe.db.get_descendants("Warehouse", warehouse)]


def opening_balances(company, codes, warehouses, from_date) -> dict[str, float]:
	sle = frappe.qb.DocType("Stock Ledger Entry")
	query = (
		frappe.qb.from_(sle)
		.select(sle.item_code, Sum(sle.actual_qty))
		.where(
			(sle.company == company)
			& (sle.is_cancelled == 0)
			& sle.item_code.isin(codes)
			& (sle.posting_date < from_date)
		)
		.groupby(sle.item_code)
	)
	if warehouses:
		query = query.where(sle.warehouse.isin(warehouses))
	return dict(restrict(query, sle, "Stock Ledger Entry").run())


def movements(company, codes, warehouses, from_date, to_date) -> list[dict]:
	sle = frappe.qb.DocType("Stock Ledger Entry")
	entry = frappe.qb.DocType("Stock Entry")
	log = frappe.qb.DocType(DOCTYPE)
	query = (
		frappe.qb.from_(sle)
		.left_join(entry)
		.on((sle.voucher_type == "Stock Entry") & (entry.name == sle.voucher_no))
		.left_join(log)
		.on(log.name == entry.sales_material_log)
		.select(
			sle.item_code,
			sle.posting_date,
			sle.warehouse,
			sle.voucher_type,
			sle.voucher_no,
			sle.actual_qty,
			sle.owner.as_("posted_by"),
			entry.sales_material_log,
			log.kind,
			log.party_name,
			log.requested_by,
		)
		.where(
			(sle.company == company)
			& (sle.is_cancelled == 0)
			& sle.item_code.isin(codes)
			& (sle.posting_date[from_date:to_date])
		)
		.orderby(sle.item_code)
		.orderby(sle.posting_date)
		.orderby(sle.posting_time)
		.orderby(sle.creation)
	)
	if warehouses:
		query = query.where(sle.warehouse.isin(warehouses))
	return restrict(query, sle, "Stock Ledger Entry").run(as_dict=True)


def hide_unreadable_logs(moves: list[dict]) -> None:
	"""A movement stays in the ledger (the warehouse's quantities are the user's to see), but
	whom it went to shows only for logs the user's User Permissions allow (one query)."""
	logs = {move.sales_material_log for move in moves if move.sales_material_log}
	allowed = readable(DOCTYPE, logs, **document_rules(DOCTYPE))
	for move in moves:
		if move.sales_material_log and move.sales_material_log not in allowed:
			move.update(sales_material_log=None, kind=None, party_name=None, requested_by=None)


def get_report_summary(data: list[dict]) -> list[dict]:
	heads = [row for row in data if row["indent"] == 0]
	return [
		{"value": len(heads), "label": _("Materials"), "datatype": "Int", "indicator": "Blue"},
		{
			"value": sum(r["in_qty"] for r in heads),
			"label": _("In Qty"),
			"datatype": "Float",
			"indicator": "Green",
		},
		{
			"value": sum(r["out_qty"] for r in heads),
			"label": _("Out Qty"),
			"datatype": "Float",
			"indicator": "Red",
		},
		{
			"value": sum(r["material_out_qty"] for r in heads),
			"label": _("Material Out Qty"),
			"datatype": "Float",
			"indicator": "Orange",
		},
		{
			"value": sum(r["sales_out_qty"] for r in heads),
			"label": _("Sales Out Qty"),
			"datatype": "Float",
			"indicator": "Blue",
		},
	]
