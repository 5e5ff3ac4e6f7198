"""Collection Follow-up Board (回款督办): per sales person and customer the receivables by due
date in ERPNext's Accounts Receivable ageing buckets (the same figures: the Payment Ledger as of
the date, each receivable aged from its due date, or posting date where it has none, amounts not
yet due in no bucket), the last follow-up, the open promise and the promises broken this
quarter. A receivable belongs to the largest share of its invoice's sales team, else of the
customer's."""

from __future__ import annotations

from collections import defaultdict

import frappe
from frappe import _
from frappe.query_builder import Case
from frappe.query_builder.functions import Max, Sum
from frappe.utils import getdate, nowdate

from neiqin.escaping import bold
from neiqin.report_filters import ReportFilterError, answers_refusals, require_company
from neiqin.sales_plans import rules
from neiqin.sales_reports.common import currency_column, hidden_currency_column
from neiqin.user_permissions import document_rules, keeps, restrict

DEFAULT_RANGE = "30, 60, 90, 120"


@answers_refusals
def execute(filters=None):
	filters = frappe._dict(filters or {})
	company = require_company(filters)
	report_date = getdate(filters.get("report_date") or nowdate())
	ranges = ageing_ranges(filters.get("range"))
	rows = board_rows(company, report_date, ranges, filters)
	currency = frappe.get_cached_value("Company", company, "default_currency")
	for row in rows:
		row["currency"] = currency
	return columns(ranges), rows, None, chart(rows, ranges), None


def ageing_ranges(text: str | None) -> list[int]:
	values = [part.strip() for part in (text or DEFAULT_RANGE).split(",") if part.strip()]
	if not values or not all(value.isdigit() for value in values):
		frappe.throw(
			_("The ageing range {0} must be whole numbers of days separated by commas.").format(bold(text)),
			ReportFilterError,
			title=_("Invalid Filter"),
		)
	return [int(value) for value in values]


def receivables(company: str, report_date, customer: str | None = None) -> list[dict]:
	"""Outstanding per receivable (invoice, credit note, unallocated payment) on the date, with the
	date it ages from (one query)."""
	ple = frappe.qb.DocType("Payment Ledger Entry")
	own = (ple.voucher_type == ple.against_voucher_type) & (ple.voucher_no == ple.against_voucher_no)
	query = (
		frappe.qb.from_(ple)
		.select(
			ple.party,
			ple.against_voucher_type,
			ple.against_voucher_no,
			Sum(ple.amount).as_("outstanding"),
			Max(Case().when(own, ple.due_date)).as_("due_date"),
			Max(Case().when(own, ple.posting_date)).as_("posting_date"),
		)
		.where(ple.company == company)
		.where(ple.party_type == "Customer")
		.where(ple.account_type == "Receivable")
		.where(ple.delinked == 0)
		.where(ple.posting_date <= report_date)
		.groupby(ple.party, ple.against_voucher_type, ple.against_voucher_no)
	)
	if customer:
		query = query.where(ple.party == customer)
	query = restrict(query, ple, "Payment Ledger Entry", through={"party": ("Customer", "party_type")})
	return [row for row in query.run(as_dict=True) if abs(row.outstanding or 0) >= 0.01]


def owners(invoices: set[str], customers: set[str]) -> dict[tuple[str, str], str]:
	"""{(doctype, name): the sales person of the largest share} for the invoices and customers."""
	team = frappe.qb.DocType("Sales Team")
	condition = (team.parenttype == "Customer") & team.parent.isin(sorted(customers) or [""])
	if invoices:
		condition = condition | ((team.parenttype == "Sales Invoice") & team.parent.isin(sorted(invoices)))
	rows = (
		frappe.qb.from_(team)
		.select(team.parenttype, team.parent, team.sales_person, team.allocated_percentage, team.idx)
		.where(condition)
		.run(as_dict=True)
	)
	best = {}
	for row in sorted(rows, key=lambda r: (-(r.allocated_percentage or 0), r.idx)):
		best.setdefault((row.parenttype, row.parent), row.sales_person)
	return best


def follow_ups(company: str, customers: set[str], report_date) -> dict[str, dict]:
	"""Per customer: the last follow-up, the open promise, the promises broken this quarter."""
	if not customers:
		return {}
	cfu = frappe.qb.DocType("Collection Follow-up")
	query = (
		frappe.qb.from_(cfu)
		.select(
			cfu.name, cfu.customer, cfu.followed_up_on, cfu.status, cfu.promised_amount, cfu.promised_date
		)
		.where(cfu.company == company)
		.where(cfu.customer.isin(sorted(customers)))
		.where(cfu.followed_up_on <= report_date)
		.orderby(cfu.followed_up_on)
		.orderby(cfu.creation)
	)
	query = restrict(query, cfu, "Collection Follow-up", **document_rules("Collection Follow-up"))
	quarter = rules.quarter_start(report_date)
	found: dict[str, dict] = defaultdict(lambda: {"broken_this_quarter": 0})
	for row in query.run(as_dict=True):
		info = found[row.customer]
		info["last_follow_up"] = row.followed_up_on
		info["last_follow_up_name"] = row.name
		if row.status == rules.OPEN and row.promised_amount:
			info["open_promise_amount"] = row.promised_amount
			info["open_promise_date"] = row.promised_date
		if row.status == rules.BROKEN and row.promised_date and getdate(row.promised_date) >= quarter:
			info["broken_this_quarter"] += 1
	return found


