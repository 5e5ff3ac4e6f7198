"""Demo documents back (单据回收): signed receipts awaited, overdue, returned with their scan,
archived and lost; the customer's invoicing details; invoice requests (one entered late, one
approved by the manager); and fapiao imported from a sample of the tax platform's export
(`sample_export`, the columns of 批量导出), one of them mailed and one signed for.

Idempotent: receipts are made only for deliveries without one, the import only when no fapiao
came from the demo's sample file, requests only when the demo has none.
"""

from __future__ import annotations

import base64
import io

import frappe
from frappe.utils import add_days, nowdate

from neiqin.demo import base
from neiqin.demo.review import approve
from neiqin.demo.users import user
from neiqin.documents_back import api, fapiao_import, receipts, setup

SAMPLE_FILE = "demo-platform-export.xlsx"
HEADER = (
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
SELLER_TAX_ID = "91320500MA1DEM000X"
BUYER_TAX_ID = "91320100MA1DEM001Y"
# a 1×1 PNG standing for the photo of a signed paper
PICTURE = base64.b64decode(
	"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


def load() -> None:
	company = base.company_name()
	frappe.db.set_single_value("Neiqin Settings", "signed_receipts_required", "All Customers")
	frappe.db.set_single_value("Neiqin Settings", "invoice_only_after_signed_receipt", "Warn")
	setup.ensure_invoicing_details_type()
	make_receipts(company)
	invoicing_details(base.CUSTOMERS[0])
	invoice_requests(company)
	import_fapiao(company)


# ----------------------------------------------------------------------------- receipts


def make_receipts(company: str) -> None:
	"""A receipt for every delivery of the demo; the oldest back and filed, one lost."""
	deliveries = frappe.get_all(
		"Delivery Note",
		filters={"company": company, "docstatus": 1, "is_return": 0},
		fields=["name"],
		order_by="posting_date asc, name asc",
	)
	made = [receipts.make_receipt(frappe.get_doc("Delivery Note", row.name)) for row in deliveries]
	made = [name for name in made if name]
	receipts.refresh_overdue(frappe.utils.getdate(nowdate()))
	for index, name in enumerate(made[:3]):
		returned(name, archive=index == 0)
	if len(made) > 4:
		lost(made[3])


def picture(doctype: str, name: str, fieldname: str) -> str:
	file = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": f"{name}-{fieldname}.png",
			"attached_to_doctype": doctype,
			"attached_to_name": name,
			"attached_to_field": fieldname,
			"is_private": 1,
			"content": PICTURE + name.encode(),
		}
	).insert(ignore_permissions=True)
	return file.file_url


def returned(name: str, archive: bool) -> None:
	frappe.set_user(user("clerk"))
	try:
		doc = frappe.get_doc("Signed Delivery Receipt", name)
		doc.scan = picture(doc.doctype, name, "scan")
		doc.save()
		api.mark_receipt_returned(name, returned_by="送货司机 刘师傅")
		if archive:
			api.archive_receipt(name, "回单柜 A-03 / " + nowdate()[:7])
	finally:
		frappe.set_user("Administrator")


def lost(name: str) -> None:
	frappe.set_user(user("clerk"))
	try:
		api.report_receipt_lost(name, "客户称回单随货遗失，已电话确认收货")
	finally:
		frappe.set_user(user("manager"))
	try:
		api.mark_receipt_lost(name)
	finally:
		frappe.set_user("Administrator")


# ----------------------------------------------------------------------------- invoice requests


def invoicing_details(customer: str) -> None:
	if frappe.db.exists(
		"Customer Qualification", {"customer": customer, "qualification_type": setup.INVOICING_DETAILS_TYPE}
	):
		return
	frappe.get_doc(
		{
			"doctype": "Customer Qualification",
			"customer": customer,
			"qualification_type": setup.INVOICING_DETAILS_TYPE,
			"number": BUYER_TAX_ID,
			"valid_from": add_days(nowdate(), -200),
			"invoice_title": customer,
			"tax_id": BUYER_TAX_ID,
			"address_phone": "南京市江宁区农牧路 18 号 025-52001234",
			"bank_account": "中国农业银行南京江宁支行 1010 0101 0400 12345",
		}
	).insert(ignore_permissions=True)


