"""Pure rules of the documents back (单据回收): receipts, invoice requests, fapiao numbers and
coverage, and the reading of the tax platform's export."""

import datetime

from neiqin.documents_back import platform_export, rules
from neiqin.documents_back.rules import CoveredInvoice, SourceLine

DAY = datetime.date(2026, 3, 2)  # a Monday


# ----------------------------------------------------------------------------- receipts


def test_receipt_statuses_move_only_forward():
	assert rules.receipt_transition_problem(None, "Awaiting") is None
	assert rules.receipt_transition_problem(None, "Returned").code == "receipt_starts_awaiting"
	assert rules.receipt_transition_problem("Awaiting", "Returned") is None
	assert rules.receipt_transition_problem("Lost", "Returned") is None
	assert rules.receipt_transition_problem("Archived", "Awaiting").code == "receipt_transition"
	assert rules.receipt_transition_problem("Returned", "Lost").code == "receipt_transition"
	assert rules.receipt_transition_problem("Awaiting", "Shredded").code == "unknown_receipt_status"


def test_which_customers_need_a_signed_receipt():
	lineage = ["Key Accounts East", "Key Accounts", "All Customer Groups"]
	assert rules.receipt_required("All Customers", [], [])
	assert not rules.receipt_required("Off", lineage, ["Key Accounts"])
	assert rules.receipt_required("Customer Groups", lineage, ["Key Accounts"])
	assert not rules.receipt_required("Customer Groups", lineage, ["Retail"])


def test_due_overdue_and_ageing():
	due = rules.receipt_due_date(DAY, 7)
	assert due == datetime.date(2026, 3, 9)
	assert not rules.is_receipt_overdue("Awaiting", due, due)
	assert rules.is_receipt_overdue("Awaiting", due, due + datetime.timedelta(days=1))
	assert not rules.is_receipt_overdue("Returned", due, due + datetime.timedelta(days=30))
	assert [rules.age_bucket(days) for days in (0, 7, 8, 30, 31)] == ["0-7", "0-7", "8-15", "16-30", "30+"]


def test_the_invoice_guard():
	assert rules.invoice_guard("Off", ["SDR-1"]) is None
	assert rules.invoice_guard("Block", []) is None
	assert rules.invoice_guard("Warn", ["SDR-1"]) == "warn"
	assert rules.invoice_guard("Block", ["SDR-1"]) == "block"


# ----------------------------------------------------------------------------- invoice requests


def source(row, qty, so_detail=None, doctype="Delivery Note", customer="C", company="Co"):
	return SourceLine(doctype, f"{doctype}-1", row, qty, so_detail, customer, company)


def test_a_delivery_line_counts_against_its_order_line_too():
	sources = {"so1": source("so1", 10, doctype="Sales Order"), "dn1": source("dn1", 6, so_detail="so1")}
	ok = rules.request_line_problems([{"idx": 1, "source_detail": "dn1", "qty": 6}], sources, {}, "C", "Co")
	assert ok == []
	# 6 requested through the delivery: only 4 of the order are left
	problems = rules.request_line_problems(
		[{"idx": 1, "source_detail": "so1", "qty": 5}], sources, {"so1": 6, "dn1": 6}, "C", "Co"
	)
	assert [p.code for p in problems] == ["request_exceeds_left"] and problems[0].args[2] == 4
	# the same line twice in one request
	twice = rules.request_line_problems(
		[{"idx": 1, "source_detail": "dn1", "qty": 4}, {"idx": 2, "source_detail": "dn1", "qty": 4}],
		sources,
		{},
		"C",
		"Co",
	)
	assert [(p.code, p.args[0]) for p in twice] == [("request_exceeds_left", 2)]


def test_request_lines_of_other_parties_or_unknown_are_refused():
	sources = {"dn1": source("dn1", 6, customer="Other")}
	codes = [
		p.code
		for p in rules.request_line_problems(
			[{"idx": 1, "source_detail": "dn1", "qty": 1}, {"idx": 2, "source_detail": None, "qty": 1}],
			sources,
			{},
			"C",
			"Co",
		)
	]
	assert codes == ["source_of_other_party", "source_line_missing"]


