"""What happened, from the books, per day and sales person or territory (a constant number of
queries whatever the period or the number of documents; User Permissions applied through
`neiqin.user_permissions.restrict`).

- orders: submitted Sales Orders by transaction date, net amount in company currency, each
  sales person's share (net total × the Sales Team's allocated %, whatever the items'
  commission settings);
- deliveries: submitted Delivery Notes by posting date, the same way (returns count negative);
- collections: money received against the customers' receivables — Payment Ledger Entries of
  Payment Entries and Journal Entries on receivable accounts, by posting date — shared among
  the sales team of the invoice (or order) it settles, else of the customer; its territory is
  the settled document's, else the customer's;
- visits: Customer Visit Logs, the visitor being the sales person's user;
- planned visits: Visit Plan lines by planned date, done or not.

Each function returns rows {"date", "entity", "amount"} (entity: sales person or territory).
"""

from __future__ import annotations

import datetime
from collections import defaultdict

import frappe
from frappe.query_builder.functions import Count, Sum

from neiqin.sales_plans import people
from neiqin.user_permissions import restrict

SALES_PERSON, TERRITORY = "Sales Person", "Territory"
PAYMENT_VOUCHERS = ("Payment Entry", "Journal Entry")


def sales(
	doctype: str, company: str, from_date: datetime.date, to_date: datetime.date, based_on: str
) -> list[dict]:
	"""Orders (`Sales Order`) or deliveries (`Delivery Note`) per day and entity."""
	doc = frappe.qb.DocType(doctype)
	date_field = doc.transaction_date if doctype == "Sales Order" else doc.posting_date
	query = (
		frappe.qb.from_(doc)
		.where(doc.docstatus == 1)
		.where(doc.company == company)
		.where(date_field[from_date:to_date])
	)
	if based_on == SALES_PERSON:
		team = frappe.qb.DocType("Sales Team")
		query = (
			query.join(team)
			.on((team.parent == doc.name) & (team.parenttype == doctype))
			.select(
				date_field.as_("date"),
				team.sales_person.as_("entity"),
				Sum(doc.base_net_total * team.allocated_percentage / 100).as_("amount"),
			)
			.groupby(date_field, team.sales_person)
		)
	else:
		query = query.select(
			date_field.as_("date"), doc.territory.as_("entity"), Sum(doc.base_net_total).as_("amount")
		).groupby(date_field, doc.territory)
	query = restrict(query, doc, doctype, children=("Sales Team",))
	return query.run(as_dict=True)


def collections(company: str, from_date: datetime.date, to_date: datetime.date, based_on: str) -> list[dict]:
	"""Money received per day and entity (three queries)."""
	ple = frappe.qb.DocType("Payment Ledger Entry")
	query = (
		frappe.qb.from_(ple)
		.select(
			ple.posting_date.as_("date"),
			ple.party,
			ple.against_voucher_type,
			ple.against_voucher_no,
			Sum(-ple.amount).as_("amount"),
		)
		.where(ple.company == company)
		.where(ple.party_type == "Customer")
		.where(ple.account_type == "Receivable")
		.where(ple.delinked == 0)
		.where(ple.voucher_type.isin(PAYMENT_VOUCHERS))
		.where(ple.posting_date[from_date:to_date])
		.groupby(ple.posting_date, ple.party, ple.against_voucher_type, ple.against_voucher_no)
	)
	query = restrict(query, ple, "Payment Ledger Entry", through={"party": ("Customer", "party_type")})
	received = query.run(as_dict=True)
	if not received:
		return []
	documents = {(r.against_voucher_type, r.against_voucher_no) for r in received}
	customers = {r.party for r in received}
	if based_on == SALES_PERSON:
		teams = _teams(documents, customers)
		rows = []
		for r in received:
			team = teams.get((r.against_voucher_type, r.against_voucher_no)) or teams.get(
				("Customer", r.party)
			)
			for sales_person, percentage in team or ():
				rows.append({"date": r.date, "entity": sales_person, "amount": r.amount * percentage / 100})
		return rows
	territories = _territories(documents, customers)
	return [
		{
			"date": r.date,
			"entity": territories.get((r.against_voucher_type, r.against_voucher_no))
			or territories.get(("Customer", r.party)),
			"amount": r.amount,
		}
		for r in received
	]


