"""Import of the tax platform's export (.xlsx built here with openpyxl in the platform's
columns): a preview mapping every row to Sales Invoices, and nothing saved when any row is
refused (a duplicate number, an unknown invoice), with the row and why."""

import frappe
import pytest

from neiqin.documents_back import api
from neiqin.documents_back.exceptions import FapiaoImportError
from tests.integration import documents_back_support as support
from tests.integration import factories


@pytest.fixture
def users(base):
	return support.ensure_users()


def invoice(customer: str = factories.CUSTOMERS[0], rate: float = 1130.0, **values):
	return factories.make_direct_sales_invoice(
		customer, [{"item_code": "_NQ Service", "qty": 1, "rate": rate}], **values
	)


def registered(company: str = factories.COMPANY) -> int:
	return frappe.db.count("Fapiao", {"company": company})


def test_a_good_export_is_previewed_then_registered_with_its_invoices(base, users):
	by_remark = invoice(rate=1130)
	by_amount = invoice(rate=2260.5)
	credit_note = factories.make_return(by_remark, qty={"_NQ Service": -1})
	blue_number = support.digital_number()
	paper = invoice(rate=339)
	rows = [
		support.platform_row(by_remark, number=blue_number, remarks=f"订单结算 {by_remark.name}；谢谢"),
		support.platform_row(by_amount, remarks="", buyer_name=by_amount.customer_name),
		{
			**support.platform_row(paper, remarks=paper.name),
			"digital_number": "",
			"code": "031001900104",
			"number": "0420 1234",
			"type": "增值税普通发票",
		},
		{
			**support.platform_row(
				credit_note,
				remarks=f"被红冲蓝字数电票号码：{blue_number} 红字发票信息确认单编号：31011024121000012345",
			),
			"status": "正常",
		},
	]
	file_url = support.save_file(support.platform_export(rows))
	before = registered()
	with factories.as_user(users.clerk):
		preview = api.preview_fapiao_import(base.company, file_url)
	assert preview["refused"] == 0, [row["problems"] for row in preview["rows"]]
	assert registered() == before  # a preview saves nothing
	mapped = {row["row"]: row for row in preview["rows"]}
	assert [inv["sales_invoice"] for inv in mapped[3]["sales_invoices"]] == [by_remark.name]
	assert [inv["sales_invoice"] for inv in mapped[4]["sales_invoices"]] == [by_amount.name]
	assert mapped[5]["fapiao_type"] == "VAT Ordinary Invoice" and mapped[5]["fapiao_number"] == "04201234"
	assert mapped[6]["total"] < 0 and mapped[6]["sales_invoices"][0]["sales_invoice"] == credit_note.name

	with factories.as_user(users.clerk):
		result = api.import_fapiao(base.company, file_url)
	assert result["imported"] == 4
	assert registered() == before + 4
	blue = frappe.get_doc("Fapiao", {"number_key": f"{base.company}|{blue_number}"})
	assert blue.status == "Reversed"  # its red-letter fapiao covers it whole
	assert blue.imported_from and blue.invoices[0].sales_invoice == by_remark.name
	red = frappe.get_doc("Fapiao", {"red_letter_of": blue.name})
	assert red.is_red_letter == 1 and red.total == -by_remark.grand_total


def test_nothing_is_saved_when_a_row_is_refused_and_each_refusal_names_its_row(base, users):
	good = invoice(rate=1130)
	taken = support.make_fapiao([invoice(rate=565)])
	other_good = invoice(rate=678)
	rows = [
		support.platform_row(good),
		# a number already registered (typed with spaces in the platform's remarks-free export)
		support.platform_row(other_good, number=taken.fapiao_number[:10] + " " + taken.fapiao_number[10:]),
		# an invoice nobody knows: no such number in 备注 and no invoice with this total
		{
			**support.platform_row(good, remarks="ACC-SINV-NOT-THERE-0001"),
			"amount": 88.5,
			"tax": 11.5,
			"total": 100,
		},
	]
	file_url = support.save_file(support.platform_export(rows))
	before = registered()
	with factories.as_user(users.clerk):
		preview = api.preview_fapiao_import(base.company, file_url)
	problems = {row["row"]: " ".join(row["problems"]) for row in preview["rows"]}
	assert preview["refused"] == 2
	assert problems[3] == ""
	assert "already registered" in problems[4] and taken.name in problems[4]
	assert "No Sales Invoice found" in problems[5] and "ACC-SINV-NOT-THERE-0001" in problems[5]

	with factories.as_user(users.clerk), pytest.raises(FapiaoImportError) as refusal:
		api.import_fapiao(base.company, file_url)
	message = str(refusal.value)
	assert "Nothing was imported" in message and "Row 4" in message and "Row 5" in message
	assert registered() == before
	assert not frappe.db.exists(
		"Fapiao", {"invoices": None, "number_key": ("like", f"%{rows[0]['digital_number']}")}
	)


def test_a_row_against_another_customers_invoice_or_beyond_it_is_refused(base, users):
	theirs = invoice(customer=base.customer_b, rate=1130)
	mine = invoice(rate=1130)
	rows = [
		# 备注 names an invoice of another customer than the buyer
		{**support.platform_row(theirs), "buyer_name": mine.customer_name},
		# two fapiao for the whole of one invoice
		support.platform_row(mine),
		support.platform_row(mine),
	]
	file_url = support.save_file(support.platform_export(rows))
	with factories.as_user(users.clerk):
		preview = api.preview_fapiao_import(base.company, file_url)
	problems = {row["row"]: " ".join(row["problems"]) for row in preview["rows"]}
	assert problems[4] == ""
	assert "more than is left" in problems[5]
	assert preview["refused"] == 1
	assert preview["rows"][0]["customer"] == base.customer_b  # the invoice's customer, not the buyer text


def test_files_that_are_not_the_platforms_export_are_refused(base, users):
	not_excel = support.save_file(b"just text", file_name="notes.xlsx")
	with factories.as_user(users.clerk), pytest.raises(FapiaoImportError, match="Excel"):
		api.preview_fapiao_import(base.company, not_excel)
	import io

	import openpyxl

	workbook = openpyxl.Workbook()
	workbook.active.append(["发票号码", "价税合计"])
	workbook.active.append(["24310000000000000001", 100])
	buffer = io.BytesIO()
	workbook.save(buffer)
	columns_missing = support.save_file(buffer.getvalue())
	with factories.as_user(users.clerk), pytest.raises(FapiaoImportError, match="开票日期"):
		api.preview_fapiao_import(base.company, columns_missing)
	with factories.as_user(users.sales), pytest.raises(frappe.PermissionError):
		api.preview_fapiao_import(base.company, columns_missing)
