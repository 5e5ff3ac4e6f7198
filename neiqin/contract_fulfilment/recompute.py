"""Rebuild the Contract Fulfilment tables of Sales Orders from ERPNext's own rows.

`recompute_many(orders)` reads the orders, their delivery lines, their invoices (with their
credit notes and the Payment Ledger Entries held against them) and the advances against
them with a fixed number of queries, whatever the orders' size and number; hands each
order's rows to the pure `table.build_table()`; and writes each result in one save. It
never patches numbers: the same function builds the table the first time, after every
change, and on a rebuild.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import frappe
from frappe import _
from frappe.utils import flt, get_datetime, getdate, now_datetime, nowdate
from pypika.terms import Values

from neiqin.contract_fulfilment import sources
from neiqin.contract_fulfilment.table import build_table
from neiqin.sales_expenses.fulfilment import claimed_by_order

DOCTYPE = "Contract Fulfilment"
ITEM_FIELDS = (
	"sales_order_item",
	"item_code",
	"item_name",
	"item_group",
	"uom",
	"rate",
	"qty",
	"amount",
	"delivery_date",
	"delivered_qty",
	"returned_qty",
	"delivered_amount",
	"invoiced_qty",
	"invoiced_amount",
	"paid_amount",
	"outstanding_amount",
	"fully_delivered_on",
	"days_overdue",
	"status",
)
# derived when read (they change with the date alone), never written: see
# `contract_fulfilment_item.ContractFulfilmentItem.days_overdue`
DERIVED_ITEM_FIELDS = ("days_overdue",)
STORED_ITEM_FIELDS = tuple(field for field in ITEM_FIELDS if field not in DERIVED_ITEM_FIELDS)


def recompute(sales_order: str) -> str | None:
	"""Rebuild (or create, or remove) the table of `sales_order`; returns its name if it exists.

	Draft orders have no table; a deleted order loses its table; a cancelled order keeps
	its table with status Cancelled (it is not created for an order cancelled before)."""
	return recompute_many([sales_order]).get(sales_order)


def recompute_many(orders: Iterable[str]) -> dict[str, str | None]:
	"""`recompute()` of each of these orders, read together: the same statements for one order
	or many, then one write for each table that changed. {order: its table's name or None}."""
	orders = sorted(set(orders))
	computed = compute_many(orders)
	# a locking read: the tables as last committed, held until this transaction ends, so that a
	# concurrent posting on the same order waits here instead of failing on a stale `modified`
	stored = stored_tables(orders, for_update=True)
	out = {}
	for sales_order in orders:
		values, table = computed[sales_order], stored.get(sales_order)
		if values is not None and table and _written_since_read(values, table):
			recheck_after_commit(sales_order)
		out[sales_order] = None
		if values is None:
			if table:
				delete_table(sales_order)
		elif table or values["order"].docstatus == 1:
			write_table(sales_order, values["doc"], table)
			out[sales_order] = sales_order
	return out


def compute(sales_order: str, today=None) -> dict | None:
	"""{"order": Order, "doc": {field: value, "items": [...]}} as it should be now, or None for
	an order that does not exist or is a draft. Reads only; a fixed number of queries."""
	return compute_many([sales_order], today)[sales_order]


def compute_many(orders: Sequence[str], today=None) -> dict[str, dict | None]:
	"""{order: `compute(order)`}, read together: the same statements for one order or many."""
	headers = {
		name: header for name, header in sources.order_headers(orders).items() if header.docstatus != 0
	}
	lines_of = sources.order_lines(list(headers))
	order_of = {name: sources.order(header, lines_of.get(name, [])) for name, header in headers.items()}
	line_names = {name: [line.name for line in order.lines] for name, order in order_of.items()}
	dn_lines = sources.delivery_note_lines([line for lines in line_names.values() for line in lines])
	order_of_line = {line: name for name, lines in line_names.items() for line in lines}
	dn_lines_of = sources.grouped(dn_lines, lambda row: [order_of_line[row.so_detail]])
	invoices_of = sources.invoices(line_names, dn_lines)
	ledger_of = sources.grouped(
		sources.ledger("Sales Invoice", {inv.name for found, _d in invoices_of.values() for inv in found}),
		lambda entry: [entry.against_voucher],
	)
	advances_of = sources.advances(list(headers))
	# sales expenses claimed against the orders (one statement)
	expenses_of = claimed_by_order(list(headers))
	today, precision = getdate(today or nowdate()), sources.precision()
	out = dict.fromkeys(orders)
	for name, order in order_of.items():
		invoices, stock_invoice_deliveries = invoices_of.get(name, ([], []))
		table = build_table(
			order,
			deliveries=[sources.delivery(d) for d in dn_lines_of.get(name, []) if d.docstatus == 1]
			+ stock_invoice_deliveries,
			invoices=invoices,
			ledger=[entry for inv in invoices for entry in ledger_of.get(inv.name, ())],
			advances=advances_of.get(name, []),
			today=today,
			precision=precision,
		)
		table.update(_header_values(name, headers[name]))
		table["expenses_claimed"] = expenses_of.get(name, 0.0)
		out[name] = {"order": order, "doc": table, "read_modified": headers[name].fulfilment_modified}
	return out


def _written_since_read(values: dict, table: dict) -> bool:
	"""Whether another transaction committed a new version of the table after this transaction's
	snapshot was taken: what this transaction computed may then lack that transaction's rows."""
	return str(values.get("read_modified") or "") != str(table.get("modified") or "")


def recheck_after_commit(sales_order: str) -> None:
	"""Recompute the order's table again once this transaction has committed (see `recheck`)."""
	pending = getattr(frappe.local, "neiqin_fulfilment_recheck", None)
	if not pending:
		pending = frappe.local.neiqin_fulfilment_recheck = set()
		frappe.db.after_commit.add(recheck)
		frappe.db.after_rollback.add(_forget_recheck)
	pending.add(sales_order)


def _forget_recheck() -> None:
	frappe.local.neiqin_fulfilment_recheck = set()


def recheck() -> None:
	"""after_commit: a transaction of its own that first locks the tables (so its snapshot is
	taken after every concurrent posting on these orders has committed), then recomputes them
	from ERPNext's rows and commits. It never fails the posting that committed before it: a
	failure is logged and the next change or `bench rebuild-contract-fulfilment` mends it."""
	orders = sorted(getattr(frappe.local, "neiqin_fulfilment_recheck", None) or ())
	frappe.local.neiqin_fulfilment_recheck = set()
	if not orders:
		return
	try:
		frappe.db.commit()  # what other after_commit callbacks did; a new transaction, no snapshot yet
		stored_tables(orders, for_update=True)  # the first read: the snapshot is taken after the lock
		recompute_many(orders)
		frappe.db.commit()
	except Exception:
		frappe.db.rollback()
		frappe.log_error(title=f"Contract Fulfilment recheck of {', '.join(orders)}")
		frappe.db.commit()


def _header_values(sales_order: str, header) -> dict:
	"""The table's header fields taken from the order as they are."""
	return {
		"sales_order": sales_order,
		"customer": header.customer,
		"customer_name": header.customer_name,
		"customer_group": header.customer_group,
		"territory": header.territory,
		"sales_person": header.sales_person,
		"contact_email": header.contact_email,
		"company": header.company,
		"currency": header.currency,
		"conversion_rate": flt(header.conversion_rate) or 1.0,
		"transaction_date": header.transaction_date,
		"delivery_date": header.delivery_date,
		"order_status": _known_status(header.status),
		"contract": header.contract,
		"contract_signed_date": header.contract_signed_date
		or (getdate(header.contract_signed_on) if header.contract_signed_on else None),
	}


def _known_status(status: str | None) -> str:
	"""The order's status when the table's Select knows it (a status added by a customisation
	is left blank rather than making every save of the order fail)."""
	options = (frappe.get_meta(DOCTYPE).get_field("order_status").options or "").split("\n")
	return status if status in options else ""


# ----------------------------------------------------------------------------- writing


_UNREAD = object()


def stored_table(sales_order: str) -> frappe._dict | None:
	"""The stored table as plain rows (its header fields, `items` in order), or None."""
	return stored_tables([sales_order]).get(sales_order)


def stored_tables(orders: Sequence[str], for_update: bool = False) -> dict[str, frappe._dict]:
	"""{order: its stored table as plain rows (header fields, `items` in order)} for the orders
	that have one: two statements and no document, however many orders, for a recompute to
	compare with and update in place. `for_update`: a locking read (SELECT … FOR UPDATE, the
	tables in the order of their names): the latest committed rows, locked until the
	transaction ends."""
	if not orders:
		return {}
	table, item = frappe.qb.DocType(DOCTYPE), frappe.qb.DocType(f"{DOCTYPE} Item")
	query = frappe.qb.from_(table).select("*").where(table.name.isin(sorted(orders))).orderby(table.name)
	rows = (query.for_update() if for_update else query).run(as_dict=True)
	if not rows:
		return {}
	lines_query = (
		frappe.qb.from_(item)
		.select("*")
		.where(item.parent.isin([row.name for row in rows]))
		.where(item.parenttype == DOCTYPE)
		.where(item.parentfield == "items")
		.orderby(item.parent)
		.orderby(item.idx)
	)
	lines = sources.grouped(
		(lines_query.for_update() if for_update else lines_query).run(as_dict=True),
		lambda line: [line.parent],
	)
	for row in rows:
		row["items"] = lines.get(row.name, [])
	return {row.name: row for row in rows}


def write_table(sales_order: str, values: dict, stored=_UNREAD) -> None:
	"""Create or update the table; nothing is written when nothing changed.

	A table whose lines are the same order lines as before (every delivery, invoice and
	payment) is updated in place: one UPDATE of the header and one statement for the lines
	whose numbers changed. A new table, or one whose order gained or lost lines, is saved as
	a document. `stored`: the table as `stored_table()` read it (None: there is none), when
	the caller has read it."""
	if stored is _UNREAD:
		stored = stored_table(sales_order)
	if stored:
		if not differs(stored, values):
			return
		if _same_lines(stored, values["items"]):
			_update_in_place(stored, values)
			return
		doc = frappe.get_doc(DOCTYPE, sales_order, for_update=True)
	else:
		doc = frappe.new_doc(DOCTYPE)
	header = {k: v for k, v in values.items() if k != "items"}
	doc.update(header)
	_set_items(doc, values["items"])
	doc.last_recomputed = now_datetime()
	doc.flags.written_by_neiqin = True
	doc.flags.ignore_permissions = True
	doc.flags.ignore_links = True
	doc.save()


def _same_lines(doc, rows: list[dict]) -> bool:
	return [row.sales_order_item for row in doc.get("items", [])] == [row["sales_order_item"] for row in rows]


def _update_in_place(doc: dict, values: dict) -> None:
	"""The changed header fields in one UPDATE, the changed lines in one upsert of existing rows
	(by name), then the desk is told as after a save. Only for a table with the same lines;
	`doc` is the table as `stored_table()` read it."""
	now, user = now_datetime(), frappe.session.user
	header = {
		field: value
		for field, value in values.items()
		if field != "items" and _norm(doc.get(field)) != _norm(value)
	}
	header.update({"last_recomputed": now, "modified": now, "modified_by": user})
	table = frappe.qb.DocType(DOCTYPE)
	update = frappe.qb.update(table).where(table.name == doc.name).where(table.modified == doc.modified)
	for field, value in header.items():
		update = update.set(table[field], value)
	update.run()
	if frappe.db._cursor.rowcount != 1:
		# written (or deleted) by another transaction since it was read: as `doc.save()` would
		frappe.throw(
			_("Error: Document has been modified after you have opened it")
			+ f" ({doc.name}). "
			+ _("Please refresh to get the latest document."),
			frappe.TimestampMismatchError,
		)
	doc.update(header)
	frappe.clear_document_cache(DOCTYPE, doc.name)

	changed = [
		(row, new)
		for row, new in zip(doc["items"], values["items"], strict=True)
		if any(_norm(row.get(field)) != _norm(new.get(field)) for field in STORED_ITEM_FIELDS)
	]
	if changed:
		item = frappe.qb.DocType(f"{DOCTYPE} Item")
		columns = ("name", *STORED_ITEM_FIELDS, "modified", "modified_by")
		query = frappe.qb.into(item).columns(*columns)
		for row, new in changed:
			row.update({field: new.get(field) for field in STORED_ITEM_FIELDS})
			row.update({"modified": now, "modified_by": user})
			query = query.insert(tuple(row.get(column) for column in columns))
		for column in columns[1:]:
			query = query.on_duplicate_key_update(item[column], Values(item[column]))
		query.run()
	frappe.get_doc({"doctype": DOCTYPE, "name": doc.name, "modified": now}).notify_update()


def delete_table(sales_order: str) -> None:
	if not frappe.db.exists(DOCTYPE, sales_order):
		return
	doc = frappe.get_doc(DOCTYPE, sales_order)
	doc.flags.written_by_neiqin = True
	doc.delete(ignore_permissions=True, force=True)


def _set_items(doc, rows: list[dict]) -> None:
	"""Update rows in place (matched on the order line) so row names stay stable."""
	existing = {row.sales_order_item: row for row in doc.get("items", [])}
	items = []
	for values in rows:
		row = existing.pop(values["sales_order_item"], None)
		if row is None:
			row = doc.append("items", {})
		row.update({field: values.get(field) for field in STORED_ITEM_FIELDS})
		items.append(row)
	doc.set("items", items)
	for idx, row in enumerate(doc.items, start=1):
		row.idx = idx


def differs(doc, values: dict) -> bool:
	"""Whether `doc` (a Contract Fulfilment) holds other numbers than `values`."""
	for field, value in values.items():
		if field == "items":
			continue
		if _norm(doc.get(field)) != _norm(value):
			return True
	rows = doc.get("items", [])
	if len(rows) != len(values["items"]):
		return True
	for row, new in zip(rows, values["items"], strict=True):
		for field in STORED_ITEM_FIELDS:
			if _norm(row.get(field)) != _norm(new.get(field)):
				return True
	return False


def snapshot(doc_or_values) -> dict:
	"""Comparable content of a table (a doc or `compute()["doc"]`), without timestamps."""
	get = doc_or_values.get
	header = {
		field: _norm(get(field))
		for field in frappe.get_meta(DOCTYPE).get_valid_columns()
		if field not in ("name", "owner", "creation", "modified", "modified_by", "idx", "docstatus")
		and field not in ("last_recomputed", "_user_tags", "_comments", "_assign", "_liked_by", "_seen")
	}
	items = [{field: _norm(item_value(row, field)) for field in ITEM_FIELDS} for row in get("items") or []]
	return {**header, "items": items}


def item_value(row, field: str):
	"""A line's value as a reader sees it: stored fields as stored, derived ones (a row
	document's properties) as of today."""
	if field in DERIVED_ITEM_FIELDS and not isinstance(row, dict):
		return getattr(row, field)
	return row.get(field)


def _norm(value):
	if value in (None, ""):
		return None
	if isinstance(value, bool):
		return int(value)
	if isinstance(value, int | float):
		return round(float(value), 6) + 0.0
	if hasattr(value, "isoformat"):
		return str(getdate(value)) if not hasattr(value, "hour") else str(get_datetime(value))
	if isinstance(value, str):
		try:
			return round(float(value), 6) + 0.0
		except ValueError:
			return value
	return value
