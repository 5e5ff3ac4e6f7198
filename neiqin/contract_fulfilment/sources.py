"""What the fulfilment tables are computed from, read from ERPNext with a fixed number of
queries however many orders are read together: each order (with its sales person and
contract) and its lines, their delivery lines, their invoices with the credit notes and every
line of them, the Payment Ledger Entries held against those invoices, and the Payment /
Journal Entries that advance money on the orders.

Each function returns the plain rows (dataclasses of `table.py` / `allocation.py`) the pure
functions expect; nothing here decides a number.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import frappe
from frappe.utils import cint, flt, getdate

from neiqin.contract_fulfilment.allocation import AdvanceVoucher, Invoice, InvoiceLine, LedgerEntry
from neiqin.contract_fulfilment.table import Delivery, Order, OrderLine

ORDER_FIELDS = (
	"name",
	"docstatus",
	"status",
	"customer",
	"customer_name",
	"customer_group",
	"territory",
	"company",
	"currency",
	"conversion_rate",
	"transaction_date",
	"delivery_date",
	"contact_email",
	"grand_total",
	"rounded_total",
	"base_grand_total",
	"base_rounded_total",
)


def order_headers(orders: Sequence[str]) -> dict[str, frappe._dict]:
	"""{order: its header fields the table shows, its first sales person (`sales_person`) and
	its latest live Contract (`contract`, `contract_signed_on`), and when its table was last
	written as this transaction sees it (`fulfilment_modified`)} for the orders that exist:
	one statement, however many orders."""
	if not orders:
		return {}
	fields = ", ".join(f"so.`{field}`" for field in (*ORDER_FIELDS, "contract_signed_date"))
	rows = frappe.db.sql(
		f"""
		select {fields},
			(select team.sales_person from `tabSales Team` team
				where team.parent = so.name and team.parenttype = 'Sales Order'
				order by team.idx limit 1) as sales_person,
			contract.name as contract,
			contract.signed_on as contract_signed_on,
			(select fulfilment.modified from `tabContract Fulfilment` fulfilment
				where fulfilment.name = so.name) as fulfilment_modified
		from `tabSales Order` so
		left join `tabContract` contract on contract.name = (
			select latest.name from `tabContract` latest
			where latest.document_type = 'Sales Order' and latest.document_name = so.name
				and latest.docstatus < 2
			order by latest.creation desc limit 1)
		where so.name in %(orders)s""",
		{"orders": tuple(orders)},
		as_dict=True,
	)
	return {row.name: row for row in rows}


def precision() -> int:
	"""Decimals of the table's money fields (the system's currency precision)."""
	from frappe.model.meta import get_field_precision

	return cint(get_field_precision(frappe.get_meta("Contract Fulfilment").get_field("paid_amount"))) or 2


def receivable(row, base: bool = False) -> float:
	"""What a document makes the customer owe: its rounded total, else its grand total."""
	prefix = "base_" if base else ""
	return flt(row.get(prefix + "rounded_total")) or flt(row.get(prefix + "grand_total"))


def order(header, lines: list[dict]) -> Order:
	"""The order and its lines as the pure functions take them."""
	return Order(
		name=header.name,
		docstatus=cint(header.docstatus),
		status=header.status or "",
		total=receivable(header),
		base_total=receivable(header, base=True),
		currency=header.currency or "",
		conversion_rate=flt(header.conversion_rate) or 1.0,
		lines=tuple(
			OrderLine(
				name=line.name,
				qty=flt(line.qty),
				rate=flt(line.rate),
				amount=flt(line.amount),
				delivery_date=getdate(line.delivery_date) if line.delivery_date else None,
				item_code=line.item_code,
				item_name=line.item_name,
				item_group=line.item_group,
				uom=line.uom,
			)
			for line in lines
		),
	)


def order_lines(orders: Sequence[str]) -> dict[str, list[dict]]:
	"""{order: its lines in their order}: one statement."""
	if not orders:
		return {}
	line = frappe.qb.DocType("Sales Order Item")
	rows = (
		frappe.qb.from_(line)
		.select(
			line.parent,
			line.name,
			line.item_code,
			line.item_name,
			line.item_group,
			line.uom,
			line.qty,
			line.rate,
			line.amount,
			line.delivery_date,
		)
		.where(line.parent.isin(list(orders)))
		.where(line.parenttype == "Sales Order")
		.orderby(line.parent)
		.orderby(line.idx)
		.run(as_dict=True)
	)
	return grouped(rows, lambda row: [row.parent])


def grouped(rows: Iterable, owners) -> dict[str, list]:
	"""{owner: rows} where `owners(row)` names the orders a row belongs to (kept in order)."""
	out: dict[str, list] = {}
	for row in rows:
		for owner in owners(row):
			out.setdefault(owner, []).append(row)
	return out


def delivery_note_lines(line_names: list[str]) -> list[dict]:
	"""Every Delivery Note line of the order's lines (any docstatus: also used to map
	invoice lines made from delivery notes back to the order line)."""
	if not line_names:
		return []
	dn = frappe.qb.DocType("Delivery Note")
	item = frappe.qb.DocType("Delivery Note Item")
	return (
		frappe.qb.from_(item)
		.join(dn)
		.on(dn.name == item.parent)
		.select(
			item.name,
			item.so_detail,
			item.qty,
			dn.name.as_("voucher"),
			dn.docstatus,
			dn.is_return,
			dn.posting_date,
			dn.posting_time,
			dn.creation,
		)
		.where(item.so_detail.isin(line_names))
		.where(item.parenttype == "Delivery Note")
		.run(as_dict=True)
	)


def delivery(row) -> Delivery:
	return Delivery(
		order_line=row.so_detail,
		qty=flt(row.qty),
		posting_date=getdate(row.posting_date),
		sort_key=(
			str(getdate(row.posting_date)),
			_time_key(row.posting_time),
			str(row.creation),
			row.voucher,
		),
		is_return=bool(row.is_return),
	)


def _time_key(value) -> str:
	"""posting_time comes back as a timedelta; make it sort as HH:MM:SS.ffffff."""
	if value is None:
		return ""
	if hasattr(value, "total_seconds"):
		seconds = value.total_seconds()
		return f"{int(seconds // 3600):02d}:{int(seconds % 3600 // 60):02d}:{seconds % 60:09.6f}"
	return str(value)


def invoices(
	lines_of: dict[str, list[str]], dn_lines: list[dict]
) -> dict[str, tuple[list[Invoice], list[Delivery]]]:
	"""{order: (its submitted invoices with their credit notes, the delivery lines of the
	stock-updating ones)} for the orders of `lines_of` ({order: its line names}). Every line
	of each invoice is read, so that an invoice shared with other orders is split correctly.
	Three statements for all the orders (four when a line was billed from a delivery note of
	an order not among them)."""
	if not lines_of:
		return {}
	si = frappe.qb.DocType("Sales Invoice")
	item = frappe.qb.DocType("Sales Invoice Item")
	order_of_line = {line: order for order, lines in lines_of.items() for line in lines}
	order_of_dn_line = {row.name: order_of_line.get(row.so_detail) for row in dn_lines}

	condition = item.sales_order.isin(list(lines_of))
	if order_of_line:
		condition = condition | item.so_detail.isin(list(order_of_line))
	if order_of_dn_line:
		condition = condition | item.dn_detail.isin(list(order_of_dn_line))
	found = (
		frappe.qb.from_(item)
		.join(si)
		.on(si.name == item.parent)
		.select(si.name, si.return_against, item.sales_order, item.so_detail, item.dn_detail)
		.distinct()
		.where(si.docstatus == 1)
		.where(item.parenttype == "Sales Invoice")
		.where(condition)
		.run(as_dict=True)
	)
	if not found:
		return {}
	found_of = grouped(
		found,
		lambda row: {
			order
			for order in (
				row.sales_order if row.sales_order in lines_of else None,
				order_of_line.get(row.so_detail),
				order_of_dn_line.get(row.dn_detail),
			)
			if order
		},
	)
	roots_of = {order: {row.return_against or row.name for row in rows} for order, rows in found_of.items()}
	roots = sorted(set().union(*roots_of.values()))
	headers = (
		frappe.qb.from_(si)
		.select(
			si.name,
			si.is_return,
			si.return_against,
			si.update_stock,
			si.currency,
			si.conversion_rate,
			si.grand_total,
			si.rounded_total,
			si.base_grand_total,
			si.base_rounded_total,
			si.posting_date,
			si.posting_time,
			si.creation,
		)
		.where(si.docstatus == 1)
		.where(si.name.isin(roots) | si.return_against.isin(roots))
		.run(as_dict=True)
	)
	lines = (
		frappe.qb.from_(item)
		.select(item.name, item.parent, item.so_detail, item.dn_detail, item.qty, item.amount)
		.where(item.parent.isin(sorted({h.name for h in headers} | {row.name for row in found})))
		.where(item.parenttype == "Sales Invoice")
		.orderby(item.idx)
		.run(as_dict=True)
	)
	so_detail_of_dn_line = _so_detail_of_dn_lines(
		dn_lines, [line.dn_detail for line in lines if not line.so_detail and line.dn_detail]
	)
	lines_of_invoice = grouped(lines, lambda line: [line.parent])
	out = {}
	for order, roots_of_order in roots_of.items():
		mine = [h for h in headers if h.name in roots_of_order or h.return_against in roots_of_order]
		names = {h.name for h in mine} | {row.name for row in found_of[order]}
		out[order] = _order_invoices(
			mine,
			[line for name in sorted(names) for line in lines_of_invoice.get(name, [])],
			so_detail_of_dn_line,
			set(lines_of.get(order, ())),
		)
	return out


def _order_invoices(
	headers: list[dict], lines: list[dict], so_detail_of_dn_line: dict[str, str], own_lines: set[str]
) -> tuple[list[Invoice], list[Delivery]]:
	"""One order's invoices (`headers`, with every line of them) and the deliveries of its own
	lines made by stock-updating invoices."""
	lines_by_invoice: dict[str, list[InvoiceLine]] = {}
	stock_deliveries: list[Delivery] = []
	by_name = {h.name: h for h in headers}
	for line in lines:
		order_line = line.so_detail or so_detail_of_dn_line.get(line.dn_detail)
		lines_by_invoice.setdefault(line.parent, []).append(
			InvoiceLine(key=line.name, amount=flt(line.amount), qty=flt(line.qty), order_line=order_line)
		)
		header = by_name.get(line.parent)
		if header and cint(header.update_stock) and order_line in own_lines:
			stock_deliveries.append(
				delivery(
					frappe._dict(
						so_detail=order_line,
						qty=line.qty,
						posting_date=header.posting_date,
						posting_time=header.posting_time,
						creation=header.creation,
						voucher=header.name,
						is_return=header.is_return,
					)
				)
			)
	invoices = [
		Invoice(
			name=h.name,
			total=receivable(h),
			base_total=receivable(h, base=True),
			conversion_rate=flt(h.conversion_rate) or 1.0,
			currency=h.currency or "",
			is_return=bool(h.is_return),
			return_against=h.return_against or None,
			lines=tuple(lines_by_invoice.get(h.name, [])),
		)
		for h in sorted(headers, key=lambda h: h.name)
	]
	return invoices, stock_deliveries


def _so_detail_of_dn_lines(dn_lines: list[dict], wanted: list[str]) -> dict[str, str]:
	"""{delivery note line: order line} for invoice lines billed from delivery notes."""
	known = {row.name: row.so_detail for row in dn_lines}
	missing = sorted({name for name in wanted if name not in known})
	if missing:
		for row in frappe.get_all(
			"Delivery Note Item", filters={"name": ("in", missing)}, fields=["name", "so_detail"]
		):
			known[row.name] = row.so_detail
	return known


def ledger(voucher_type: str | tuple[str, ...], names: Iterable[str]) -> list[LedgerEntry]:
	"""Payment Ledger Entries (not delinked) held against these vouchers."""
	names = sorted(set(names))
	if not names:
		return []
	types = [voucher_type] if isinstance(voucher_type, str) else list(voucher_type)
	ple = frappe.qb.DocType("Payment Ledger Entry")
	rows = (
		frappe.qb.from_(ple)
		.select(ple.against_voucher_no, ple.amount, ple.amount_in_account_currency, ple.account_currency)
		.where(ple.delinked == 0)
		.where(ple.against_voucher_type.isin(types))
		.where(ple.against_voucher_no.isin(names))
		.run(as_dict=True)
	)
	return [
		LedgerEntry(
			against_voucher=row.against_voucher_no,
			amount=flt(row.amount),
			amount_in_account_currency=flt(row.amount_in_account_currency),
			account_currency=row.account_currency or "",
		)
		for row in rows
	]


# What each Payment Entry / Journal Entry that advances money on the order assigns to every
# order it references: (voucher, order, amount), one template for both kinds of voucher.
_ASSIGNED_BY_VOUCHERS = """
	select ref.parent, ref.reference_name, {assigned}
	from `tab{child}` ref
	where ref.parenttype = '{voucher}' and ref.{reference_type} = 'Sales Order'
		and ref.parent in (
			select mine.parent from `tab{child}` mine
			join `tab{voucher}` voucher on voucher.name = mine.parent
			where voucher.docstatus = 1 and mine.parenttype = '{voucher}'
				and mine.{reference_type} = 'Sales Order' and mine.reference_name in %(orders)s)
	group by ref.parent, ref.reference_name"""
ADVANCES_QUERY = "\nunion all".join(
	_ASSIGNED_BY_VOUCHERS.format(**kind)
	for kind in (
		{
			"voucher": "Payment Entry",
			"child": "Payment Entry Reference",
			"reference_type": "reference_doctype",
			"assigned": "sum(ref.allocated_amount)",
		},
		{
			"voucher": "Journal Entry",
			"child": "Journal Entry Account",
			"reference_type": "reference_type",
			"assigned": "sum(ref.credit_in_account_currency - ref.debit_in_account_currency)",
		},
	)
)


def advances(orders: Sequence[str]) -> dict[str, list[AdvanceVoucher]]:
	"""{order: the Payment Entries and Journal Entries that reference it (as an advance), with
	what they assign to it and to other orders, and their unallocated Payment Ledger money}:
	one statement for what they assign, one for their ledger (none without an advance),
	however many orders."""
	if not orders:
		return {}
	assigned: dict[str, dict[str, float]] = {}
	for voucher, sales_order_name, amount in frappe.db.sql(ADVANCES_QUERY, {"orders": tuple(orders)}):
		assigned.setdefault(voucher, {})[sales_order_name] = flt(amount)
	held = grouped(ledger(("Payment Entry", "Journal Entry"), assigned), lambda e: [e.against_voucher])
	return {
		sales_order: [
			AdvanceVoucher(
				name=voucher,
				for_order=assigns[sales_order],
				for_other_orders=sum(amount for name, amount in assigns.items() if name != sales_order),
				ledger=tuple(held.get(voucher, ())),
			)
			for voucher, assigns in sorted(assigned.items())
			if sales_order in assigns
		]
		for sales_order in orders
	}
