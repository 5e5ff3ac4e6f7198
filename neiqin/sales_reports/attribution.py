"""Turn ERPNext rows into *facts* the daily reports aggregate (pure: no frappe).

A fact is one amount in company currency for one measure, attributed to a day, a customer,
a sales person and an item group:

	{"measure", "date", "customer", "customer_name", "sales_person", "item_group", "document", "amount"}

Sales documents are attributed line by line; a document with a sales team is split among
its sales persons by their allocated percentage (ERPNext's "contribution"), so the amounts
of a document add up to its net amount whatever the grouping. Money received is spread over
the invoices and orders it settles: first over their sales team, then over their lines in
proportion to each line's net amount. Money that settles nothing (unallocated, or settling
another kind of document) stays unattributed (`None`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

ORDERED = "ordered"
DELIVERED = "delivered"
RETURNED = "returned"
INVOICED = "invoiced"
CREDITED = "credited"
RECEIVED = "received"
MEASURES = (ORDERED, DELIVERED, RETURNED, INVOICED, CREDITED, RECEIVED)

SETTLED_DOCTYPES = ("Sales Invoice", "Sales Order")

Row = Mapping


def _share(row: Row) -> float:
	"""The part of a line that belongs to the row's sales person (1 without a sales team)."""
	if row.get("sales_person") is None:
		return 1.0
	return float(row.get("allocated_percentage") or 0) / 100


def _fact(measure: str, row: Row, amount: float, **overrides) -> dict:
	fact = {
		"measure": measure,
		"date": row["date"],
		"customer": row.get("customer"),
		"customer_name": row.get("customer_name"),
		"sales_person": row.get("sales_person"),
		"item_group": row.get("item_group"),
		"document": row.get("parent"),
		"amount": amount,
	}
	fact.update(overrides)
	return fact


def sales_facts(
	order_lines: Iterable[Row] = (),
	delivery_lines: Iterable[Row] = (),
	invoice_lines: Iterable[Row] = (),
) -> list[dict]:
	"""Facts for ordered, delivered, returned, invoiced and credited amounts.

	Lines carry `parent`, `date`, `customer`, `customer_name`, `item_group`, `base_net_amount`
	and, when joined with the sales team, `sales_person` and `allocated_percentage`. Delivery
	and invoice lines carry `is_return`; invoice lines carry `update_stock` (such an invoice
	also delivers, or takes back, the goods). Returned and credited amounts are positive.
	"""
	facts = []
	for row in order_lines:
		facts.append(_fact(ORDERED, row, float(row["base_net_amount"] or 0) * _share(row)))
	for row in delivery_lines:
		facts.append(_movement(row, DELIVERED, RETURNED))
	for row in invoice_lines:
		facts.append(_movement(row, INVOICED, CREDITED))
		if row.get("update_stock"):
			facts.append(_movement(row, DELIVERED, RETURNED))
	return facts


def _movement(row: Row, forward: str, backward: str) -> dict:
	amount = float(row["base_net_amount"] or 0) * _share(row)
	if row.get("is_return"):
		return _fact(backward, row, -amount)
	return _fact(forward, row, amount)