def test_buyer_details_by_invoice_type():
	special = rules.buyer_problems("Digital VAT Special Invoice", "某公司", "91310000MA1FL0XX2K", "", None)
	assert [p.code for p in special] == ["buyer_details_required"]
	assert rules.buyer_problems("Digital Ordinary Invoice", "某公司", "", None, None) == []
	assert [p.code for p in rules.buyer_problems("VAT Ordinary Invoice", "x", "12345", "", "")] == [
		"bad_tax_id"
	]
	assert rules.normalise_tax_id(" 9131 0000-ma1fl0xx2k ") == "91310000MA1FL0XX2K"


def test_entered_one_working_day_ahead():
	friday, monday = datetime.date(2026, 3, 6), datetime.date(2026, 3, 9)
	weekend = {datetime.date(2026, 3, 7), datetime.date(2026, 3, 8)}
	assert rules.request_entered_late(friday, monday, 1, weekend)["is_late"] is False
	assert rules.request_entered_late(monday, monday, 1, weekend) == {
		"working_days_ahead": 0,
		"is_late": True,
		"short_by": 1,
	}
	# entered on Saturday for Monday: Monday itself is the one working day ahead
	assert rules.request_entered_late(datetime.date(2026, 3, 7), monday, 1, weekend)["is_late"] is False


# ----------------------------------------------------------------------------- fapiao numbers


def test_numbers_are_normalised():
	assert rules.normalise_number(" ２４３１－0000 0000 0000 0001 ") == "24310000000000000001"
	assert rules.normalise_number("No. 0012-3456") == "00123456"
	assert rules.number_key("3100 231130", "00123456") == "3100231130/00123456"
	assert rules.number_key("", "24310000000000000001") == "24310000000000000001"


def test_numbers_fit_their_type():
	assert rules.number_problems("Digital Ordinary Invoice", "", "24310000000000000001") == []
	assert [p.code for p in rules.number_problems("Digital Ordinary Invoice", "1", "2431")] == [
		"digital_number",
		"digital_has_code",
	]
	assert rules.number_problems("VAT Special Invoice", "3100231130", "00123456") == []
	assert rules.number_problems("VAT Ordinary Invoice", "031001900104", "00123456") == []
	assert [p.code for p in rules.number_problems("VAT Special Invoice", "", "123456789")] == [
		"paper_number",
		"paper_code",
	]
	assert [p.code for p in rules.number_problems("Receipt", "", "1")] == ["unknown_fapiao_type"]


def test_amounts_and_signs():
	assert rules.amount_problems(1000, 130, 1130, False) == []
	assert [p.code for p in rules.amount_problems(1000, 100, 1130, False)] == ["total_mismatch"]
	assert [p.code for p in rules.amount_problems(-1000, -130, -1130, False)] == ["blue_not_positive"]
	assert [p.code for p in rules.amount_problems(1000, 130, 1130, True)] == ["red_letter_not_negative"]


def covered(name, grand_total, company="Co", customer="C", is_return=False, docstatus=1):
	return CoveredInvoice(name, company, customer, docstatus, is_return, grand_total)


def test_coverage_stays_within_company_customer_and_totals():
	invoices = {
		"SI-1": covered("SI-1", 1130),
		"SI-2": covered("SI-2", 500, customer="D"),
		"SI-3": covered("SI-3", 300, company="Other"),
		"CN-1": covered("CN-1", -1130, is_return=True),
	}
	assert rules.coverage_problems("Co", "C", False, 1130, [(1, "SI-1", 1130)], invoices, {}) == []
	codes = lambda *args: [p.code for p in rules.coverage_problems(*args)]  # noqa: E731
	assert codes("Co", "C", False, 500, [(1, "SI-2", 500)], invoices, {}) == ["invoice_other_customer"]
	assert codes("Co", "C", False, 300, [(1, "SI-3", 300)], invoices, {}) == ["invoice_other_company"]
	assert codes("Co", "C", False, 1130, [(1, "SI-1", 1130)], invoices, {"SI-1": 1}) == [
		"invoice_overcovered"
	]
	assert codes("Co", "C", False, 2000, [(1, "SI-1", 1130)], invoices, {}) == ["rows_not_total"]
	assert codes("Co", "C", False, 1130, [(1, "CN-1", 1130)], invoices, {}) == ["blue_covers_invoices"]
	assert codes("Co", "C", True, -1130, [(1, "CN-1", -1130)], invoices, {}) == []
	assert codes("Co", "C", True, -1130, [(1, "SI-1", -1130)], invoices, {}) == [
		"red_letter_covers_credit_notes"
	]
	assert codes("Co", "C", False, 1, [(1, "SI-9", 1)], invoices, {}) == ["invoice_missing"]


