"""Import of the tax platform's export of issued fapiao (.xlsx) into the register.

`run(company, file_url, commit)` reads the file (`platform_export` parses it), maps every row to
the Sales Invoices it covers — the invoice numbers named in 备注, else the one invoice of the
buyer with the same total that no fapiao covers yet — and then registers every row through the
Fapiao controller, so the rows meet exactly the checks a fapiao typed in the desk meets. The
preview runs the same registration and undoes it; the import keeps it only when no row is
refused: nothing is saved when any row is refused, and each refused row says why.
"""

from __future__ import annotations

import io
import zipfile

import frappe
from frappe import _
from frappe.utils import escape_html, flt

from neiqin.documents_back import fapiao as service
from neiqin.documents_back import platform_export, rules
from neiqin.documents_back.exceptions import FapiaoImportError
from neiqin.documents_back.refusals import messages, throw_problems
from neiqin.escaping import bold
from neiqin.user_permissions import document_rules, readable

MAX_BYTES = 5 * 1024 * 1024
PREFERRED_SHEET = "发票基础信息"
LISTED_REFUSALS = 20
SAVEPOINT = "neiqin_fapiao_import"


def run(company: str, file_url: str, commit: bool) -> dict:
	frappe.has_permission("Fapiao", "create", throw=True)
	if not frappe.db.exists("Company", company):
		frappe.throw(_("Company {0} does not exist.").format(bold(company)), FapiaoImportError)
	rows, file_problems = platform_export.parse(read_workbook(file_url))
	throw_problems(file_problems, _("Import Fapiao"))
	plan = [planned(row) for row in rows]
	map_rows(company, plan)
	kept = register(company, plan, file_url, keep=commit)
	refused = [item for item in plan if item["problems"]]
	result = {
		"rows": [public(item, kept) for item in plan],
		"refused": len(refused),
		"imported": 0 if refused or not commit else len(plan),
	}
	if commit and refused:
		frappe.throw(refusal_message(plan, refused), FapiaoImportError, title=_("Import Fapiao"))
	return result


# ----------------------------------------------------------------------------- the file


def read_workbook(file_url: str) -> list[tuple]:
	name = frappe.db.get_value("File", {"file_url": file_url})
	if not name:
		frappe.throw(_("The file {0} was not found.").format(bold(file_url)), FapiaoImportError)
	file = frappe.get_doc("File", name)
	frappe.has_permission("File", "read", doc=file, throw=True)
	content = file.get_content()
	if isinstance(content, str):
		content = content.encode()
	if len(content) > MAX_BYTES:
		frappe.throw(_("The file is larger than 5 MB; split the export."), FapiaoImportError)
	import openpyxl
	from openpyxl.utils.exceptions import InvalidFileException

	try:
		workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
	except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
		frappe.throw(_("The file is not an Excel workbook (.xlsx) of the tax platform."), FapiaoImportError)
	sheets = sorted(workbook.worksheets, key=lambda sheet: sheet.title != PREFERRED_SHEET)
	limit = platform_export.MAX_ROWS + platform_export.HEADER_SEARCH_ROWS + 2
	first = None
	for sheet in sheets:
		rows = [tuple(row) for row in sheet.iter_rows(values_only=True, max_row=limit)]
		first = first if first is not None else rows
		if platform_export.find_header(rows):
			return rows
	return first or []


# ----------------------------------------------------------------------------- mapping


def planned(row: platform_export.PlatformRow) -> dict:
	return {
		"row": row,
		"problems": messages(row.problems),
		"invoices": [],
		"customer": None,
		"red_letter_of": None,
		"fapiao": None,
	}