def receipt_portions(payments: Iterable[Row] = (), journal_lines: Iterable[Row] = ()) -> list[dict]:
	"""Split each receipt into the portions that settle one document, in company currency.

	`payments`: one row per Payment Entry Reference (or one row without reference) with
	`voucher_no`, `date`, `customer`, `customer_name`, `paid_amount` (party currency),
	`base_received_amount` (company currency), `reference_doctype`, `reference_name` and
	`allocated_amount` (party currency). The receipt's company-currency amount is spread over
	its references in proportion to the allocated amounts; what no reference takes (the
	unallocated amount, deductions) is a portion without reference. The portions of a receipt
	add up to its `base_received_amount`.

	`journal_lines`: one row per Journal Entry line crediting a customer, with `voucher_no`,
	`date`, `customer`, `customer_name`, `base_amount`, `reference_doctype`, `reference_name`.
	"""
	by_voucher: dict[str, list[Row]] = defaultdict(list)
	for row in payments:
		by_voucher[row["voucher_no"]].append(row)

	portions = []
	for voucher_no, rows in by_voucher.items():
		head = rows[0]
		total = float(head["base_received_amount"] or 0)
		paid = float(head["paid_amount"] or 0)
		taken = 0.0
		for row in rows:
			if not row.get("reference_name") or not paid:
				continue
			amount = total * float(row["allocated_amount"] or 0) / paid
			taken += amount
			portions.append(_portion("Payment Entry", voucher_no, head, amount, row))
		if abs(total - taken) > 1e-6:
			portions.append(_portion("Payment Entry", voucher_no, head, total - taken, None))
	for row in journal_lines:
		portions.append(
			_portion("Journal Entry", row["voucher_no"], row, float(row["base_amount"] or 0), row)
		)
	return portions


def _portion(voucher_type: str, voucher_no: str, head: Row, amount: float, ref: Row | None) -> dict:
	return {
		"voucher_type": voucher_type,
		"voucher_no": voucher_no,
		"date": head["date"],
		"customer": head.get("customer"),
		"customer_name": head.get("customer_name"),
		"reference_doctype": ref.get("reference_doctype") if ref else None,
		"reference_name": ref.get("reference_name") if ref else None,
		"amount": amount,
	}


def settled_documents(portions: Iterable[Row]) -> set[tuple[str, str]]:
	"""(doctype, name) of the invoices and orders the portions settle."""
	return {
		(p["reference_doctype"], p["reference_name"])
		for p in portions
		if p.get("reference_doctype") in SETTLED_DOCTYPES and p.get("reference_name")
	}


def receipt_facts(
	portions: Iterable[Row],
	document_lines: Mapping[tuple[str, str], list[tuple[str | None, float]]] | None = None,
	document_teams: Mapping[tuple[str, str], list[tuple[str, float]]] | None = None,
) -> list[dict]:
	"""RECEIVED facts: each portion spread over its document's sales team and item groups.

	`document_lines`: {(doctype, name): [(item_group, base_net_amount), ...]};
	`document_teams`: {(doctype, name): [(sales_person, allocated_percentage), ...]}.
	Leave either out to keep the portions unsplit in that direction.
	"""
	facts = []
	for portion in portions:
		key = (portion.get("reference_doctype"), portion.get("reference_name"))
		groups = _line_shares((document_lines or {}).get(key))
		persons = _team_shares((document_teams or {}).get(key))
		for item_group, group_share in groups:
			for sales_person, person_share in persons:
				facts.append(
					{
						"measure": RECEIVED,
						"date": portion["date"],
						"customer": portion.get("customer"),
						"customer_name": portion.get("customer_name"),
						"sales_person": sales_person,
						"item_group": item_group,
						"document": portion["voucher_no"],
						"amount": portion["amount"] * group_share * person_share,
					}
				)
	return facts


def _line_shares(lines: list[tuple[str | None, float]] | None) -> list[tuple[str | None, float]]:
	total = sum(float(amount or 0) for _group, amount in lines or ())
	if not lines or not total:
		return [(None, 1.0)]
	shares: dict[str | None, float] = defaultdict(float)
	for group, amount in lines:
		shares[group] += float(amount or 0) / total
	return list(shares.items())


def _team_shares(team: list[tuple[str, float]] | None) -> list[tuple[str | None, float]]:
	if not team:
		return [(None, 1.0)]
	return [(person, float(percentage or 0) / 100) for person, percentage in team]


def keep(
	facts: Iterable[dict], sales_persons: set | None = None, item_groups: set | None = None
) -> list[dict]:
	"""Facts whose sales person / item group is among the given ones (None: no restriction)."""
	return [
		fact
		for fact in facts
		if (sales_persons is None or fact.get("sales_person") in sales_persons)
		and (item_groups is None or fact.get("item_group") in item_groups)
	]
