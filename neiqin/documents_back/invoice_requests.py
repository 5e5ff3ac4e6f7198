"""Invoice requests (开票申请单): which order and delivery lines may still be requested, the buyer
details on file, and the Sales Invoice finance makes from a request.

"销售经理确认后，销售内勤通过ERP录入开票申请单 → 财务部开票 → 交客户签收" · "所有的出库申请及开票申请
销售内勤要提前一天录入ERP".

- `source_lines`: submitted Sales Order / Delivery Note lines (never returns) of a customer with
  what is left to request; a delivery line counts against its order line too.
- `requested_quantities`: what submitted requests took of each line (a locking read on submit,
  so two requests submitted at once cannot both take the same goods).
- `make_sales_invoice`: the request mapped into a Sales Invoice through ERPNext's own mappers.
- Sales Invoice validate / on_submit / on_cancel (`check_invoice_request`, `record_invoice`,
  `release_invoice`): an invoice made from a request belongs to its customer and company and
  marks it Invoiced.
"""

from __future__ import annotations

import json

import frappe
from frappe import _
from frappe.utils import flt

from neiqin.documents_back import rules
from neiqin.documents_back.exceptions import InvoiceRequestStateError
from neiqin.escaping import bold, existing_doc

DOCTYPE = "Invoice Request"
SOURCES = {
	"Sales Order": ("Sales Order Item", None),
	"Delivery Note": ("Delivery Note Item", "so_detail"),
}
TO_INVOICE = "To Invoice"
INVOICED = "Invoiced"


# ----------------------------------------------------------------------------- source lines


def load_sources(details_by_doctype: dict[str, list[str]]) -> dict[str, frappe._dict]:
	"""{line name: line values} of the given Sales Order / Delivery Note lines (submitted, not
	returns), with their document's customer, company, currency and taxes' rate."""
	found: dict[str, frappe._dict] = {}
	for doctype, details in details_by_doctype.items():
		if not details or doctype not in SOURCES:
			continue
		child, _order_field = SOURCES[doctype]
		line, parent = frappe.qb.DocType(child), frappe.qb.DocType(doctype)
		fields = [
			line.name,
			line.parent,
			line.item_code,
			line.item_name,
			line.qty,
			line.uom,
			line.rate,
			line.item_tax_rate,
			parent.customer,
			parent.company,
			parent.currency,
		]
		query = frappe.qb.from_(line).join(parent).on(parent.name == line.parent)
		if doctype == "Delivery Note":
			fields += [line.so_detail, line.against_sales_order]
			query = query.where(parent.is_return == 0)
		rows = (
			query.select(*fields).where(line.name.isin(details) & (parent.docstatus == 1)).run(as_dict=True)
		)
		for row in rows:
			row.doctype = doctype
			found[row.name] = row
	return found


def document_tax_rates(parents: dict[str, set[str]]) -> dict[tuple[str, str], tuple[float, bool]]:
	"""{(doctype, name): (rate of the taxes charged on the net total, tax included in the rate)}."""
	rates = {}
	for doctype, names in parents.items():
		if not names:
			continue
		for row in frappe.get_all(
			"Sales Taxes and Charges",
			filters={"parenttype": doctype, "parent": ("in", sorted(names))},
			fields=["parent", "charge_type", "rate", "included_in_print_rate"],
		):
			if row.charge_type != "On Net Total":
				continue
			rate, included = rates.get((doctype, row.parent), (0.0, False))
			rates[(doctype, row.parent)] = (
				rate + flt(row.rate),
				included or bool(row.included_in_print_rate),
			)
	return rates


def line_tax_rate(item_tax_rate: str | None, document_rate: float) -> float:
	try:
		rates = json.loads(item_tax_rate or "{}") or {}
	except ValueError:
		rates = {}
	return sum(flt(value) for value in rates.values()) if rates else document_rate