def map_rows(company: str, plan: list[dict]) -> None:
	"""Sales Invoices and customers of the rows (a fixed number of queries for the whole file)."""
	usable = [item for item in plan if not item["problems"]]
	named = named_invoices([token for item in usable for token in item["row"].references()])
	customers = customers_of_buyers([item["row"] for item in usable])
	candidates = invoices_by_total(company, [item["row"].total for item in usable])
	covered = service.covered_elsewhere(
		list({invoice.name for rows in candidates.values() for invoice in rows} | set(named))
	)
	taken: dict[str, float] = {}
	for item in usable:
		row = item["row"]
		references = [named[token] for token in row.references() if token in named]
		if references:
			allocate(item, references, covered, taken)
		else:
			customer = customers.get(row.buyer_tax_id) or customers.get(row.buyer_name)
			matching = [
				invoice
				for invoice in candidates.get(round(row.total, 2), [])
				if invoice.customer == customer
				and invoice.company == company
				and abs(covered.get(invoice.name, 0.0) + taken.get(invoice.name, 0.0)) <= rules.TOLERANCE
			]
			if len(matching) == 1:
				allocate(item, matching, covered, taken)
			elif len(matching) > 1:
				item["problems"].append(
					_(
						"Several Sales Invoices of {0} have the total {1}: {2}; name the invoice in 备注."
					).format(
						bold(customer),
						bold(row.total),
						", ".join(escape_html(invoice.name) for invoice in matching[:5]),
					)
				)
			elif row.status != rules.VOID and not row.is_red_letter:
				item["problems"].append(
					_(
						"No Sales Invoice found for this fapiao: none is named in 备注 ({0}) and no invoice of {1} has the total {2}."
					).format(
						bold(row.remarks or "—"),
						bold(customer or row.buyer_name or "—"),
						bold(row.total),
					)
				)
			item["customer"] = customer
		if item["invoices"]:
			item["customer"] = item["invoices"][0]["customer"]


def allocate(item: dict, invoices: list, covered: dict, taken: dict) -> None:
	"""Spread the row's total over its invoices in order, each up to what is left of it."""
	row = item["row"]
	sign = -1 if row.is_red_letter else 1
	remaining = sign * row.total
	for invoice in invoices:
		left = sign * (
			flt(invoice.grand_total) - covered.get(invoice.name, 0.0) - taken.get(invoice.name, 0.0)
		)
		share = min(remaining, left) if invoice is not invoices[-1] else remaining
		if share <= 0:
			continue
		item["invoices"].append(
			{"sales_invoice": invoice.name, "amount": sign * share, "customer": invoice.customer}
		)
		taken[invoice.name] = taken.get(invoice.name, 0.0) + sign * share
		remaining -= share
		if remaining <= rules.TOLERANCE:
			break


def named_invoices(tokens: list[str]) -> dict[str, frappe._dict]:
	if not tokens:
		return {}
	rows = frappe.get_all(
		"Sales Invoice",
		filters={"name": ("in", sorted(set(tokens)))},
		fields=["name", "customer", "company", "grand_total", "docstatus"],
	)
	allowed = _readable("Sales Invoice", (row.name for row in rows))
	return {row.name: row for row in rows if row.name in allowed}


def _readable(doctype: str, names) -> set[str]:
	"""The ones the user's User Permissions allow: an invoice or customer he may not read maps
	nothing and is named nowhere in the answer (as if it did not exist)."""
	return readable(doctype, names, **document_rules(doctype))


def customers_of_buyers(rows: list[platform_export.PlatformRow]) -> dict[str, str]:
	"""{buyer tax id or buyer name: customer}."""
	tax_ids = sorted({row.buyer_tax_id for row in rows if row.buyer_tax_id})
	names = sorted({row.buyer_name for row in rows if row.buyer_name})
	found: dict[str, str] = {}
	if names:
		for customer in frappe.get_all(
			"Customer", filters={"customer_name": ("in", names)}, fields=["name", "customer_name"]
		):
			found.setdefault(customer.customer_name, customer.name)
	if tax_ids:
		for customer in frappe.get_all(
			"Customer", filters={"tax_id": ("in", tax_ids)}, fields=["name", "tax_id"]
		):
			found[customer.tax_id] = customer.name
	allowed = _readable("Customer", found.values())
	return {key: customer for key, customer in found.items() if customer in allowed}


def invoices_by_total(company: str, totals: list[float]) -> dict[float, list]:
	if not totals:
		return {}
	rows = frappe.get_all(
		"Sales Invoice",
		filters={
			"company": company,
			"docstatus": 1,
			"grand_total": ("in", sorted({round(t, 2) for t in totals})),
		},
		fields=["name", "customer", "company", "grand_total"],
		order_by="posting_date asc, name asc",
	)
	allowed = _readable("Sales Invoice", (row.name for row in rows))
	grouped: dict[float, list] = {}
	for row in rows:
		if row.name in allowed:
			grouped.setdefault(round(flt(row.grand_total), 2), []).append(row)
	return grouped


