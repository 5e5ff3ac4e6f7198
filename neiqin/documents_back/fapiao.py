"""The fapiao register (发票登记) around ERPNext's Sales Invoice and neiqin's Sales Material Log.

"发票开好后，登记发票面值、开票公司名称、品种、发票代号，以及申请人和收件人；双人复核发票后，将其寄出（发票要
单独寄出…不能随货同行）" · "对送给用户的发票…要登记鉴收".

- `invoices_of`, `covered_elsewhere`: the Sales Invoices a fapiao covers and what other fapiao
  already cover of them (locking reads while a fapiao is saved, so two fapiao saved at once
  cannot both cover what is left of an invoice). Void and fully reversed fapiao cover nothing.
- `make_mailing_log`: a draft Sales Material Log of kind Invoice for the fapiao; when that log
  is dispatched the fapiao is Mailed, when it is cancelled or lost it is Issued again
  (`on_material_log_change`, doc_events of Sales Material Log).
- `refresh_reversal`: a fapiao whose red-letter fapiao add up to its whole total is Reversed.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.query_builder.functions import Sum
from frappe.utils import flt

from neiqin.documents_back import rules
from neiqin.documents_back.exceptions import FapiaoStatusError
from neiqin.escaping import bold

DOCTYPE = "Fapiao"
CHILD = "Fapiao Invoice"
NOT_COVERING = (rules.VOID, rules.REVERSED)


def invoices_of(names: list[str], for_update: bool = False) -> dict[str, frappe._dict]:
	if not names:
		return {}
	invoice = frappe.qb.DocType("Sales Invoice")
	query = (
		frappe.qb.from_(invoice)
		.select(
			invoice.name,
			invoice.company,
			invoice.customer,
			invoice.customer_name,
			invoice.docstatus,
			invoice.is_return,
			invoice.grand_total,
			invoice.net_total,
			invoice.total_taxes_and_charges,
			invoice.posting_date,
			invoice.currency,
		)
		.where(invoice.name.isin(sorted(set(names))))
	)
	if for_update:
		query = query.for_update()
	return {row.name: row for row in query.run(as_dict=True)}


def as_covered(invoices: dict[str, frappe._dict]) -> dict[str, rules.CoveredInvoice]:
	return {
		name: rules.CoveredInvoice(
			name=name,
			company=row.company,
			customer=row.customer,
			docstatus=row.docstatus,
			is_return=bool(row.is_return),
			grand_total=flt(row.grand_total),
		)
		for name, row in invoices.items()
	}


def covered_elsewhere(
	names: list[str], exclude: str | None = None, for_update: bool = False
) -> dict[str, float]:
	"""{sales invoice: amount covered by fapiao other than `exclude`} (void and reversed ones excluded)."""
	if not names:
		return {}
	row, fapiao = frappe.qb.DocType(CHILD), frappe.qb.DocType(DOCTYPE)
	query = (
		frappe.qb.from_(row)
		.join(fapiao)
		.on(fapiao.name == row.parent)
		.select(row.sales_invoice, Sum(row.amount).as_("amount"))
		.where(
			row.sales_invoice.isin(sorted(set(names)))
			& (row.parenttype == DOCTYPE)
			& fapiao.status.notin(NOT_COVERING)
		)
		.groupby(row.sales_invoice)
	)
	if exclude:
		query = query.where(fapiao.name != exclude)
	if for_update:
		query = query.for_update()
	return {r.sales_invoice: flt(r.amount) for r in query.run(as_dict=True)}


# ----------------------------------------------------------------------------- red letter


def reversed_total(original: str, exclude: str | None = None) -> float:
	"""What the red-letter fapiao of `original` (not void) add up to (a negative amount)."""
	filters = {"red_letter_of": original, "status": ("!=", rules.VOID)}
	if exclude:
		filters["name"] = ("!=", exclude)
	return flt(sum(frappe.get_all(DOCTYPE, filters=filters, pluck="total")))


def refresh_reversal(original: str | None) -> None:
	"""The original is Reversed once its red-letter fapiao cover its whole total; a red-letter
	fapiao voided or removed gives it back the status its records say."""
	if not original or not frappe.db.exists(DOCTYPE, original):
		return
	doc = frappe.get_doc(DOCTYPE, original)
	fully = flt(doc.total) > 0 and flt(doc.total) + reversed_total(original) <= rules.TOLERANCE
	if fully and doc.status != rules.REVERSED and doc.status != rules.VOID:
		doc.db_set("status", rules.REVERSED, update_modified=False)
	elif not fully and doc.status == rules.REVERSED:
		doc.db_set("status", status_from_records(doc), update_modified=False)


def status_from_records(doc) -> str:
	if doc.acknowledgement and doc.received_on:
		return rules.RECEIVED
	if doc.material_log:
		return rules.MAILED
	return rules.ISSUED


# ----------------------------------------------------------------------------- mailing


def make_mailing_log(doc) -> str:
	"""A draft Sales Material Log (kind Invoice) that mails the fapiao to its customer."""
	if doc.status != rules.ISSUED or doc.material_log:
		frappe.throw(
			_("Fapiao {0} is {1}; only an issued fapiao that is not mailed yet is mailed.").format(
				bold(doc.fapiao_number), bold(_(doc.status, context=DOCTYPE))
			),
			FapiaoStatusError,
		)
	if not doc.invoices:
		frappe.throw(
			_("Add the Sales Invoice the fapiao covers before mailing it."),
			FapiaoStatusError,
		)
	existing = frappe.db.get_value(
		"Sales Material Log",
		{"reference_doctype": DOCTYPE, "reference_name": doc.name, "docstatus": 0},
	)
	if existing:
		return existing
	log = frappe.get_doc(
		{
			"doctype": "Sales Material Log",
			"kind": "Invoice",
			"company": doc.company,
			"party_type": "Customer",
			"party": doc.customer,
			"sales_invoice": doc.invoices[0].sales_invoice,
			"invoice_number": doc.fapiao_number,
			"reference_doctype": DOCTYPE,
			"reference_name": doc.name,
			"purpose": _("Fapiao {0} mailed separately from the goods").format(doc.fapiao_number),
		}
	)
	log.insert()
	return log.name


def on_material_log_change(log, method=None) -> None:
	"""doc_events of Sales Material Log (on_submit, on_cancel, on_update_after_submit): the
	fapiao it mails is Mailed while the log is dispatched, delivered or confirmed, and Issued
	again when it is cancelled or lost."""
	if log.get("reference_doctype") != DOCTYPE or not log.get("reference_name"):
		return
	if not frappe.db.exists(DOCTYPE, log.reference_name):
		return
	fapiao = frappe.get_doc(DOCTYPE, log.reference_name)
	mailed = log.docstatus == 1 and log.status not in ("Lost", "Cancelled", "Returned")
	if mailed and fapiao.status == rules.ISSUED:
		fapiao.status, fapiao.material_log, fapiao.mailed_on = rules.MAILED, log.name, log.dispatch_date
	elif not mailed and fapiao.material_log == log.name and fapiao.status == rules.MAILED:
		fapiao.status, fapiao.material_log, fapiao.mailed_on = rules.ISSUED, None, None
	else:
		return
	fapiao.flags.mailing_update = True
	fapiao.flags.ignore_permissions = True
	fapiao.save()