def _teams(documents: set, customers: set) -> dict[tuple[str, str], list[tuple[str, float]]]:
	"""{(doctype, name): [(sales person, allocated %)]} of the settled documents and customers."""
	team = frappe.qb.DocType("Sales Team")
	wanted = defaultdict(set)
	for doctype, name in documents:
		if doctype in ("Sales Invoice", "Sales Order"):
			wanted[doctype].add(name)
	wanted["Customer"] = set(customers)
	condition = None
	for doctype, names in wanted.items():
		if names:
			part = (team.parenttype == doctype) & team.parent.isin(sorted(names))
			condition = part if condition is None else condition | part
	rows = (
		frappe.qb.from_(team)
		.select(team.parenttype, team.parent, team.sales_person, team.allocated_percentage)
		.where(condition)
		.run(as_dict=True)
	)
	found = defaultdict(list)
	for row in rows:
		found[(row.parenttype, row.parent)].append((row.sales_person, float(row.allocated_percentage or 0)))
	return found


def _territories(documents: set, customers: set) -> dict[tuple[str, str], str]:
	found = {}
	for doctype in ("Sales Invoice", "Sales Order"):
		names = sorted(name for kind, name in documents if kind == doctype)
		if names:
			doc = frappe.qb.DocType(doctype)
			for name, territory in (
				frappe.qb.from_(doc).select(doc.name, doc.territory).where(doc.name.isin(names)).run()
			):
				found[(doctype, name)] = territory
	customer = frappe.qb.DocType("Customer")
	for name, territory in (
		frappe.qb.from_(customer)
		.select(customer.name, customer.territory)
		.where(customer.name.isin(sorted(customers)))
		.run()
	):
		found[("Customer", name)] = territory
	return found


def visits(from_date: datetime.date, to_date: datetime.date, based_on: str) -> list[dict]:
	"""Visits logged per day and entity (the visitor's sales person, or the customer's territory)."""
	log = frappe.qb.DocType("Customer Visit Log")
	query = frappe.qb.from_(log).where(log.visit_date[from_date:to_date])
	if based_on == SALES_PERSON:
		query = query.select(
			log.visit_date.as_("date"), log.visited_by.as_("entity"), Count(log.name).as_("amount")
		).groupby(log.visit_date, log.visited_by)
	else:
		customer = frappe.qb.DocType("Customer")
		query = (
			query.join(customer)
			.on(customer.name == log.customer)
			.select(
				log.visit_date.as_("date"), customer.territory.as_("entity"), Count(log.name).as_("amount")
			)
			.groupby(log.visit_date, customer.territory)
		)
	query = restrict(query, log, "Customer Visit Log", through={"customer": "Customer"})
	rows = query.run(as_dict=True)
	if based_on == SALES_PERSON:
		by_user = {user: sales_person for sales_person, user in people.users_of().items()}
		for row in rows:
			row["entity"] = by_user.get(row["entity"])
		rows = [row for row in rows if row["entity"]]
	return rows


def planned_visits(from_date: datetime.date, to_date: datetime.date, based_on: str) -> list[dict]:
	"""Visit plan lines per planned day and entity: {"date", "entity", "planned", "done"}."""
	plan = frappe.qb.DocType("Visit Plan")
	line = frappe.qb.DocType("Visit Plan Line")
	query = (
		frappe.qb.from_(line)
		.join(plan)
		.on((plan.name == line.parent) & (line.parenttype == "Visit Plan"))
		.where(line.planned_date[from_date:to_date])
	)
	if based_on == SALES_PERSON:
		entity = plan.sales_person
	else:
		customer = frappe.qb.DocType("Customer")
		query = query.join(customer).on(customer.name == line.customer)
		entity = customer.territory
	query = query.select(
		line.planned_date.as_("date"),
		entity.as_("entity"),
		Count(line.name).as_("planned"),
		Sum(line.done).as_("done"),
	).groupby(line.planned_date, entity)
	query = restrict(query, plan, "Visit Plan")
	return query.run(as_dict=True)
