"""Fixtures of the documents back (单据回收) tests: users, settings, files, fapiao and requests,
and the tax platform's export built with openpyxl in the platform's columns."""

from __future__ import annotations

import base64
import io

import frappe
from frappe.utils import nowdate

from tests.integration import factories

USERS = {
	"clerk": ("nq-db-clerk@example.com", ["Sales Admin", "Sales User", "Stock User"]),
	"clerk2": ("nq-db-clerk2@example.com", ["Sales Admin", "Sales User"]),
	"manager": ("nq-db-manager@example.com", ["Sales Manager", "Sales User"]),
	"finance": ("nq-db-finance@example.com", ["Accounts User"]),
	"sales": ("nq-db-sales@example.com", ["Sales User"]),
}
PLATFORM_HEADER = (
	"序号",
	"发票代码",
	"发票号码",
	"数电票号码",
	"销方识别号",
	"销方名称",
	"购买方识别号",
	"购买方名称",
	"开票日期",
	"金额",
	"税额",
	"价税合计",
	"发票来源",
	"发票票种",
	"发票状态",
	"备注",
)


def ensure_users() -> frappe._dict:
	return frappe._dict({key: factories.ensure_user(email, roles) for key, (email, roles) in USERS.items()})


def set_settings(**values) -> None:
	"""Neiqin Settings values for this test (rolled back with it); `groups` fills the customer
	groups needing signed receipts."""
	groups = values.pop("groups", None)
	for key, value in values.items():
		frappe.db.set_single_value("Neiqin Settings", key, value)
	if groups is not None:
		frappe.db.delete("Signed Receipt Customer Group", {"parenttype": "Neiqin Settings"})
		for idx, group in enumerate(groups, start=1):
			frappe.get_doc(
				{
					"doctype": "Signed Receipt Customer Group",
					"parenttype": "Neiqin Settings",
					"parentfield": "receipt_customer_groups",
					"parent": "Neiqin Settings",
					"customer_group": group,
					"idx": idx,
				}
			).db_insert()
	frappe.clear_document_cache("Neiqin Settings", "Neiqin Settings")


def receipts_for_all(**values) -> None:
	set_settings(signed_receipts_required="All Customers", **values)


# a 1×1 PNG: what a phone photo of the signed paper is, in small
SCAN = base64.b64decode(
	"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


def attach(
	doctype: str, name: str, fieldname: str, content: bytes | None = None, file_name: str = "scan.png"
):
	"""A private file uploaded to the document (as the desk's Attach field does); its URL. Each
	scan is a picture of its own (a photo of one signed paper)."""
	content = content or SCAN + frappe.generate_hash(length=12).encode()
	file = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": f"{frappe.generate_hash(length=6)}-{file_name}",
			"attached_to_doctype": doctype,
			"attached_to_name": name,
			"attached_to_field": fieldname,
			"is_private": 1,
			"content": content,
		}
	).insert(ignore_permissions=True)
	return file.file_url


def save_file(content: bytes, file_name: str = "platform-export.xlsx", user: str = USERS["clerk"][0]) -> str:
	"""The export as `user` uploaded it (a private file of his)."""
	with factories.as_user(user):
		return _save_file(content, file_name)


def _save_file(content: bytes, file_name: str) -> str:
	file = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": f"{frappe.generate_hash(length=6)}-{file_name}",
			"is_private": 1,
			"content": content,
		}
	).insert(ignore_permissions=True)
	return file.file_url


def receipt_of(delivery_note) -> frappe._dict | None:
	name = frappe.db.get_value("Signed Delivery Receipt", {"delivery_note": delivery_note.name})
	return frappe.get_doc("Signed Delivery Receipt", name) if name else None


def delivered_order(
	customer: str = factories.CUSTOMERS[0], qty: float = 10, rate: float | None = None, **values
):
	"""A submitted Sales Order of `qty` widgets and its submitted Delivery Note."""
	item = {"item_code": "_NQ Widget", "qty": qty}
	if rate is not None:
		item["rate"] = rate
	so = factories.make_sales_order(customer=customer, items=[item], **values)
	dn = factories.make_delivery_note(so)
	return so, dn


def digital_number() -> str:
	"""A 20-digit 数电 number, unique enough for a test."""
	return "24" + "".join(str(int(c, 16) % 10) for c in frappe.generate_hash(length=18))


def make_fapiao(invoices: list, total: float | None = None, insert: bool = True, **values):
	"""A 数电 ordinary fapiao covering `invoices` whole (13% of its total is tax)."""
	rows = [{"sales_invoice": si.name, "amount": si.grand_total} for si in invoices]
	total = sum(row["amount"] for row in rows) if total is None else total
	tax = round(total * 13 / 113, 2)
	doc = frappe.get_doc(
		{
			"doctype": "Fapiao",
			"company": factories.COMPANY,
			"fapiao_type": "Digital Ordinary Invoice",
			"fapiao_number": digital_number(),
			"issue_date": nowdate(),
			"amount": round(total - tax, 2),
			"tax_amount": tax,
			"total": total,
			"invoices": rows,
			**values,
		}
	)
	if insert:
		doc.insert()
	return doc


def platform_export(rows: list[dict], title: bool = True) -> bytes:
	"""An .xlsx as the platform's 批量导出 writes it: a title row, the header, one row per fapiao
	(numbers and codes as text, amounts as numbers)."""
	import openpyxl

	workbook = openpyxl.Workbook()
	sheet = workbook.active
	sheet.title = "发票基础信息"
	if title:
		sheet.append(["发票基础信息（导出）"])
	sheet.append(list(PLATFORM_HEADER))
	for index, row in enumerate(rows, start=1):
		sheet.append(
			[
				index,
				row.get("code", ""),
				row.get("number", ""),
				row.get("digital_number", ""),
				"91110000MA00000000",
				factories.COMPANY,
				row.get("buyer_tax_id", ""),
				row.get("buyer_name", ""),
				row.get("date", nowdate() + " 10:20:30"),
				row["amount"],
				row["tax"],
				row["total"],
				"电子发票服务平台",
				row.get("type", "数电发票（普通发票）"),
				row.get("status", "正常"),
				row.get("remarks", ""),
			]
		)
	buffer = io.BytesIO()
	workbook.save(buffer)
	return buffer.getvalue()


def platform_row(invoice, number: str | None = None, remarks: str | None = None, **values) -> dict:
	total = float(invoice.grand_total)
	tax = round(total * 13 / 113, 2)
	return {
		"digital_number": number or digital_number(),
		"buyer_name": invoice.customer_name,
		"amount": round(total - tax, 2),
		"tax": tax,
		"total": total,
		"remarks": invoice.name if remarks is None else remarks,
		**values,
	}