# ----------------------------------------------------------------------------- registering


def register(company: str, plan: list[dict], file_url: str, keep: bool) -> bool:
	"""Insert every mappable row (blue fapiao first, so that red-letter ones find their
	original); undone unless the import is to be kept and no row is refused (then True).
	Refusals become the row's problems."""
	frappe.db.savepoint(SAVEPOINT)
	file_name = file_url.rsplit("/", 1)[-1]
	for item in sorted(plan, key=lambda item: (item["row"].is_red_letter, item["row"].row_no)):
		if item["problems"]:
			continue
		try:
			item["fapiao"] = insert(company, item, file_name)
		except frappe.ValidationError as refusal:
			item["problems"].append(plain(refusal))
		finally:
			frappe.clear_messages()
	if keep and not any(item["problems"] for item in plan):
		return True
	frappe.db.rollback(save_point=SAVEPOINT)
	return False


def insert(company: str, item: dict, file_name: str) -> str:
	row: platform_export.PlatformRow = item["row"]
	if row.is_red_letter:
		item["red_letter_of"] = original_of(company, row)
	doc = frappe.get_doc(
		{
			"doctype": "Fapiao",
			"company": company,
			"fapiao_type": row.fapiao_type,
			"fapiao_code": row.code,
			"fapiao_number": row.number,
			"issue_date": row.issue_date,
			"customer": item["customer"],
			"buyer_name": row.buyer_name,
			"buyer_tax_id": row.buyer_tax_id,
			"amount": row.amount,
			"tax_amount": row.tax_amount,
			"total": row.total,
			"status": row.status,
			"red_letter_of": item["red_letter_of"],
			"remarks": row.remarks,
			"void_reason": _("Voided in the tax platform") if row.status == rules.VOID else None,
			"imported_from": file_name,
			"invoices": [
				{"sales_invoice": invoice["sales_invoice"], "amount": invoice["amount"]}
				for invoice in item["invoices"]
			],
		}
	)
	doc.flags.fapiao_import = True
	doc.insert()
	return doc.name


def original_of(company: str, row: platform_export.PlatformRow) -> str:
	if not row.original:
		frappe.throw(
			_("A red-letter fapiao: 备注 does not name the fapiao it reverses (被红冲蓝字数电票号码 …)."),
			FapiaoImportError,
		)
	code, number = row.original
	key = f"{company}|{rules.number_key(code, number)}"
	original = frappe.db.get_value("Fapiao", {"number_key": key})
	if not original:
		frappe.throw(
			_("The fapiao it reverses, {0}, is not registered.").format(bold(rules.number_key(code, number))),
			FapiaoImportError,
		)
	return original


def plain(refusal: Exception) -> str:
	return str(refusal) or refusal.__class__.__name__


# ----------------------------------------------------------------------------- answers


def public(item: dict, kept: bool) -> dict:
	row: platform_export.PlatformRow = item["row"]
	return {
		"row": row.row_no,
		"fapiao_type": row.fapiao_type,
		"fapiao_code": row.code,
		"fapiao_number": row.number,
		"issue_date": str(row.issue_date) if row.issue_date else None,
		"buyer_name": row.buyer_name,
		"buyer_tax_id": row.buyer_tax_id,
		"customer": item["customer"],
		"amount": row.amount,
		"tax_amount": row.tax_amount,
		"total": row.total,
		"status": row.status,
		"platform_status": row.platform_status,
		"red_letter_of": item["red_letter_of"],
		"sales_invoices": [
			{"sales_invoice": invoice["sales_invoice"], "amount": invoice["amount"]}
			for invoice in item["invoices"]
		],
		"fapiao": item["fapiao"] if kept else None,
		"problems": item["problems"],
	}


def refusal_message(plan: list[dict], refused: list[dict]) -> str:
	lines = [
		_("Nothing was imported: {0} of {1} rows are refused.").format(len(refused), len(plan)),
		*(
			_("Row {0}: {1}").format(item["row"].row_no, "; ".join(item["problems"]))
			for item in refused[:LISTED_REFUSALS]
		),
	]
	if len(refused) > LISTED_REFUSALS:
		lines.append(_("… and {0} more.").format(len(refused) - LISTED_REFUSALS))
	return "<br>".join(lines)