def requested_quantities(
	order_lines: list[str], delivery_lines: list[str], exclude: str | None = None, for_update: bool = False
) -> dict[str, float]:
	"""{order or delivery line: qty taken by submitted requests other than `exclude`}."""
	item, request = frappe.qb.DocType("Invoice Request Item"), frappe.qb.DocType(DOCTYPE)
	taken: dict[str, float] = {}
	for column, lines in ((item.so_detail, order_lines), (item.dn_detail, delivery_lines)):
		if not lines:
			continue
		query = (
			frappe.qb.from_(item)
			.join(request)
			.on(request.name == item.parent)
			.select(column.as_("line"), item.qty)
			.where(column.isin(lines) & (request.docstatus == 1) & (item.parenttype == DOCTYPE))
		)
		if exclude:
			query = query.where(request.name != exclude)
		if for_update:
			query = query.for_update()
		for row in query.run(as_dict=True):
			taken[row.line] = taken.get(row.line, 0.0) + flt(row.qty)
	return taken


def as_source_lines(sources: dict[str, frappe._dict]) -> dict[str, rules.SourceLine]:
	return {
		name: rules.SourceLine(
			doctype=row.doctype,
			parent=row.parent,
			row=name,
			qty=flt(row.qty),
			so_detail=row.get("so_detail"),
			customer=row.customer,
			company=row.company,
		)
		for name, row in sources.items()
	}


def with_order_lines(sources: dict[str, frappe._dict]) -> dict[str, frappe._dict]:
	"""The delivery lines' order lines are loaded too: a request may not exceed them either."""
	missing = sorted(
		{row.so_detail for row in sources.values() if row.get("so_detail")} - set(sources),
	)
	if missing:
		sources = {**sources, **load_sources({"Sales Order": missing})}
	return sources


@frappe.whitelist()
def source_lines(customer: str, company: str, doctype: str, names: str | list | None = None) -> list[dict]:
	"""Lines of the customer's submitted Sales Orders or Delivery Notes with the quantity not yet
	requested (the desk's *Get Lines*). `names`: only these documents."""
	if doctype not in SOURCES:
		frappe.throw(_("Lines come from a Sales Order or a Delivery Note."), InvoiceRequestStateError)
	frappe.has_permission(DOCTYPE, "create", throw=True)
	frappe.has_permission(doctype, "read", throw=True)
	if isinstance(names, str):
		names = json.loads(names) if names.strip().startswith("[") else [names]
	filters = {"customer": customer, "company": company, "docstatus": 1}
	if doctype == "Delivery Note":
		filters["is_return"] = 0
	if names:
		filters["name"] = ("in", list(names))
	parents = frappe.get_list(
		doctype, filters=filters, pluck="name", limit_page_length=200, order_by="name desc"
	)
	if not parents:
		return []
	child, _field = SOURCES[doctype]
	details = frappe.get_all(child, filters={"parent": ("in", parents), "parenttype": doctype}, pluck="name")
	sources = with_order_lines(load_sources({doctype: details}))
	taken = requested_quantities(
		[name for name, row in sources.items() if row.doctype == "Sales Order"],
		[name for name, row in sources.items() if row.doctype == "Delivery Note"],
	)
	result = []
	for name in details:
		row = sources.get(name)
		if not row:
			continue
		left = flt(row.qty) - taken.get(name, 0.0)
		order = sources.get(row.get("so_detail") or "")
		if order is not None:
			left = min(left, flt(order.qty) - taken.get(order.name, 0.0))
		if left > 0:
			result.append(
				{
					"source_doctype": doctype,
					"source_name": row.parent,
					"source_detail": name,
					"item_code": row.item_code,
					"item_name": row.item_name,
					"qty": left,
					"uom": row.uom,
					"rate": row.rate,
				}
			)
	return result


# ----------------------------------------------------------------------------- Sales Invoice