def board_rows(company: str, report_date, ranges: list[int], filters) -> list[dict]:
	found = receivables(company, report_date, filters.get("customer"))
	customers = {row.party for row in found}
	invoices = {row.against_voucher_no for row in found if row.against_voucher_type == "Sales Invoice"}
	owner = owners(invoices, customers)
	rows: dict[tuple, dict] = {}
	for row in found:
		person = owner.get((row.against_voucher_type, row.against_voucher_no)) or owner.get(
			("Customer", row.party)
		)
		line = rows.setdefault(
			(person, row.party),
			{
				"sales_person": person,
				"customer": row.party,
				"outstanding": 0.0,
				"not_due": 0.0,
				"total_due": 0.0,
				**{f"range{i + 1}": 0.0 for i in range(len(ranges) + 1)},
			},
		)
		amount = float(row.outstanding)
		line["outstanding"] += amount
		entry_date = getdate(row.due_date or row.posting_date) if (row.due_date or row.posting_date) else None
		if entry_date is None or entry_date > report_date:
			line["not_due"] += amount
			continue
		bucket = rules.ageing_bucket((report_date - entry_date).days, ranges)
		line[f"range{bucket + 1}"] += amount
		line["total_due"] += amount
	wanted = filters.get("sales_person")
	result = [
		row
		for row in rows.values()
		if (not wanted or row["sales_person"] == wanted)
		and keeps(row, "Collection Follow-up", {"sales_person": "Sales Person"})
	]
	names = dict(
		frappe.get_all(
			"Customer",
			filters={"name": ("in", sorted({row["customer"] for row in result}) or [""])},
			fields=["name", "customer_name"],
			as_list=True,
		)
	)
	info = follow_ups(company, {row["customer"] for row in result}, report_date)
	for row in result:
		row["customer_name"] = names.get(row["customer"])
		row.update(info.get(row["customer"], {"broken_this_quarter": 0}))
	return sorted(result, key=lambda row: (-row["total_due"], row["sales_person"] or "", row["customer"]))


def bucket_labels(ranges: list[int]) -> list[str]:
	labels, low = [], 0
	for limit in ranges:
		labels.append(f"{low}-{limit}")
		low = limit + 1
	labels.append(_("{0}-Above").format(low))
	return labels


def columns(ranges: list[int]) -> list[dict]:
	found = [
		{
			"fieldname": "sales_person",
			"label": _("Sales Person"),
			"fieldtype": "Link",
			"options": "Sales Person",
			"width": 140,
		},
		{
			"fieldname": "customer",
			"label": _("Customer"),
			"fieldtype": "Link",
			"options": "Customer",
			"width": 140,
		},
		{"fieldname": "customer_name", "label": _("Customer Name"), "fieldtype": "Data", "width": 160},
		currency_column("outstanding", _("Outstanding Amount", context="neiqin"), 120),
		currency_column("not_due", _("Not Yet Due"), 110),
	]
	found += [currency_column(f"range{i + 1}", label, 100) for i, label in enumerate(bucket_labels(ranges))]
	found += [
		currency_column("total_due", _("Overdue"), 120),
		{"fieldname": "last_follow_up", "label": _("Last Follow-up"), "fieldtype": "Date", "width": 100},
		{
			"fieldname": "last_follow_up_name",
			"label": _("Collection Follow-up"),
			"fieldtype": "Link",
			"options": "Collection Follow-up",
			"width": 130,
		},
		currency_column("open_promise_amount", _("Open Promise"), 110),
		{"fieldname": "open_promise_date", "label": _("Promised Date"), "fieldtype": "Date", "width": 100},
		{
			"fieldname": "broken_this_quarter",
			"label": _("Promises Broken This Quarter"),
			"fieldtype": "Int",
			"width": 100,
		},
		hidden_currency_column(),
	]
	return found


def chart(rows: list[dict], ranges: list[int]) -> dict | None:
	if not rows:
		return None
	labels = bucket_labels(ranges)
	return {
		"data": {
			"labels": labels,
			"datasets": [
				{
					"name": _("Overdue"),
					"values": [
						round(sum(row[f"range{i + 1}"] for row in rows), 2) for i in range(len(labels))
					],
				}
			],
		},
		"type": "bar",
		"fieldtype": "Currency",
	}