def invoice_requests(company: str) -> None:
	if frappe.db.exists("Invoice Request", {"company": company}):
		return
	customer = base.CUSTOMERS[0]
	lines = []
	for doctype in ("Delivery Note", "Sales Order"):
		filters = {"company": company, "customer": customer, "docstatus": 1}
		if doctype == "Delivery Note":
			filters["is_return"] = 0
		parents = frappe.get_all(doctype, filters=filters, pluck="name", order_by="creation asc")
		lines += [
			frappe._dict(line, doctype=doctype)
			for line in frappe.get_all(
				f"{doctype} Item",
				filters={"parent": ("in", parents or [""]), "parenttype": doctype},
				fields=["name", "parent", "qty"],
				order_by="creation asc",
				limit=1,
			)
		]
	if not lines:
		return
	frappe.set_user(user("clerk"))
	try:
		requests = [
			frappe.get_doc(
				{
					"doctype": "Invoice Request",
					"company": company,
					"customer": customer,
					"invoice_type": "Digital VAT Special Invoice",
					"needed_by": add_days(nowdate(), 3 if index else 0),
					"remarks": "请随发票附对账单",
					"items": [
						{
							"source_doctype": line.doctype,
							"source_name": line.parent,
							"source_detail": line.name,
							"qty": line.qty,
						}
					],
				}
			).insert()
			for index, line in enumerate(lines)
		]
	finally:
		frappe.set_user("Administrator")
	# the second is approved by the manager and waits for finance
	if len(requests) > 1:
		approve(requests[1], "manager", comment="已确认开票品种、单价及数量与订单相符")
		frappe.set_user(user("clerk"))
		try:
			doc = frappe.get_doc("Invoice Request", requests[1].name)
			doc.submit()
		finally:
			frappe.set_user("Administrator")


# ----------------------------------------------------------------------------- fapiao


def sample_export(rows: list[dict]) -> bytes:
	"""An .xlsx in the columns the tax platform's 批量导出 writes (a title row, the header, one
	row per fapiao; numbers and codes as text)."""
	import openpyxl

	workbook = openpyxl.Workbook()
	sheet = workbook.active
	sheet.title = "发票基础信息"
	sheet.append(["发票基础信息"])
	sheet.append(list(HEADER))
	for index, row in enumerate(rows, start=1):
		sheet.append(
			[
				index,
				row.get("code", ""),
				row.get("number", ""),
				row.get("digital_number", ""),
				SELLER_TAX_ID,
				base.company_name(),
				row.get("buyer_tax_id", ""),
				row["buyer_name"],
				row["date"],
				row["amount"],
				row["tax"],
				row["total"],
				"电子发票服务平台",
				row.get("type", "数电发票（增值税专用发票）"),
				row.get("status", "正常"),
				row.get("remarks", ""),
			]
		)
	for cell in sheet["B"] + sheet["C"] + sheet["D"]:
		cell.number_format = "@"
	buffer = io.BytesIO()
	workbook.save(buffer)
	return buffer.getvalue()


def import_fapiao(company: str) -> None:
	if frappe.db.exists("Fapiao", {"company": company, "imported_from": ("like", f"%{SAMPLE_FILE}")}):
		return
	invoices = frappe.get_all(
		"Sales Invoice",
		filters={"company": company, "docstatus": 1, "is_return": 0, "grand_total": (">", 0)},
		fields=["name", "customer_name", "grand_total", "posting_date"],
		order_by="posting_date asc, name asc",
		limit=3,
	)
	if not invoices:
		return
	rows = []
	for index, invoice in enumerate(invoices):
		total = float(invoice.grand_total)
		tax = round(total * 13 / 113, 2)
		rows.append(
			{
				"digital_number": f"{nowdate()[2:4]}32{index + 1:016d}",
				"buyer_name": invoice.customer_name,
				"buyer_tax_id": BUYER_TAX_ID if invoice.customer_name == base.CUSTOMERS[0] else "",
				"date": f"{invoice.posting_date} 10:{index:02d}:00",
				"amount": round(total - tax, 2),
				"tax": tax,
				"total": total,
				"remarks": f"{invoice.name} 货款",
			}
		)
	file = frappe.get_doc(
		{"doctype": "File", "file_name": SAMPLE_FILE, "is_private": 1, "content": sample_export(rows)}
	).insert(ignore_permissions=True)
	result = fapiao_import.run(company, file.file_url, commit=True)
	registered = [row["fapiao"] for row in result["rows"] if row["fapiao"]]
	if registered:
		mail(registered[0], received=True)
	if len(registered) > 1:
		mail(registered[1], received=False)


def mail(name: str, received: bool) -> None:
	frappe.set_user(user("clerk"))
	try:
		log = frappe.get_doc("Sales Material Log", api.make_mailing_log(name))
		log.courier = base.COURIER
		log.tracking_number = f"DEMO-FP-{name}"
		log.shipping_cost = 12
		log.save()
		log.submit()
		if received:
			doc = frappe.get_doc("Fapiao", name)
			doc.acknowledgement = picture("Fapiao", name, "acknowledgement")
			doc.save()
			api.mark_fapiao_received(name)
	finally:
		frappe.set_user("Administrator")
