"""根据合同编制应收帐款明细: receivables per contract (Sales Order), invoice by invoice, aged by
the invoices' due dates.

Five queries whatever the data size: the invoice lines that carry an order, the Payment
Ledger entries against those invoices, their payment schedules and the advances (Payment
Entries, Journal Entries) still unallocated against the orders. The rules (how money settles instalments, how an invoice
covering several orders is shared, which ledger rows are invoiced or received) live in
`neiqin.contract_fulfilment.ageing` (pure, unit-tested).

A credit balance is never aged: a credit note with a balance of its own first reduces the
open invoice it was issued against; what is left is shown as unallocated credit.

Known limit: an advance paid before the as-of date but allocated to an invoice after it is
seen as allocated (ERPNext rewrites the payment's reference when it reconciles).
"""

from __future__ import annotations

from collections import defaultdict

import frappe
from frappe import _
from frappe.query_builder.functions import Sum
from frappe.utils import cint, flt, getdate, nowdate

from neiqin import report_filters
from neiqin.contract_fulfilment.ageing import (
	InvalidRanges,
	age_amounts,
	allocate_credits,
	bucket_bounds,
	invoice_balance,
	order_shares,
	parse_ranges,
	split_outstanding,
)
from neiqin.report_filters import answers_refusals
from neiqin.user_permissions import restrict

AMOUNT_KEYS = ("invoiced", "received", "outstanding", "not_due", "overdue", "unallocated_credit")


@answers_refusals
def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	ranges = validate_filters(filters)
	data = get_data(filters, ranges)
	return (
		get_columns(ranges),
		data,
		None,
		get_chart_data(data, ranges),
		get_report_summary(data, filters),
	)


def validate_filters(filters: frappe._dict) -> list[int]:
	report_filters.require_company(filters)
	filters.as_of_date = getdate(filters.as_of_date or nowdate())
	try:
		return parse_ranges(filters.range)
	except InvalidRanges:
		frappe.throw(
			_(
				"Ageing Range {0} must be increasing whole numbers of days separated by commas, like 30, 60, 90."
			).format(frappe.bold(filters.range)),
			report_filters.ReportFilterError,
			title=_("Invalid Filter"),
		)


# ----------------------------------------------------------------------------- queries


def get_invoice_lines(filters: frappe._dict) -> list[dict]:
	"""Net amount per (invoice, sales order) of submitted invoices with at least one order line."""
	si = frappe.qb.DocType("Sales Invoice")
	sii = frappe.qb.DocType("Sales Invoice Item")
	with_order = frappe.qb.DocType("Sales Invoice Item").as_("with_order")
	invoices_with_orders = (
		frappe.qb.from_(with_order)
		.select(with_order.parent)
		.where(with_order.sales_order.isnotnull() & (with_order.sales_order != ""))
	)
	if filters.sales_order:
		invoices_with_orders = invoices_with_orders.where(with_order.sales_order == filters.sales_order)
	query = (
		frappe.qb.from_(si)
		.inner_join(sii)
		.on((sii.parent == si.name) & (sii.parenttype == "Sales Invoice"))
		.select(
			si.name.as_("invoice"),
			si.customer,
			si.customer_name,
			si.posting_date,
			si.due_date,
			si.is_return,
			si.return_against,
			sii.sales_order,
			Sum(sii.base_net_amount).as_("net_amount"),
		)
		.where(si.docstatus == 1)
		.where(si.company == filters.company)
		.where(si.posting_date <= filters.as_of_date)
		.where(si.name.isin(invoices_with_orders))
		.groupby(si.name, sii.sales_order)
	)
	if filters.customer:
		query = query.where(si.customer == filters.customer)
	return restrict(query, si, "Sales Invoice", children=("Sales Team",)).run(as_dict=True)


def get_ledger_entries(filters: frappe._dict, invoices: list[str]) -> dict[str, list[tuple]]:
	"""{invoice: [(voucher type, voucher no, amount)]} from the Payment Ledger up to the as-of date."""
	ple = frappe.qb.DocType("Payment Ledger Entry")
	rows = (
		frappe.qb.from_(ple)
		.select(ple.against_voucher_no, ple.voucher_type, ple.voucher_no, Sum(ple.amount).as_("amount"))
		.where(ple.company == filters.company)
		.where(ple.against_voucher_type == "Sales Invoice")
		.where(ple.against_voucher_no.isin(invoices))
		.where(ple.delinked == 0)
		.where(ple.posting_date <= filters.as_of_date)
		.groupby(ple.against_voucher_no, ple.voucher_type, ple.voucher_no, ple.amount > 0)
		.run(as_dict=True)
	)
	entries: dict[str, list[tuple]] = defaultdict(list)
	for row in rows:
		entries[row.against_voucher_no].append((row.voucher_type, row.voucher_no, flt(row.amount)))
	return entries


