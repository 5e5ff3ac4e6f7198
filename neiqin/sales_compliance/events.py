"""The steps of the Sales Compliance capability on selling documents (Sales Order, Delivery
Note, Sales Invoice). Each is a `(doc, method=None)` function; `neiqin/overrides/<doctype>.py`
lists which run on which document, and when."""

from __future__ import annotations

import frappe
from frappe import _

from neiqin import stored_text, timeline
from neiqin.sales_compliance import promotions, qualifications
from neiqin.sales_compliance.exceptions import BelowListPriceError, QualificationMissingError

FORBID_SETTING = "forbid_unapproved_below_list"


def fill_promotion_approvals(doc, method=None) -> None:
	"""validate: `promotion_approval` on below-list lines that exactly one active approval covers."""
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


def check_qualifications(doc, method=None) -> None:
	"""before_submit: Block refuses the submit; Warn submits with a visible warning and a
	timeline note."""
	if doc.get("is_return") or not doc.get("customer"):
		return
	states = qualifications.states(doc.customer, doc.doctype, qualifications.document_date(doc))
	blocking = [s for s in states if s.problem and s.enforcement == "Block"]
	warning = [s for s in states if s.problem and s.enforcement != "Block"]
	if blocking:
		frappe.throw(
			_("{0} {1} cannot be submitted:").format(_(doc.doctype), frappe.bold(doc.name))
			+ "<br>"
			+ "<br>".join(qualifications.describe(doc.customer, s) for s in blocking),
			exc=QualificationMissingError,
			title=_("Customer Qualification"),
		)
	if warning:
		facts = stored_text.joined("<br>", [qualifications.fact(doc.customer, s) for s in warning])
		frappe.msgprint(
			stored_text.for_reader(facts), title=_("Customer Qualification"), indicator="orange", alert=False
		)
		timeline.add_note(
			doc,
			stored_text.joined("<br>", [stored_text.text("Submitted with a qualification warning:"), facts]),
		)


def refuse_unapproved_below_list(doc, method=None) -> None:
	"""before_submit of a delivery, 严禁出库: no line below the price list without a valid
	approval (Neiqin Settings switch, default on)."""
	if doc.get("is_return") or not frappe.db.get_single_value("Neiqin Settings", FORBID_SETTING):
		return
	problems = promotions.uncovered_lines(doc)
	if problems:
		frappe.throw(
			_("Goods priced below the price list may not leave without a promotion approval:")
			+ "<br>"
			+ "<br>".join(promotions.describe(doc, row, reason) for row, reason in problems),
			exc=BelowListPriceError,
			title=_("Price Below List"),
		)
