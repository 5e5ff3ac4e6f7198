"""The steps of the Sales Compliance capability on selling documents (Sales Order, Delivery
Note, Sales Invoice, POS Invoice). Each is a `(doc, method=None)` function;
`neiqin/overrides/<doctype>.py` lists which run on which document, and when.

The two blocks (qualifications, price floor) run before submit, and again on submit when frappe
skipped before_submit (`flags.ignore_validate`, which skips validate and before_submit but never
on_submit): raising there rolls the whole submit back, so no path gets around them, as none gets
around the review gate. Returns are never refused.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import flt

from neiqin import stored_text, timeline
from neiqin.escaping import bold
from neiqin.sales_compliance import promotions, qualifications
from neiqin.sales_compliance.exceptions import BelowListPriceError, QualificationMissingError

FORBID_SETTING = "forbid_unapproved_below_list"


def skipped(doc, method: str | None) -> bool:
	"""On on_submit, a block runs only when frappe skipped before_submit. A Sales Invoice that
	consolidates submitted POS invoices was judged line by line when they were submitted."""
	return (method == "on_submit" and not doc.flags.ignore_validate) or consolidates_pos_invoices(doc)


def consolidates_pos_invoices(doc) -> bool:
	if doc.doctype != "Sales Invoice" or not doc.get("is_consolidated"):
		return False
	rows = doc.get("items") or []
	names = {row.get("pos_invoice") for row in rows}
	if not rows or None in names or "" in names or not all(row.get("pos_invoice_item") for row in rows):
		return False
	return frappe.db.count("POS Invoice", {"name": ("in", list(names)), "docstatus": 1}) == len(names)


def fill_promotion_approvals(doc, method=None) -> None:
	"""validate: `promotion_approval` on below-floor lines that exactly one active approval covers."""
	promotions.fill_approvals(doc)


def recompute_promotions(doc, method=None) -> None:
	"""on_submit / on_cancel: consumption (deliveries, invoices) and reservation (orders) of the
	approvals the document uses."""
	promotions.recompute(promotions.approvals_named(doc))


def on_order_status_change(doc, method=None) -> None:
	"""A submitted order closed or reopened (ERPNext sets the status with `db_set`, which runs
	on_change): what its open lines reserve of their approvals follows. Runs only when the order
	enters or leaves a status that reserves nothing, and names an approval (else no query)."""
	before = doc.get_doc_before_save()
	if doc.docstatus != 1 or not before or before.docstatus != 1:
		return  # (submit and cancel recompute in their own hooks)
	if promotions.reserves(before.status) == promotions.reserves(doc.status):
		return
	names = promotions.approvals_named(doc)
	if names:
		promotions.recompute(names)


# ----------------------------------------------------------------------------- qualifications


def check_qualifications(doc, method=None) -> None:
	"""before_submit (on_submit when skipped): Block refuses the submit; Warn submits with a
	visible warning and a timeline note. A stock-moving invoice and a POS invoice answer to the
	requirements of Delivery Note too; the licence must be valid on the document's date and today."""
	if skipped(doc, method) or doc.get("is_return") or not doc.get("customer"):
		return
	states = qualifications.states(
		doc.customer, qualifications.governed_as(doc), qualifications.goods_leave_days(doc)
	)
	refuse_blocked(doc, states)
	warning = [s for s in states if s.problem and s.enforcement != "Block"]
	if warning:
		facts = stored_text.joined("<br>", [qualifications.fact(doc.customer, s) for s in warning])
		frappe.msgprint(
			stored_text.for_reader(facts), title=_("Customer Qualification"), indicator="orange", alert=False
		)
		timeline.add_note(
			doc,
			stored_text.joined("<br>", [stored_text.text("Submitted with a qualification warning:"), facts]),
		)


def refuse_blocked(doc, states) -> None:
	blocking = [s for s in states if s.problem and s.enforcement == "Block"]
	if blocking:
		frappe.throw(
			_("{0} {1} cannot be submitted:").format(_(doc.doctype), bold(doc.name))
			+ "<br>"
			+ "<br>".join(qualifications.describe(doc.customer, s) for s in blocking),
			exc=QualificationMissingError,
			title=_("Customer Qualification"),
		)


def check_qualifications_on_more(row, method=None) -> None:
	"""A Sales Order line saved on its own after submit (ERPNext's Update Items saves each line,
	then the order): a line added or a quantity raised is a new promise to the customer, judged by
	the Block requirements as a submit is; a lowered quantity is not."""
	if row.parenttype != "Sales Order" or not row.parent:
		return
	before = flt(frappe.db.get_value(row.doctype, row.name, "qty")) if row.name else 0.0
	if flt(row.qty) <= before:
		return
	order = frappe.get_doc("Sales Order", row.parent)  # (a new line of Update Items is a draft row)
	if order.docstatus != 1 or not order.get("customer"):
		return
	refuse_blocked(
		order,
		qualifications.states(
			order.customer, qualifications.governed_as(order), qualifications.goods_leave_days(order)
		),
	)


# ----------------------------------------------------------------------------- price floor


def hold_price_floor(doc, method=None) -> None:
	"""before_submit (on_submit when skipped): every line keeps the floor it is submitted under
	(`reference_rate`), and — 严禁出库, Neiqin Settings switch, default on — a document that moves
	goods (Delivery Note, stock-updating Sales Invoice, POS Invoice) with a line below its floor
	that no valid approval covers is refused. The approvals named are locked while they are
	judged, so two submits cannot both take an approval's last budget."""
	if skipped(doc, method) or doc.get("is_return"):
		return
	lines = promotions.below_list_lines(doc)
	promotions.record_reference_rates(doc, lines)
	if method == "on_submit":
		for row in doc.get("items") or []:
			row.db_set("reference_rate", row.get("reference_rate"), update_modified=False)
	if not qualifications.moves_goods(doc) or not frappe.db.get_single_value(
		"Neiqin Settings", FORBID_SETTING
	):
		return
	problems = promotions.uncovered_lines(doc, lines, for_update=True)
	if problems:
		frappe.throw(
			_("Goods priced below the reference price may not leave without a promotion approval:")
			+ "<br>"
			+ "<br>".join(promotions.describe(doc, row, line, reason) for row, line, reason in problems),
			exc=BelowListPriceError,
			title=_("Price Below List"),
		)
