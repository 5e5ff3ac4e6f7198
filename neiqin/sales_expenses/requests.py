"""Sales Expense Request (费用申请单): what its documents did to it — the advance paid, what claims
claimed and settled of it, its status and what it takes from its budget.

Each change is applied as a difference while the request's row is locked (`SELECT … FOR UPDATE`,
which returns the latest committed values): a claim adds its lines on submit and takes them back
on cancel, an advance Payment Entry likewise. Two claims or payments of one request therefore
follow each other and the second sees the first. (Summing the claims inside the lock instead
would read an older snapshot, or lock the other claim's row that frappe holds while saving it,
and deadlock.) `recount` rebuilds the values from the documents, for repairs."""

from __future__ import annotations

import frappe
from frappe.query_builder.functions import Coalesce, Sum
from frappe.utils import flt

from neiqin.sales_expenses import budgets, rules

DOCTYPE = "Sales Expense Request"
CLAIM = "Sales Expense Claim"
CLAIM_LINE = "Sales Expense Claim Line"
PAYMENT_LINK = "sales_expense_request"
FIELDS = (
	"name",
	"docstatus",
	"estimated_amount",
	"advance_paid",
	"advance_payment_entry",
	"claimed_amount",
	"advance_settled",
	"company",
	"posting_date",
	"territory",
	"sales_person",
	"expense_type",
)


def locked(names) -> list[frappe._dict]:
	"""The requests' rows, locked in name order."""
	names = sorted({name for name in names if name})
	if not names:
		return []
	request = frappe.qb.DocType(DOCTYPE)
	return (
		frappe.qb.from_(request)
		.select(*(request[field] for field in FIELDS))
		.where(request.name.isin(names))
		.orderby(request.name)
		.for_update()
		.run(as_dict=True)
	)


def store(row, **changes) -> None:
	"""Write `changes` and the status they give; a change of what is claimed changes what the
	request takes from its budget lines."""
	values = frappe._dict({**row, **changes})
	values.status = rules.request_status(
		values.docstatus,
		flt(values.estimated_amount),
		flt(values.advance_paid),
		flt(values.claimed_amount),
		flt(values.advance_settled),
	)
	frappe.db.set_value(DOCTYPE, row.name, {**changes, "status": values.status}, update_modified=False)
	if row.docstatus == 1 and "claimed_amount" in changes:
		estimated = flt(row.estimated_amount)
		budgets.apply_use(
			row,
			rules.used_amount(estimated, flt(row.claimed_amount)),
			rules.used_amount(estimated, flt(values.claimed_amount)),
		)


def apply_claim(claim, sign: int) -> None:
	"""A claim submitted (`sign` 1) or cancelled (-1): its lines' amounts and advance settled
	added to or taken from the requests they cite."""
	totals: dict[str, list[float]] = {}
	for line in claim.lines:
		entry = totals.setdefault(line.sales_expense_request, [0.0, 0.0])
		entry[0] += flt(line.amount)
		entry[1] += flt(line.advance_applied)
	for row in locked(totals):
		claimed, settled = totals[row.name]
		store(
			row,
			claimed_amount=flt(flt(row.claimed_amount) + sign * claimed, 2),
			advance_settled=flt(flt(row.advance_settled) + sign * settled, 2),
		)


def apply_advance(payment, sign: int) -> None:
	"""An advance Payment Entry submitted (1) or cancelled (-1)."""
	for row in locked([payment.get(PAYMENT_LINK)]):
		store(
			row,
			advance_paid=flt(flt(row.advance_paid) + sign * flt(payment.paid_amount), 2),
			advance_payment_entry=payment.name if sign > 0 else None,
		)


def set_status(name: str) -> None:
	"""The request was submitted or cancelled."""
	for row in locked([name]):
		store(row)


# ----------------------------------------------------------------------------- recount (repairs)


def claimed_by_request(names: list[str]) -> dict[str, frappe._dict]:
	"""{request: claimed, advance settled} summed over submitted claims (one statement)."""
	if not names:
		return {}
	line, claim = frappe.qb.DocType(CLAIM_LINE), frappe.qb.DocType(CLAIM)
	rows = (
		frappe.qb.from_(line)
		.join(claim)
		.on(line.parent == claim.name)
		.select(
			line.sales_expense_request,
			Coalesce(Sum(line.amount), 0).as_("claimed"),
			Coalesce(Sum(line.advance_applied), 0).as_("settled"),
		)
		.where((line.parenttype == CLAIM) & (claim.docstatus == 1) & line.sales_expense_request.isin(names))
		.groupby(line.sales_expense_request)
		.run(as_dict=True)
	)
	return {row.sales_expense_request: row for row in rows}


def advances_paid(names: list[str]) -> dict[str, frappe._dict]:
	"""{request: amount, payment entry} of the submitted advance Payment Entries (one statement)."""
	if not names:
		return {}
	pe = frappe.qb.DocType("Payment Entry")
	rows = (
		frappe.qb.from_(pe)
		.select(pe[PAYMENT_LINK], pe.name, pe.paid_amount)
		.where((pe.docstatus == 1) & pe[PAYMENT_LINK].isin(names))
		.run(as_dict=True)
	)
	found: dict[str, frappe._dict] = {}
	for row in rows:
		entry = found.setdefault(row[PAYMENT_LINK], frappe._dict(amount=0.0, payment_entry=row.name))
		entry.amount += flt(row.paid_amount)
	return found


def recount(names) -> None:
	"""Rebuild the stored values of requests `names` from their documents (a repair: run it when
	nothing else writes them)."""
	rows = locked(names)
	claimed = claimed_by_request([row.name for row in rows])
	advances = advances_paid([row.name for row in rows])
	for row in rows:
		claim = claimed.get(row.name) or frappe._dict(claimed=0.0, settled=0.0)
		advance = advances.get(row.name) or frappe._dict(amount=0.0, payment_entry=None)
		store(
			row,
			advance_paid=flt(advance.amount, 2),
			advance_payment_entry=advance.payment_entry,
			claimed_amount=flt(claim.claimed, 2),
			advance_settled=flt(claim.settled, 2),
		)
