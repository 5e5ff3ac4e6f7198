"""Stock moves of sales material logs: the Material Issue posted on dispatch, Material
Receipts for returned samples, and their cancellation together with the log.

Each Stock Entry carries the custom field `sales_material_log`; the log keeps its issue in
`stock_entry`. The entries are posted by the app on the log's behalf (the clerk needs no
Stock Entry permission), and only the log may cancel them.
"""

import frappe
from frappe import _
from frappe.utils import flt, getdate, nowdate

from neiqin.escaping import bold
from neiqin.sales_materials.refusals import MaterialStockEntryError, MaterialUserPermissionError

LINK_FIELD = "sales_material_log"


def stocked_lines(log) -> list:
	return [row for row in log.items if row.item_code and row.is_stock_item]


def post_issue(log) -> str | None:
	"""Material Issue of the log's stocked lines from their warehouses, on the dispatch date."""
	lines = stocked_lines(log)
	if not lines:
		return None
	entry = new_stock_entry(log, "Material Issue", log.dispatch_date)
	entry.remarks = _("Issued for Sales Material Log {0}").format(log.name)
	for row in lines:
		entry.append(
			"items",
			{
				"item_code": row.item_code,
				"qty": flt(row.qty),
				"uom": row.uom,
				"conversion_factor": flt(row.conversion_factor) or 1,
				"s_warehouse": row.warehouse,
			},
		)
	return submit(entry)


def post_return(log, returned: dict[str, float], posting_date=None) -> str | None:
	"""Material Receipt of the returned quantities ({row name: qty}) of stocked lines, into the
	warehouse they were issued from, at the rate they left it."""
	rows = {row.name: row for row in stocked_lines(log)}
	lines = [(rows[name], qty) for name, qty in returned.items() if name in rows and flt(qty) > 0]
	if not lines:
		return None
	rates = issue_rates(log.stock_entry)
	entry = new_stock_entry(log, "Material Receipt", posting_date)
	entry.remarks = _("Returned to stock from Sales Material Log {0}").format(log.name)
	for row, qty in lines:
		rate = rates.get((row.item_code, row.warehouse))
		entry.append(
			"items",
			{
				"item_code": row.item_code,
				"qty": flt(qty),
				"uom": row.uom,
				"conversion_factor": flt(row.conversion_factor) or 1,
				"t_warehouse": row.warehouse,
				"basic_rate": flt(rate) * (flt(row.conversion_factor) or 1) if rate is not None else 0,
				"set_basic_rate_manually": 1 if rate is not None else 0,
			},
		)
	return submit(entry)


def issue_rates(stock_entry: str | None) -> dict[tuple[str, str], float]:
	"""Valuation rate (per stock unit) of each item and warehouse the issue moved."""
	if not stock_entry:
		return {}
	rows = frappe.get_all(
		"Stock Entry Detail",
		filters={"parent": stock_entry, "parenttype": "Stock Entry"},
		fields=["item_code", "s_warehouse", "valuation_rate"],
		order_by="idx",
	)
	rates = {}
	for row in rows:
		rates.setdefault((row.item_code, row.s_warehouse), flt(row.valuation_rate))
	return rates


def new_stock_entry(log, entry_type: str, posting_date=None):
	entry = frappe.new_doc("Stock Entry")
	entry.stock_entry_type = entry_type
	entry.purpose = entry_type
	entry.company = log.company
	entry.set(LINK_FIELD, log.name)
	posting_date = getdate(posting_date or nowdate())
	if posting_date != getdate(nowdate()):
		entry.set_posting_time = 1
		entry.posting_date = posting_date
	return entry


def require_user_permissions(entry, user: str | None = None) -> None:
	"""The entry is posted on the log's behalf (no Stock Entry right needed), but never for a
	company or warehouse the dispatcher's User Permissions exclude."""
	from frappe.core.doctype.user_permission.user_permission import get_user_permissions
	from frappe.permissions import get_allowed_docs_for_doctype

	user = user or frappe.session.user
	restrictions = get_user_permissions(user)
	if not restrictions:
		return
	values = [("Company", entry.company)]
	values += [("Warehouse", row.s_warehouse or row.t_warehouse) for row in entry.items]
	for doctype, value in dict.fromkeys(values):
		allowed = get_allowed_docs_for_doctype(restrictions.get(doctype, []), entry.doctype)
		if value and allowed and value not in allowed:
			frappe.throw(
				_("Your User Permissions do not allow {0} {1}; this stock move cannot be posted.").format(
					_(doctype), bold(value)
				),
				MaterialUserPermissionError,
			)


def submit(entry) -> str:
	require_user_permissions(entry)
	entry.flags.ignore_permissions = True
	entry.flags.from_sales_material_log = True
	entry.insert()
	entry.submit()
	return entry.name


def cancel_stock_entries(log) -> None:
	"""Cancel the log's submitted stock entries, newest first (returns before the issue)."""
	names = frappe.get_all(
		"Stock Entry",
		filters={LINK_FIELD: log.name, "docstatus": 1},
		order_by="creation desc",
		pluck="name",
	)
	for name in names:
		entry = frappe.get_doc("Stock Entry", name)
		entry.flags.ignore_permissions = True
		entry.flags.from_sales_material_log = True
		entry.cancel()


# ------------------------------------------------------------------ Stock Entry doc_events


def guard_stock_entry(doc, method=None):
	"""Stock entries of a log are posted and cancelled by the log alone (validate and
	before_cancel of Stock Entry), so the log and the stock ledger cannot drift apart."""
	log = doc.get(LINK_FIELD)
	if not log or doc.flags.from_sales_material_log:
		return
	if method == "before_cancel":
		frappe.throw(
			_("Stock Entry {0} was posted by Sales Material Log {1}; cancel the log instead.").format(
				bold(doc.name), bold(log)
			),
			MaterialStockEntryError,
		)
	before = doc.get_doc_before_save() if not doc.is_new() else None
	if before is None or before.get(LINK_FIELD) != log:
		frappe.throw(
			_("Only Sales Material Log {0} itself can post stock entries for it.").format(bold(log)),
			MaterialStockEntryError,
		)
