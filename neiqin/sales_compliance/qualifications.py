"""Which qualifications a customer must hold for a selling document, and whether it does.

Requirements (`Qualification Requirement`) name a qualification type, a selling doctype and
optionally a customer group (its subgroups included); the customer's group is read from the
Customer master, not from the document, so editing the document cannot dodge a requirement.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import frappe
from frappe.utils import escape_html, getdate, nowdate
from frappe.utils.nestedset import get_ancestors_of

from neiqin import stored_text
from neiqin.sales_compliance import qualification_rules as rules

SELLING_DOCTYPES = ("Sales Order", "Delivery Note", "Sales Invoice", "POS Invoice")
# Documents that move goods to the customer besides a Delivery Note: a requirement naming
# Delivery Note covers them too
GOODS_MOVING = ("Delivery Note", "POS Invoice")
REQUIREMENT = "Qualification Requirement"
QUALIFICATION = "Customer Qualification"


@dataclass(frozen=True)
class TypeState:
	"""How a customer stands on one required qualification type on a day."""

	qualification_type: str
	enforcement: str
	problem: rules.Problem | None
	valid: tuple[str, date | None] | None = None  # (qualification, valid_to) of the valid one


def document_date(doc) -> date:
	return getdate(doc.get("posting_date") or doc.get("transaction_date") or None)


def goods_leave_days(doc) -> tuple[date, ...]:
	"""The days a licence or an approval must be valid on: the document's date and today (the
	day the goods leave), so that back-dating revives neither."""
	return tuple(dict.fromkeys((document_date(doc), getdate(nowdate()))))


def moves_goods(doc) -> bool:
	return doc.doctype in GOODS_MOVING or (doc.doctype == "Sales Invoice" and bool(doc.get("update_stock")))


def governed_as(doc) -> tuple[str, ...]:
	"""The doctypes whose requirements apply to the document: its own, and Delivery Note's when it
	moves goods (a stock-updating invoice, a POS invoice)."""
	return tuple(dict.fromkeys((doc.doctype, "Delivery Note") if moves_goods(doc) else (doc.doctype,)))


def customer_groups(customer: str) -> list[str]:
	group = frappe.get_cached_value("Customer", customer, "customer_group")
	return [group, *get_ancestors_of("Customer Group", group)] if group else []


def requirements(customer: str, doctype: str | tuple[str, ...]) -> list[frappe._dict]:
	"""Enabled requirements for this doctype (or these) that apply to the customer, one per type
	(Block wins over Warn when several name the same type)."""
	doctypes = (doctype,) if isinstance(doctype, str) else tuple(doctype)
	rows = frappe.get_all(
		REQUIREMENT,
		filters={"enabled": 1, "document_type": ("in", doctypes)},
		fields=["qualification_type", "customer_group", "enforcement"],
		order_by="qualification_type",
	)
	# the customer's group and its ancestors are read only when a requirement names a group
	groups = customer_groups(customer) if any(row.customer_group for row in rows) else []
	by_type: dict[str, frappe._dict] = {}
	for row in rows:
		if not rules.requirement_applies(row.customer_group, groups):
			continue
		if row.qualification_type not in by_type or row.enforcement == "Block":
			by_type[row.qualification_type] = row
	return list(by_type.values())


def held(customer: str, types: list[str]) -> dict[str, list[rules.Held]]:
	rows = frappe.get_all(
		QUALIFICATION,
		filters={"customer": customer, "qualification_type": ("in", types)},
		fields=["name", "qualification_type", "valid_from", "valid_to", "verified_by", "attachment"],
	)
	needs_scan = set(
		frappe.get_all(
			"Qualification Type", filters={"name": ("in", types), "requires_scan": 1}, pluck="name"
		)
	)
	found: dict[str, list[rules.Held]] = {}
	for row in rows:
		found.setdefault(row.qualification_type, []).append(
			rules.Held(
				row.name,
				getdate(row.valid_from) if row.valid_from else None,
				getdate(row.valid_to) if row.valid_to else None,
				verified=bool(row.verified_by)
				and (bool(row.attachment) or row.qualification_type not in needs_scan),
			)
		)
	return found


def states(customer: str, doctype: str | tuple[str, ...], day: date | tuple[date, ...]) -> list[TypeState]:
	"""One state per required type (empty when nothing is required), judged on `day` (or on each
	of several days)."""
	required = requirements(customer, doctype)
	if not required:
		return []
	on_file = held(customer, [row.qualification_type for row in required])
	last = day if isinstance(day, date) else max(day)
	result = []
	for row in required:
		quals = on_file.get(row.qualification_type, [])
		problem = rules.problem_on(quals, day)
		valid = None
		if problem is None:
			best = max(
				(q for q in quals if q.verified and rules.is_valid_on(q, last)),
				key=lambda q: q.valid_to or date.max,
			)
			valid = (best.name, best.valid_to)
		result.append(TypeState(row.qualification_type, row.enforcement, problem, valid))
	return result


def describe(customer: str, state: TypeState) -> str:
	"""The translated fact about one required type, naming customer, type and why."""
	return stored_text.for_reader(fact(customer, state))


def fact(customer: str, state: TypeState) -> dict:
	"""That fact as a stored text (`neiqin.stored_text`): shown in each reader's language."""
	who = stored_text.bold(
		escape_html(frappe.get_cached_value("Customer", customer, "customer_name") or customer)
	)
	what = stored_text.bold(stored_text.text(escape_html(state.qualification_type)))  # data, translatable
	problem = state.problem
	if problem is None:
		if state.valid and state.valid[1]:
			return stored_text.text(
				"{0} holds a valid {1}, valid until {2}.", who, what, stored_text.day(state.valid[1])
			)
		return stored_text.text("{0} holds a valid {1} without expiry.", who, what)
	if problem.kind == rules.MISSING:
		return stored_text.text("{0} has no {1} on file.", who, what)
	if problem.kind == rules.UNVERIFIED:
		return stored_text.text(
			"The {1} of {0} on file is not verified by a second person (with its scan where required).",
			who,
			what,
		)
	if problem.kind == rules.EXPIRED:
		return stored_text.text("The {1} of {0} expired on {2}.", who, what, stored_text.day(problem.day))
	return stored_text.text(
		"The {1} of {0} is not valid before {2}.", who, what, stored_text.day(problem.day)
	)