@frappe.whitelist()
def make_sales_invoice(source_name: str) -> dict:
	"""The submitted request mapped into a new Sales Invoice (not saved), for finance to check
	and submit: ERPNext's own mapping of each order or delivery, only the requested lines, at
	the requested quantities."""
	request = existing_doc(DOCTYPE, source_name)
	request.check_permission("read")
	frappe.has_permission("Sales Invoice", "create", throw=True)
	if request.docstatus != 1 or request.status != TO_INVOICE:
		frappe.throw(
			_(
				"Invoice Request {0} is {1}; only a submitted request waiting to be invoiced is invoiced."
			).format(bold(request.name), bold(_(request.status, context=DOCTYPE))),
			InvoiceRequestStateError,
		)
	invoice = None
	for (doctype, name), lines in grouped_lines(request).items():
		mapped = map_source(doctype, name)
		key = "dn_detail" if doctype == "Delivery Note" else "so_detail"
		wanted = {line.source_detail: line for line in lines}
		rows = []
		for row in mapped.items:
			line = wanted.get(row.get(key))
			if line is None:
				continue
			row.qty = line.qty
			rows.append(row)
		if len(rows) < len(wanted):
			frappe.throw(
				_("{0} {1} has lines of this request that are already fully invoiced.").format(
					_(doctype), bold(name)
				),
				InvoiceRequestStateError,
			)
		if invoice is None:
			invoice = mapped
			invoice.set("items", [])
		for row in rows:
			invoice.append("items", row.as_dict(no_default_fields=True))
	invoice.invoice_request = request.name
	invoice.remarks = request.remarks or invoice.remarks
	invoice.run_method("set_missing_values")
	invoice.run_method("calculate_taxes_and_totals")
	return invoice.as_dict()


def grouped_lines(request) -> dict[tuple[str, str], list]:
	grouped: dict[tuple[str, str], list] = {}
	for line in request.items:
		grouped.setdefault((line.source_doctype, line.source_name), []).append(line)
	return grouped


def map_source(doctype: str, name: str):
	if doctype == "Delivery Note":
		from erpnext.stock.doctype.delivery_note.delivery_note import make_sales_invoice as make

		return make(name)
	from erpnext.selling.doctype.sales_order.sales_order import make_sales_invoice as make

	return make(name, ignore_permissions=False)


def check_invoice_request(doc, method=None) -> None:
	"""Sales Invoice validate: an invoice made from a request bills the request's customer and
	company, from a request that is submitted and not invoiced by another invoice."""
	name = doc.get("invoice_request")
	if not name:
		return
	request = frappe.db.get_value(
		DOCTYPE, name, ["docstatus", "customer", "company", "status", "sales_invoice"], as_dict=True
	)
	problem = None
	if not request or request.docstatus != 1:
		problem = _("Invoice Request {0} is not submitted.")
	elif request.customer != doc.customer or request.company != doc.company:
		problem = _("Invoice Request {0} is for another customer or company.")
	elif request.status == INVOICED and request.sales_invoice != doc.name:
		problem = _("Invoice Request {0} is already invoiced.")
	if problem:
		frappe.throw(problem.format(bold(name)), InvoiceRequestStateError)


def record_invoice(doc, method=None) -> None:
	"""Sales Invoice on_submit: its request is Invoiced."""
	if doc.get("invoice_request"):
		frappe.db.set_value(
			DOCTYPE,
			doc.invoice_request,
			{"status": INVOICED, "sales_invoice": doc.name},
			update_modified=False,
		)


def release_invoice(doc, method=None) -> None:
	"""Sales Invoice on_cancel: its request waits to be invoiced again."""
	if doc.get("invoice_request") and frappe.db.get_value(DOCTYPE, doc.invoice_request, "docstatus") == 1:
		frappe.db.set_value(
			DOCTYPE, doc.invoice_request, {"status": TO_INVOICE, "sales_invoice": None}, update_modified=False
		)