def test_what_changed_after_mailing():
	before = {"fapiao_number": "24310000000000000001", "amount": 1000.0, "tax_amount": 130.0, "total": 1130.0}
	same = {**before, "fapiao_number": "2431 0000 0000 0000 0001", "amount": 1000}
	assert rules.changed_after_mailing(before, same, [("SI-1", 1130)], [("SI-1", 1130.0)]) == []
	moved = {**before, "total": 1131.0}
	assert rules.changed_after_mailing(before, moved, [("SI-1", 1130)], [("SI-2", 1130)]) == [
		"total",
		"invoices",
	]


# ----------------------------------------------------------------------------- the platform's export

HEADER = (
	"序号",
	"发票代码",
	"发票号码",
	"数电票号码",
	"购买方识别号",
	"购买方名称",
	"开票日期",
	"金额",
	"税额",
	"价税合计",
	"发票状态",
	"备注",
)


def test_the_export_is_read_under_its_title_rows():
	rows = [
		("发票基础信息",),
		(),
		HEADER,
		(
			1,
			"",
			"",
			"24312000000000012345",
			"91310000MA1FL0XX2K",
			"上海甲公司",
			"2026-03-02 10:11:12",
			1000,
			130,
			1130,
			"正常",
			"ACC-SINV-2026-00001",
		),
		(
			2,
			"031001900104",
			"00123456",
			None,
			"",
			"乙公司",
			datetime.datetime(2026, 3, 3),
			"200.00",
			"26.00",
			"226.00",
			"作废",
			"",
		),
		(
			3,
			"",
			"",
			"24312000000000012399",
			"",
			"上海甲公司",
			"2026年03月04日",
			-1000,
			-130,
			-1130,
			"正常",
			"被红冲蓝字数电票号码：24312000000000012345",
		),
		(None,) * 12,
	]
	parsed, problems = platform_export.parse(rows)
	assert problems == []
	first, second, third = parsed
	assert (first.row_no, first.fapiao_type, first.number, first.code) == (
		4,
		"Digital Ordinary Invoice",
		"24312000000000012345",
		"",
	)
	assert first.issue_date == DAY and first.references() == ["ACC-SINV-2026-00001"]
	assert (second.fapiao_type, second.status, second.total) == ("VAT Ordinary Invoice", "Void", 226.0)
	assert third.is_red_letter and third.original == ("", "24312000000000012345")
	assert all(not row.problems for row in parsed)


def test_rows_say_what_is_wrong_with_them():
	rows = [
		HEADER,
		(1, "", "", 2.43120000000000e19, "", "甲", "2026-03-02", 1000, 130, 1130, "正常", ""),
		(2, "", "", "24312000000000012345", "", "甲", "someday", 1000, 130, 1131, "已冻结", ""),
	]
	parsed, _ = platform_export.parse(rows)
	assert next(p.code for p in parsed[0].problems) == "number_cell_not_text"
	assert {p.code for p in parsed[1].problems} == {"bad_date", "unknown_platform_status"}


def test_files_without_the_columns_are_refused():
	assert platform_export.parse([("a", "b")])[1][0].code == "no_header"
	missing = platform_export.parse([("发票号码", "价税合计"), ("1", 1)])[1][0]
	assert missing.code == "missing_columns" and "开票日期" in missing.args[0]
	assert platform_export.parse([HEADER])[1][0].code == "no_rows"


def test_the_type_column_decides_when_present():
	assert (
		platform_export.fapiao_type("数电发票（增值税专用发票）", "", "1" * 20)
		== "Digital VAT Special Invoice"
	)
	assert (
		platform_export.fapiao_type("增值税电子普通发票", "031001900104", "12345678")
		== "VAT Electronic Ordinary Invoice"
	)
	assert platform_export.fapiao_type("增值税专用发票", "3100231130", "12345678") == "VAT Special Invoice"
	assert platform_export.fapiao_type("", "", "1" * 20) == "Digital Ordinary Invoice"
	assert platform_export.original_of("对应正数发票代码:3100231130号码:00123456") == (
		"3100231130",
		"00123456",
	)