def get_schedules(invoices: list[str]) -> dict[str, list[tuple]]:
	"""{invoice: [(due date, amount)]} from the invoices' payment schedules."""
	ps = frappe.qb.DocType("Payment Schedule")
	rows = (
		frappe.qb.from_(ps)
		.select(ps.parent, ps.due_date, ps.base_payment_amount)
		.where(ps.parenttype == "Sales Invoice")
		.where(ps.parent.isin(invoices))
		.run(as_dict=True)
	)
	schedules: dict[str, list[tuple]] = defaultdict(list)
	for row in rows:
		if row.due_date:
			schedules[row.parent].append((getdate(row.due_date), flt(row.base_payment_amount)))
	return schedules


def get_unallocated_advances(filters: frappe._dict) -> dict[str, dict]:
	"""{sales order: {customer, customer_name, amount}}: advances received against orders of
	the company (company currency) and not yet allocated to an invoice.

	Payment Entries and Journal Entries that still reference the order (ERPNext moves the
	reference to the invoice when the advance is allocated); two queries. Orders with an
	advance but no invoice yet are listed too."""
	so = frappe.qb.DocType("Sales Order")
	pe = frappe.qb.DocType("Payment Entry")
	per = frappe.qb.DocType("Payment Entry Reference")
	payments = (
		frappe.qb.from_(per)
		.inner_join(pe)
		.on(per.parent == pe.name)
		.inner_join(so)
		.on(so.name == per.reference_name)
		.select(
			per.reference_name.as_("sales_order"),
			so.customer,
			so.customer_name,
			pe.payment_type,
			Sum(per.allocated_amount * pe.source_exchange_rate).as_("received"),
			Sum(per.allocated_amount * pe.target_exchange_rate).as_("paid"),
		)
		.where(per.parenttype == "Payment Entry")
		.where(per.reference_doctype == "Sales Order")
		.where(pe.docstatus == 1)
		.where(pe.posting_date <= filters.as_of_date)
		.groupby(per.reference_name, pe.payment_type)
	)
	payments = restrict(payments, pe, "Payment Entry", through={"party": "Customer"})
	je = frappe.qb.DocType("Journal Entry")
	jea = frappe.qb.DocType("Journal Entry Account")
	journals = (
		frappe.qb.from_(jea)
		.inner_join(je)
		.on(jea.parent == je.name)
		.inner_join(so)
		.on(so.name == jea.reference_name)
		.select(
			jea.reference_name.as_("sales_order"),
			so.customer,
			so.customer_name,
			Sum(jea.credit - jea.debit).as_("received"),
		)
		.where(jea.parenttype == "Journal Entry")
		.where(jea.reference_type == "Sales Order")
		.where(jea.party_type == "Customer")
		.where(je.docstatus == 1)
		.where(je.posting_date <= filters.as_of_date)
		.groupby(jea.reference_name)
	)
	journals = restrict(journals, je, "Journal Entry")
	advances: dict[str, dict] = {}
	for query in (payments, journals):
		query = query.where(so.company == filters.company)
		if filters.customer:
			query = query.where(so.customer == filters.customer)
		if filters.sales_order:
			query = query.where(so.name == filters.sales_order)
		query = restrict(query, so, "Sales Order", children=("Sales Team",))
		for row in query.run(as_dict=True):
			entry = advances.setdefault(
				row.sales_order, {"customer": row.customer, "customer_name": row.customer_name, "amount": 0.0}
			)
			# a refund of an advance (Pay to the customer) lowers what was received
			entry["amount"] += -flt(row.paid) if row.get("payment_type") == "Pay" else flt(row.received)
	return advances


# ----------------------------------------------------------------------------- shaping


