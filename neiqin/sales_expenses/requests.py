"""Sales Expense Request (费用申请单): what its documents say about it (advance paid, claimed,
settled, status), read in one statement each and stored on the request."""

from __future__ import annotations

import frappe
from frappe.query_builder.functions import Coalesce, Sum
from frappe.utils import flt

from neiqin.sales_expenses import budgets, rules

DOCTYPE = "Sales Expense Request"
CLAIM = "Sales Expense Claim"
CLAIM_LINE = "Sales Expense Claim Line"
PAYMENT_LINK = "sales_expense_request"


def claimed_by_request(names: list[str], exclude_claim: str | None = None) -> dict[str, frappe._dict]:
	"""{request: claimed, advance settled} over submitted claims (one statement)."""
	if not names:
		return {}
	line, claim = frappe.qb.DocType(CLAIM_LINE), frappe.qb.DocType(CLAIM)
	query = (
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
	)
	if exclude_claim:
		query = query.where(claim.name != exclude_claim)
	return {row.sales_expense_request: row for row in query.run(as_dict=True)}


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


def refresh(names) -> None:
	"""Store advance paid, claimed, settled and status on requests `names` (after a payment or a
	claim was submitted or cancelled)."""
	names = sorted({name for name in names if name})
	if not names:
		return
	claimed = claimed_by_request(names)
	advances = advances_paid(names)
	request = frappe.qb.DocType(DOCTYPE)
	rows = (
		frappe.qb.from_(request)
		.select(
			request.name,
			request.docstatus,
			request.estimated_amount,
			request.claimed_amount,
			request.company,
			request.posting_date,
			request.territory,
			request.sales_person,
			request.expense_type,
		)
		.where(request.name.isin(names))
		.run(as_dict=True)
	)
	for row in rows:
		claim = claimed.get(row.name) or frappe._dict(claimed=0.0, settled=0.0)
		advance = advances.get(row.name) or frappe._dict(amount=0.0, payment_entry=None)
		values = {
			"advance_paid": flt(advance.amount, 2),
			"advance_payment_entry": advance.payment_entry,
			"claimed_amount": flt(claim.claimed, 2),
			"advance_settled": flt(claim.settled, 2),
			"status": rules.request_status(
				row.docstatus,
				flt(row.estimated_amount),
				flt(advance.amount),
				flt(claim.claimed),
				flt(claim.settled),
			),
		}
		frappe.db.set_value(DOCTYPE, row.name, values, update_modified=False)
		if row.docstatus == 1:
			# a claim changed what the request takes from its budget
			estimated = flt(row.estimated_amount)
			budgets.apply_use(
				row,
				rules.used_amount(estimated, flt(row.claimed_amount)),
				rules.used_amount(estimated, values["claimed_amount"]),
			)
