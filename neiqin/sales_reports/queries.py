"""The queries behind the sales reports, built with frappe.qb.

Each function runs ONE query (a few run none when there is nothing to ask) whatever the
amount of data, and returns plain rows for the pure modules of this package. The receipts
queries, run by two reports over short periods, are built once per process (`_run_receipts`).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import frappe
from frappe.query_builder import Criterion
from frappe.query_builder.functions import IfNull, Sum
from frappe.query_builder.terms import NamedParameterWrapper
from pypika.terms import Parameter, Term, ValueWrapper

from neiqin.user_permissions import is_restricted, restrict


class Names(Term):
	"""Many document names in one `IN (…)`, each escaped by the database's own escaping, the
	list rendered once: frappe.qb would make a term and a query parameter of every name (~50 ms
	of the reconciliation for ~4,000 names). No names: `(NULL)`, which nothing is in."""

	def __init__(self, names) -> None:
		super().__init__()
		self.sql = "(" + (",".join(frappe.db.escape(str(name)) for name in names) or "NULL") + ")"

	def get_sql(self, **kwargs) -> str:
		return self.sql


SALES_DOCUMENTS = {
	"Sales Order": ("Sales Order Item", "transaction_date"),
	"Delivery Note": ("Delivery Note Item", "posting_date"),
	"Sales Invoice": ("Sales Invoice Item", "posting_date"),
}


def in_tree(field, doctype: str, name: str) -> Criterion:
	"""`field` is `name` or one of its descendants in the `doctype` tree (as a subquery)."""
	node, root = frappe.qb.DocType(doctype), frappe.qb.DocType(doctype).as_("tree_root")
	subquery = (
		frappe.qb.from_(node)
		.join(root)
		.on((node.lft >= root.lft) & (node.rgt <= root.rgt))
		.select(node.name)
		.where(root.name == name)
	)
	return field.isin(subquery)


def tree_names(doctype: str, name: str) -> set[str]:
	"""`name` and its descendants in the `doctype` tree."""
	node = frappe.qb.DocType(doctype)
	return set(
		frappe.qb.from_(node).select(node.name).where(in_tree(node.name, doctype, name)).run(pluck=True)
	)


def sales_lines(
	doctype: str,
	filters,
	from_date: date,
	to_date: date,
	with_team: bool = False,
	with_item_group: bool = True,
) -> list[dict]:
	"""Submitted lines of Sales Orders / Delivery Notes / Sales Invoices dated in the range,
	summed in the database per document (and item group with `with_item_group`; without it
	`item_group` is None and the document's own net total is read): one row per document
	and group, not per line.

	With `with_team`, each row comes once per sales person of its document's sales team
	(`sales_person`, `allocated_percentage`; None without a team), and a `sales_person`
	filter keeps only that person's (or sub-team's) share.
	"""
	child_doctype, date_field = SALES_DOCUMENTS[doctype]
	doc, line = frappe.qb.DocType(doctype), frappe.qb.DocType(child_doctype)
	keys = [doc.name, doc[date_field], doc.customer, doc.customer_name]
	if with_item_group:
		keys.append(line.item_group)
	# Without item groups the lines are not read: a document's lines sum to its own net total
	# (ERPNext's `base_net_total`), one row per document instead of every line summed.
	by_lines = with_item_group or bool(filters.get("item_group"))
	query = frappe.qb.from_(line).join(doc).on(line.parent == doc.name) if by_lines else frappe.qb.from_(doc)
	query = (
		query.select(
			doc.name.as_("parent"),
			doc[date_field].as_("date"),
			doc.customer,
			doc.customer_name,
			(line.item_group if with_item_group else ValueWrapper(None)).as_("item_group"),
			(Sum(line.base_net_amount) if by_lines else Sum(doc.base_net_total)).as_("base_net_amount"),
		)
		.where(doc.docstatus == 1)
		.where(doc.company == filters.company)
		.where(doc[date_field][from_date:to_date])
	)
	if doctype != "Sales Order":
		query = query.select(doc.is_return)
		keys.append(doc.is_return)
	if doctype == "Sales Invoice":
		query = query.select(doc.update_stock)
		keys.append(doc.update_stock)
	if filters.get("customer"):
		query = query.where(doc.customer == filters.customer)
	if filters.get("territory"):
		query = query.where(in_tree(doc.territory, "Territory", filters.territory))
	if filters.get("item_group"):
		query = query.where(in_tree(line.item_group, "Item Group", filters.item_group))
	if with_team or filters.get("sales_person"):
		team = frappe.qb.DocType("Sales Team")
		query = (
			query.left_join(team)
			.on((team.parent == doc.name) & (team.parenttype == doctype))
			.select(team.sales_person, team.allocated_percentage)
		)
		keys += [team.name, team.sales_person, team.allocated_percentage]
		if filters.get("sales_person"):
			query = query.where(in_tree(team.sales_person, "Sales Person", filters.sales_person))
	query = restrict(query, doc, doctype, children=("Sales Team",))
	return query.groupby(*keys).run(as_dict=True)


def _customer_filters(query, party_field, filters, value=None):
	"""The customer and territory filters; `value(name)` is what the query compares with (the
	filter's own value, or a `placeholder` in a query built once)."""
	value = value or filters.get
	if filters.get("customer"):
		query = query.where(party_field == value("customer"))
	if filters.get("territory"):
		customer = frappe.qb.DocType("Customer")
		query = query.where(
			party_field.isin(
				frappe.qb.from_(customer)
				.select(customer.name)
				.where(in_tree(customer.territory, "Territory", value("territory")))
			)
		)
	return query


RECEIPT_FILTERS = ("customer", "territory", "mode_of_payment")


def payment_receipts(filters, from_date: date, to_date: date) -> list[dict]:
	"""Submitted Payment Entries receiving money from a customer, one row per reference they settle
	(one row without reference when they settle nothing)."""
	return _by_date(_run_receipts(_payment_receipts_query, filters, from_date, to_date))


def journal_receipts(filters, from_date: date, to_date: date) -> list[dict]:
	"""Lines of submitted Journal Entries crediting a customer while money comes into a bank or
	cash account of the same entry (amounts net of any debit on the same line)."""
	return _by_date(_run_receipts(_journal_receipts_query, filters, from_date, to_date))


_BUILT: dict[tuple, str] = {}


def _run_receipts(build, filters, from_date: date, to_date: date) -> list[dict]:
	"""Run a receipts query, built once per process and shape of the filters (which of them
	are set) with `placeholder()`s, then given this run's values: building one costs ~0.4 ms,
	as much as running it over a month of receipts. For a user with User Permissions it is
	built for this run (the permitted values are this user's, and may change any time)."""
	shape = tuple(bool(filters.get(name)) for name in RECEIPT_FILTERS)
	values = {name: filters.get(name) for name in RECEIPT_FILTERS}
	values.update(company=filters.company, from_date=from_date, to_date=to_date)
	given = dict(zip(RECEIPT_FILTERS, shape, strict=True))
	if is_restricted():
		wrapper = NamedParameterWrapper()
		sql = build(given, restricted=True).get_sql(param_wrapper=wrapper)
		return frappe.db.sql(sql, {**values, **wrapper.get_parameters()}, as_dict=True)
	key = (build.__name__, shape)
	sql = _BUILT.get(key)
	if sql is None:
		sql = _BUILT[key] = build(given).get_sql()
	return frappe.db.sql(sql, values, as_dict=True)


def placeholder(name: str) -> Parameter:
	"""`%(name)s`: a value given when the built query runs."""
	return Parameter(f"%({name})s")


def _payment_receipts_query(given: dict, restricted: bool = False):
	entry, ref = frappe.qb.DocType("Payment Entry"), frappe.qb.DocType("Payment Entry Reference")
	query = (
		frappe.qb.from_(entry)
		.left_join(ref)
		.on((ref.parent == entry.name) & (ref.parenttype == "Payment Entry"))
		.select(
			entry.name.as_("voucher_no"),
			entry.posting_date.as_("date"),
			entry.party.as_("customer"),
			entry.party_name.as_("customer_name"),
			entry.mode_of_payment,
			entry.reference_no,
			entry.reference_date,
			entry.paid_from_account_currency.as_("currency"),
			entry.paid_amount,
			entry.base_received_amount,
			entry.unallocated_amount,
			entry.source_exchange_rate,
			ref.reference_doctype,
			ref.reference_name,
			ref.allocated_amount,
		)
		.where(entry.docstatus == 1)
		.where(entry.payment_type == "Receive")
		.where(entry.party_type == "Customer")
		.where(entry.company == placeholder("company"))
		.where(entry.posting_date[placeholder("from_date") : placeholder("to_date")])
	)
	if given["mode_of_payment"]:
		query = query.where(entry.mode_of_payment == placeholder("mode_of_payment"))
	if restricted:
		query = restrict(query, entry, "Payment Entry", through={"party": "Customer"})
	return _customer_filters(query, entry.party, given, placeholder)


def _journal_receipts_query(given: dict, restricted: bool = False):
	journal, line = frappe.qb.DocType("Journal Entry"), frappe.qb.DocType("Journal Entry Account")
	money_in = frappe.qb.DocType("Journal Entry Account").as_("money_in")
	customer = frappe.qb.DocType("Customer")
	query = (
		frappe.qb.from_(line)
		.join(journal)
		.on(line.parent == journal.name)
		.left_join(customer)
		.on(customer.name == line.party)
		.select(
			journal.name.as_("voucher_no"),
			journal.posting_date.as_("date"),
			line.party.as_("customer"),
			customer.customer_name,
			journal.mode_of_payment,
			journal.cheque_no.as_("reference_no"),
			journal.cheque_date.as_("reference_date"),
			line.account_currency.as_("currency"),
			(line.credit_in_account_currency - line.debit_in_account_currency).as_("amount"),
			(line.credit - line.debit).as_("base_amount"),
			line.reference_type.as_("reference_doctype"),
			line.reference_name,
		)
		.where(journal.docstatus == 1)
		.where(journal.company == placeholder("company"))
		.where(journal.posting_date[placeholder("from_date") : placeholder("to_date")])
		.where(line.party_type == "Customer")
		.where(line.credit > line.debit)
		.where(
			journal.name.isin(
				frappe.qb.from_(money_in)
				.select(money_in.parent)
				.where(money_in.account_type.isin(["Bank", "Cash"]))
				.where(money_in.debit > 0)
			)
		)
	)
	if given["mode_of_payment"]:
		query = query.where(journal.mode_of_payment == placeholder("mode_of_payment"))
	if restricted:
		query = restrict(query, journal, "Journal Entry")
		query = restrict(
			query,
			line,
			"Journal Entry Account",
			through={"party": "Customer"},
			applicable_for=("Journal Entry",),
		)
	return _customer_filters(query, line.party, given, placeholder)


def _by_date(rows: list[dict]) -> list[dict]:
	"""Receipt rows in date and voucher order, sorted here: an ORDER BY made MariaDB sort whole
	Payment Entry rows in a temporary table (EXPLAIN: "Using temporary; Using filesort")."""
	return sorted(rows, key=lambda row: (row.date, row.voucher_no))


def document_lines(documents: set[tuple[str, str]]) -> list[dict]:
	"""Lines of the given Sales Invoices and Sales Orders: `doctype`, `parent`, `item_group`,
	`base_net_amount`, `sales_order` (the order behind an invoice line). One query."""
	queries = []
	for doctype, child_doctype, order_field in (
		("Sales Invoice", "Sales Invoice Item", "sales_order"),
		("Sales Order", "Sales Order Item", "parent"),
	):
		names = sorted(name for kind, name in documents if kind == doctype)
		if not names:
			continue
		line = frappe.qb.DocType(child_doctype)
		queries.append(
			frappe.qb.from_(line)
			.select(
				ValueWrapper(doctype).as_("doctype"),
				line.parent,
				line.item_group,
				line.base_net_amount,
				line[order_field].as_("sales_order"),
			)
			.where(line.parent.isin(names))
		)
	if not queries:
		return []
	query = queries[0] if len(queries) == 1 else queries[0].union_all(queries[1])
	return query.run(as_dict=True)


def document_teams(documents: set[tuple[str, str]]) -> dict[tuple[str, str], list[tuple[str, float]]]:
	"""{(doctype, name): [(sales_person, allocated_percentage)]} for the given documents. One query."""
	if not documents:
		return {}
	team = frappe.qb.DocType("Sales Team")
	rows = (
		frappe.qb.from_(team)
		.select(team.parenttype, team.parent, team.sales_person, team.allocated_percentage)
		.where(team.parenttype.isin(sorted({doctype for doctype, _name in documents})))
		.where(team.parent.isin(sorted({name for _doctype, name in documents})))
		.orderby(team.idx)
		.run(as_dict=True)
	)
	teams = defaultdict(list)
	for row in rows:
		if (row.parenttype, row.parent) in documents:
			teams[(row.parenttype, row.parent)].append((row.sales_person, row.allocated_percentage))
	return dict(teams)


def lines_by_document(rows: list[dict]) -> dict[tuple[str, str], list[tuple[str, float]]]:
	"""{(doctype, name): [(item_group, base_net_amount)]} from `document_lines` rows."""
	lines = defaultdict(list)
	for row in rows:
		lines[(row["doctype"], row["parent"])].append((row["item_group"], row["base_net_amount"]))
	return dict(lines)


def orders_by_invoice(invoices: set[str] | list[str]) -> dict[str, set[str]]:
	"""{sales invoice: {sales orders of its lines}} for these invoices. One query that reads
	two narrow columns (on `parent`; most of an invoice line's width is never sent)."""
	if not invoices:
		return {}
	line = frappe.qb.DocType("Sales Invoice Item")
	rows = (
		frappe.qb.from_(line)
		.select(line.parent, line.sales_order)
		.distinct()
		.where(line.parent.isin(sorted(invoices)))
		.where(line.parenttype == "Sales Invoice")
		.where(IfNull(line.sales_order, "") != "")
		.run()
	)
	orders = defaultdict(set)
	for invoice, sales_order in rows:
		orders[invoice].add(sales_order)
	return dict(orders)


# ----------------------------------------------------------------------------- reconciliation


def reconciliation_lines(filters, from_date: date, to_date: date) -> dict[str, list[dict]]:
	"""The order, delivery and invoice lines the reconciliation compares: the documents dated in
	the period, and every line of the orders it checks (dated in it, or with a delivery or invoice
	in it — `reconciliation.orders_checked`), whatever their date.

	Of the orders, their headers and only the lines a document refers to are read (`_order_lines`:
	the other lines cannot disagree with anything). Eight queries, each on an index
	(posting / transaction date, the line's order, delivery or name); an OR across them would
	make MariaDB scan every order, delivery and invoice of the company."""
	period_deliveries = (
		_delivery_lines(filters).where(_note().posting_date[from_date:to_date]).run(as_dict=True)
	)
	period_invoices = (
		_invoice_lines(filters).where(_invoice().posting_date[from_date:to_date]).run(as_dict=True)
	)
	order = _order()
	dated = _customer_filters(
		frappe.qb.from_(order)
		.select(order.name)
		.where(order.company == filters.company)
		.where(order.docstatus.isin([1, 2]))
		.where(order.transaction_date[from_date:to_date]),
		order.customer,
		filters,
	)
	dated = restrict(dated, order, "Sales Order", children=("Sales Team",)).run(pluck=True)
	orders = sorted(
		{*dated, *(line.order for line in period_deliveries), *(line.order for line in period_invoices)}
		- {None, ""}
	)
	# the documents of other dates against them (those of the period are read already)
	outside = (from_date, to_date)
	deliveries = _merged(period_deliveries, _delivery_lines(filters, orders, "against_sales_order", outside))
	delivery_notes = sorted({line.document for line in period_deliveries})
	invoices = _merged(
		period_invoices,
		_invoice_lines(filters, orders, "sales_order", outside),
		_invoice_lines(filters, delivery_notes, "delivery_note", outside),
	)
	referenced = sorted({line.order_item for line in (*deliveries, *invoices) if line.order_item})
	return {
		"order_lines": _order_lines(filters, orders, referenced),
		"delivery_lines": deliveries,
		"invoice_lines": invoices,
	}


def _order():
	return frappe.qb.DocType("Sales Order")


def _note():
	return frappe.qb.DocType("Delivery Note")


def _invoice():
	return frappe.qb.DocType("Sales Invoice")


def _merged(*parts: list[dict]) -> list[dict]:
	"""Lines of several queries, each line once, in document date order."""
	seen: dict[str, dict] = {}
	for part in parts:
		for line in part:
			seen.setdefault(line.line, line)
	return sorted(seen.values(), key=lambda line: (line.date, line.document, line.idx))


def _order_lines(filters, orders: list[str], referenced: list[str]) -> list[dict]:
	"""Of these submitted and cancelled Sales Orders: one row per order without `order_item`
	(its date, state and customer), and the lines a delivery or invoice line refers to
	(`referenced`) — the only lines that can disagree with a document. The other lines of a
	large book (most of its lines) have nothing delivered or invoiced to compare, so reading
	them would change no finding. Two queries on primary keys, in document order; a line
	carries its order's fields from the order's row (read once, not once per line)."""
	if not orders:
		return []
	order = _order()
	query = (
		frappe.qb.from_(order)
		.select(
			order.name.as_("order"),
			ValueWrapper(None).as_("order_item"),
			ValueWrapper(0).as_("idx"),
			order.docstatus,
			order.transaction_date.as_("date"),
			order.customer,
			order.currency,
		)
		.where(order.name.isin(Names(orders)))
		.where(order.company == filters.company)
		.where(order.docstatus.isin([1, 2]))
	)
	query = restrict(
		_customer_filters(query, order.customer, filters), order, "Sales Order", children=("Sales Team",)
	)
	rows = query.run(as_dict=True)
	if referenced:
		headers = {row.order: row for row in rows}
		for line in _referenced_order_lines(referenced):
			header = headers.get(line.order)
			if header:
				line.update(
					docstatus=header.docstatus,
					date=header.date,
					customer=header.customer,
					currency=header.currency,
				)
				rows.append(line)
	return sorted(rows, key=lambda row: (row.date, row.order, row.idx))


def _referenced_order_lines(names: list[str]) -> list[dict]:
	"""Sales Order lines by name, with what the reconciliation compares (their order's own
	fields are not repeated on every line)."""
	line, item = frappe.qb.DocType("Sales Order Item"), frappe.qb.DocType("Item")
	return (
		frappe.qb.from_(line)
		.left_join(item)
		.on(item.name == line.item_code)
		.select(
			line.parent.as_("order"),
			line.name.as_("order_item"),
			line.idx,
			line.item_code,
			line.rate,
			line.base_rate,
			line.base_net_rate,
			line.delivered_by_supplier,
			item.is_stock_item,
		)
		.where(line.name.isin(Names(names)))
		.where(line.parenttype == "Sales Order")
		.run(as_dict=True)
	)


def _delivery_lines(filters, against: list[str] | None = None, field: str | None = None, outside=None):
	"""Lines of submitted and cancelled Delivery Notes (a query to narrow further), or — with
	`against` — the lines whose `field` is one of those names, of notes dated outside the
	period `outside` (run; [] for none)."""
	note, line = _note(), frappe.qb.DocType("Delivery Note Item")
	query = (
		frappe.qb.from_(line)
		.join(note)
		.on(line.parent == note.name)
		.select(
			line.name.as_("line"),
			line.idx,
			note.name.as_("document"),
			note.docstatus,
			note.posting_date.as_("date"),
			note.customer,
			note.is_return,
			line.against_sales_order.as_("order"),
			line.so_detail.as_("order_item"),
			line.item_code,
			line.qty,
			line.base_net_amount,
		)
		.where(note.company == filters.company)
		.where(note.docstatus.isin([1, 2]))
	)
	query = restrict(
		_customer_filters(query, note.customer, filters), note, "Delivery Note", children=("Sales Team",)
	)
	return _narrowed(query, line, against, field, note.posting_date, outside)


def _invoice_lines(filters, against: list[str] | None = None, field: str | None = None, outside=None):
	"""Lines of submitted Sales Invoices (a query to narrow further), or — with `against` — the
	lines whose `field` is one of those names, of invoices dated outside the period `outside`
	(run; [] for none)."""
	invoice, line = _invoice(), frappe.qb.DocType("Sales Invoice Item")
	query = (
		frappe.qb.from_(line)
		.join(invoice)
		.on(line.parent == invoice.name)
		.select(
			line.name.as_("line"),
			line.idx,
			invoice.name.as_("document"),
			invoice.posting_date.as_("date"),
			invoice.customer,
			invoice.is_return,
			invoice.update_stock,
			invoice.currency,
			invoice.conversion_rate,
			line.sales_order.as_("order"),
			line.so_detail.as_("order_item"),
			line.delivery_note,
			line.item_code,
			line.qty,
			line.rate,
			line.base_rate,
			line.base_net_amount,
		)
		.where(invoice.company == filters.company)
		.where(invoice.docstatus == 1)
	)
	query = restrict(
		_customer_filters(query, invoice.customer, filters),
		invoice,
		"Sales Invoice",
		children=("Sales Team",),
	)
	return _narrowed(query, line, against, field, invoice.posting_date, outside)


def _narrowed(query, line, against: list[str] | None, field: str | None, posted=None, outside=None):
	if field is None:
		return query
	if not against:
		return []
	if outside:
		query = query.where((posted < outside[0]) | (posted > outside[1]))
	return query.where(line[field].isin(Names(against))).run(as_dict=True)


def unallocated_payments(filters, from_date: date, to_date: date) -> list[dict]:
	"""Submitted Payment Entries from customers, dated in the period, with money left unallocated."""
	entry = frappe.qb.DocType("Payment Entry")
	query = (
		frappe.qb.from_(entry)
		.select(
			entry.name.as_("document"),
			entry.posting_date.as_("date"),
			entry.party.as_("customer"),
			entry.unallocated_amount,
			entry.source_exchange_rate,
			entry.paid_from_account_currency.as_("currency"),
		)
		.where(entry.docstatus == 1)
		.where(entry.payment_type == "Receive")
		.where(entry.party_type == "Customer")
		.where(entry.company == filters.company)
		.where(entry.posting_date[from_date:to_date])
		.where(entry.unallocated_amount > 0)
		.orderby(entry.posting_date, entry.name)
	)
	query = restrict(query, entry, "Payment Entry", through={"party": "Customer"})
	return _customer_filters(query, entry.party, filters).run(as_dict=True)