def get_data(filters: frappe._dict, ranges: list[int]) -> list[dict]:
	lines = get_invoice_lines(filters)
	advances = get_unallocated_advances(filters)
	if not lines and not advances:
		return []
	invoices = sorted({line.invoice for line in lines})
	ledger = get_ledger_entries(filters, invoices) if invoices else {}
	schedules = get_schedules(invoices) if invoices else {}

	headers = {line.invoice: line for line in lines}
	shares = order_shares((line.invoice, line.sales_order, line.net_amount) for line in lines)
	if filters.sales_order:
		shares = {key: share for key, share in shares.items() if key[1] == filters.sales_order}

	balances = {
		invoice: invoice_balance(invoice, bool(headers[invoice].is_return), ledger[invoice])
		for invoice in invoices
		if ledger.get(invoice)  # a credit note booked against another invoice has no balance of its own
	}
	settled = settle_credits(balances, headers)
	invoice_rows = {
		invoice: invoice_figures(headers[invoice], balance, schedules.get(invoice), filters, ranges)
		for invoice, balance in balances.items()
		if invoice not in settled or any(abs(balance[key]) >= 0.005 for key in balance)
	}

	per_order: dict[str, list[dict]] = defaultdict(list)
	customers: dict[str, tuple] = {
		order: (advance["customer"], advance["customer_name"]) for order, advance in advances.items()
	}
	for (invoice, order), share in shares.items():
		if invoice not in invoice_rows:
			continue
		per_order[order].append(scaled(invoice_rows[invoice], share, order))
		customers[order] = (invoice_rows[invoice]["customer"], invoice_rows[invoice]["customer_name"])

	only_outstanding = cint(filters.get("only_outstanding", 1))  # the desk's default, also over the API
	data = []
	for order in sorted(set(per_order) | set(advances), key=lambda o: (customers[o][0], o)):
		children = sorted(per_order.get(order, []), key=lambda row: (row["posting_date"], row["invoice"]))
		advance = flt(advances[order]["amount"]) if order in advances else 0.0
		parent = order_row(order, customers[order], children, advance, len(ranges))
		if only_outstanding and not (
			abs(parent["outstanding"]) >= 0.005 or abs(parent["unallocated_advance"]) >= 0.005
		):
			continue
		data.append(parent)
		data.extend(children)
	return data


def settle_credits(balances: dict[str, dict], headers: dict) -> set[str]:
	"""A credit note with a balance of its own reduces the invoice it was issued against
	while that invoice is open, as if it had been booked against it (what it settles moves
	from the credit note's invoiced and outstanding amounts to the invoice's). Changes
	`balances`; returns the credit notes that settled something."""
	credits = sorted(
		(headers[invoice] for invoice, balance in balances.items() if balance["outstanding"] < 0),
		key=lambda header: (header.posting_date, header.invoice),
	)
	settled = set()
	for credit, invoice, amount in allocate_credits(
		{invoice: balance["outstanding"] for invoice, balance in balances.items()},
		[(header.invoice, header.return_against) for header in credits],
	):
		for name, change in ((invoice, -amount), (credit, amount)):
			balances[name]["invoiced"] += change
			balances[name]["outstanding"] += change
		settled.add(credit)
	return settled


def invoice_figures(header, balance, schedule, filters, ranges) -> dict:
	due_date = getdate(header.due_date or header.posting_date)
	instalments = schedule or [(due_date, balance["invoiced"])]
	credit = -balance["outstanding"] if balance["outstanding"] < 0 else 0.0
	# a credit balance is money owed to the customer: not aged, shown as unallocated credit
	open_amounts = (
		[] if credit else split_outstanding(instalments, balance["invoiced"], balance["outstanding"])
	)
	ageing = age_amounts(open_amounts, filters.as_of_date, ranges)
	open_dues = [due for due, amount in open_amounts if abs(amount) >= 0.005]
	return {
		"invoice": header.invoice,
		"customer": header.customer,
		"customer_name": header.customer_name,
		"posting_date": header.posting_date,
		"due_date": min(open_dues) if open_dues else due_date,
		"age": ageing["age"],
		**balance,
		"not_due": ageing["not_due"],
		"buckets": ageing["buckets"],
		"unallocated_credit": credit,
	}


def scaled(figures: dict, share: float, order: str) -> dict:
	row = {
		"indent": 1,
		"sales_order": order,
		"invoice_doctype": "Sales Invoice",
		"invoice": figures["invoice"],
		"customer": figures["customer"],
		"customer_name": figures["customer_name"],
		"posting_date": figures["posting_date"],
		"due_date": figures["due_date"],
		"age": figures["age"],
		"share": flt(100 * share, 2),
		"unallocated_advance": 0.0,
	}
	for key in ("invoiced", "received", "outstanding", "not_due", "unallocated_credit"):
		row[key] = flt(figures[key] * share, 2)
	for index, amount in enumerate(figures["buckets"], start=1):
		row[f"range{index}"] = flt(amount * share, 2)
	row["overdue"] = flt(sum(row[f"range{i}"] for i in range(1, len(figures["buckets"]) + 1)), 2)
	row["net_receivable"] = row["outstanding"]
	return row


def order_row(order: str, customer: tuple, children: list[dict], advance: float, bucket_count: int) -> dict:
	row = {
		"indent": 0,
		"sales_order": order,
		"invoice": None,
		"customer": customer[0],
		"customer_name": customer[1],
		"posting_date": None,
		"due_date": min((c["due_date"] for c in children if abs(c["outstanding"]) >= 0.005), default=None),
		"age": max((c["age"] for c in children if c["age"] is not None), default=None),
		"share": None,
		"unallocated_advance": flt(advance, 2),
	}
	for key in (*AMOUNT_KEYS, *(f"range{i}" for i in range(1, bucket_count + 2))):
		row[key] = flt(sum(c[key] for c in children), 2)
	row["net_receivable"] = flt(row["outstanding"] - row["unallocated_advance"], 2)
	return row


# ----------------------------------------------------------------------------- presentation


def bucket_labels(ranges: list[int]) -> list[str]:
	labels = []
	for low, high in bucket_bounds(ranges):
		labels.append(f"{low}-{high}" if high is not None else _("Over {0}").format(low - 1))
	return labels


def get_columns(ranges: list[int]) -> list[dict]:
	currency = "Company:company:default_currency"

	def money(label, fieldname, width=120):
		return {
			"label": label,
			"fieldname": fieldname,
			"fieldtype": "Currency",
			"options": currency,
			"width": width,
		}

	columns = [
		{
			"label": _("Sales Order"),
			"fieldname": "sales_order",
			"fieldtype": "Link",
			"options": "Sales Order",
			"width": 160,
		},
		# a Dynamic Link like ERPNext's receivable reports: whoever may run the report sees the
		# invoice numbers of the contracts it lists (the Sales Order and Customer columns
		# still apply the user's permissions to the rows)
		{
			"label": _("Sales Invoice"),
			"fieldname": "invoice",
			"fieldtype": "Dynamic Link",
			"options": "invoice_doctype",
			"width": 160,
		},
		{
			"label": _("Customer"),
			"fieldname": "customer",
			"fieldtype": "Link",
			"options": "Customer",
			"width": 140,
		},
		{"label": _("Customer Name"), "fieldname": "customer_name", "fieldtype": "Data", "width": 160},
		{"label": _("Posting Date"), "fieldname": "posting_date", "fieldtype": "Date", "width": 100},
		{"label": _("Due Date"), "fieldname": "due_date", "fieldtype": "Date", "width": 100},
		{"label": _("Age (Days)"), "fieldname": "age", "fieldtype": "Int", "width": 90},
		{"label": _("Share of Invoice (%)"), "fieldname": "share", "fieldtype": "Percent", "width": 100},
		money(_("Invoiced Amount", context="neiqin"), "invoiced"),
		money(_("Received Amount"), "received"),
		money(_("Outstanding Amount", context="neiqin"), "outstanding"),
		money(_("Not Yet Due"), "not_due"),
	]
	for index, label in enumerate(bucket_labels(ranges), start=1):
		columns.append(money(label, f"range{index}", 100))
	columns += [
		money(_("Overdue Amount"), "overdue"),
		money(_("Unallocated Advance"), "unallocated_advance"),
		money(_("Unallocated Credit"), "unallocated_credit"),
		money(_("Net Receivable"), "net_receivable"),
	]
	return columns


def get_chart_data(data: list[dict], ranges: list[int]) -> dict | None:
	orders = [row for row in data if row["indent"] == 0]
	if not orders:
		return None
	labels = [_("Not Yet Due"), *bucket_labels(ranges)]
	values = [flt(sum(row["not_due"] for row in orders), 2)]
	values += [flt(sum(row[f"range{i}"] for row in orders), 2) for i in range(1, len(ranges) + 2)]
	return {
		"data": {
			"labels": labels,
			"datasets": [{"name": _("Outstanding Amount", context="neiqin"), "values": values}],
		},
		"type": "bar",
		"fieldtype": "Currency",
		"colors": ["#7cd6fd"],
	}


def get_report_summary(data: list[dict], filters: frappe._dict) -> list[dict]:
	orders = [row for row in data if row["indent"] == 0]
	currency = frappe.get_cached_value("Company", filters.company, "default_currency")

	def total(key):
		return flt(sum(row[key] for row in orders), 2)

	def card(label, key, indicator):
		return {
			"label": label,
			"value": total(key),
			"datatype": "Currency",
			"currency": currency,
			"indicator": indicator,
		}

	overdue = total("overdue")
	return [
		{"label": _("Contracts"), "value": len(orders), "datatype": "Int", "indicator": "Blue"},
		card(_("Invoiced Amount", context="neiqin"), "invoiced", "Blue"),
		card(_("Received Amount"), "received", "Green"),
		card(_("Outstanding Amount", context="neiqin"), "outstanding", "Orange"),
		card(_("Overdue Amount"), "overdue", "Red" if overdue else "Green"),
		card(_("Unallocated Advance"), "unallocated_advance", "Blue"),
		card(_("Unallocated Credit"), "unallocated_credit", "Blue"),
	]
