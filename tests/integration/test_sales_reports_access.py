"""The sales reports as users meet them: who may run them, Excel export, Chinese labels, and a
number of SQL statements that does not grow with the data."""

import json
from io import BytesIO

import frappe
import pytest
from frappe.desk.query_report import export_query, run
from frappe.utils import add_days, nowdate
from openpyxl import load_workbook

from neiqin.permissions import REPORT_REFERENCE, grant_role_rights, revoke_role_rights

REFERENCE_DOCTYPE, RIGHTS = REPORT_REFERENCE
from tests.integration import factories, rest
from tests.integration.sql_spy import recorded_statements

REPORTS = (
	"Daily Sales Report",
	"Daily Receipts Detail",
	"Daily Sales Statistics",
	"Sales Finance Reconciliation",
)
ROLES = ("Sales Admin", "Sales Manager", "Accounts User")


@pytest.fixture(scope="module")
def users(base):
	found = {
		role: factories.ensure_user(f"nq-reports-{frappe.scrub(role)}@example.com", [role]) for role in ROLES
	}
	found["Sales User"] = factories.ensure_user("nq-reports-sales_user@example.com", ["Sales User"])
	return found


@pytest.fixture
def book(base):
	factories.ensure_receivable_account()
	return factories.make_sales_book(add_days(nowdate(), 5))


def book_filters(book, **extra) -> dict:
	return {
		"company": factories.COMPANY,
		"from_date": str(add_days(book.start, -2)),
		"to_date": str(add_days(book.start, 3)),
		"territory": book.territory,
		**extra,
	}


def execute(report_name: str, filters: dict):
	module = frappe.scrub(report_name)
	return frappe.get_attr(f"neiqin.sales_reports.report.{module}.{module}.execute")(filters)


@pytest.mark.parametrize("report_name", REPORTS)
def test_reports_are_standard_script_reports_for_the_three_roles(report_name):
	report = frappe.get_doc("Report", report_name)
	assert (report.report_type, report.is_standard, report.module) == (
		"Script Report",
		"Yes",
		"Sales Reports",
	)
	assert report.ref_doctype == REFERENCE_DOCTYPE
	assert sorted(r.role for r in report.roles) == sorted(ROLES)


@pytest.mark.parametrize("role", ROLES)
def test_each_report_role_runs_every_report_and_others_are_refused(users, book, role):
	frappe.set_user(users[role])
	for report_name, extra in (
		("Daily Sales Report", {"group_by": "Item Group"}),
		("Daily Sales Report", {"group_by": "Sales Person"}),
		("Daily Receipts Detail", {}),
		("Daily Sales Statistics", {}),
		("Sales Finance Reconciliation", {}),
	):
		result = run(report_name, filters=json.dumps(book_filters(book, **extra)))
		assert [row for row in result["result"] if isinstance(row, dict)], (role, report_name)
	frappe.set_user(users["Sales User"])
	for report_name in REPORTS:
		with pytest.raises(frappe.PermissionError):
			run(report_name, filters=json.dumps(book_filters(book)))


def test_reports_over_rest_follow_the_same_roles(users):
	query = "report_name=Daily%20Receipts%20Detail&filters=" + json.dumps(
		{"company": factories.COMPANY, "from_date": nowdate(), "to_date": nowdate()}
	)
	path = f"/api/method/frappe.desk.query_report.run?{query}"
	response = rest.call("GET", path, user=users["Sales Admin"])
	assert response.status_code == 200, response.text
	assert {c["fieldname"] for c in response.json["message"]["columns"]} >= {"voucher_no", "base_amount"}
	assert rest.call("GET", path, user=users["Sales User"]).status_code == 403


def rule_in_force(doctype: str, role: str, fields):
	"""The role's level-0 rule frappe applies: the Custom DocPerm rows when the doctype has any,
	else the doctype's standard DocPerm rows (ERPNext's own)."""
	table = "Custom DocPerm" if frappe.db.exists("Custom DocPerm", {"parent": doctype}) else "DocPerm"
	return frappe.db.get_value(
		table, {"parent": doctype, "role": role, "permlevel": 0, "if_owner": 0}, fields, as_dict=True
	)


def select_rule(doctype: str, role: str):
	return rule_in_force(doctype, role, ("read", "select"))


def test_report_access_setup_is_idempotent_and_reversible(users):
	def rights(role):
		return rule_in_force(REFERENCE_DOCTYPE, role, RIGHTS)

	rows = frappe.db.count("Custom DocPerm", {"parent": REFERENCE_DOCTYPE})
	grant_role_rights()
	grant_role_rights()
	assert frappe.db.count("Custom DocPerm", {"parent": REFERENCE_DOCTYPE}) == rows
	for role in ROLES:
		assert all(rights(role).values()), role
	# masters shown in the reports: at least "select" (Accounts User cannot see Sales Persons in ERPNext)
	assert frappe.has_permission("Sales Person", "select", user=users["Accounts User"])
	assert select_rule("Sales Person", "Accounts User") == {"read": 0, "select": 1}
	assert select_rule("Customer", "Accounts User")["read"] == 1  # already readable: left alone
	try:
		revoke_role_rights()
		assert rights("Sales Admin") is None  # ERPNext knows no Sales Admin
		assert rights("Accounts User") == {"read": 1, "report": 0, "export": 0}  # ERPNext's own
		assert all(rights("Sales Manager").values())
		assert select_rule("Sales Person", "Accounts User") is None
	finally:
		grant_role_rights()


def test_excel_export_through_the_standard_report_view(users, book):
	frappe.set_user(users["Accounts User"])
	expected_rows = {
		"Daily Sales Report": 3,  # two customers and the total row
		"Daily Receipts Detail": 4,
		"Daily Sales Statistics": 7,  # six days and the total row
		"Sales Finance Reconciliation": 1,  # the payment on account
	}
	for report_name, rows in expected_rows.items():
		sheet = export_xlsx(report_name, book_filters(book))
		header = [cell.value for cell in sheet[1] if cell.value is not None]
		assert len(header) == len(
			[c for c in run(report_name, json.dumps(book_filters(book)))["columns"] if not c.get("hidden")]
		)
		assert sheet.max_row == 1 + rows, report_name
		if report_name == "Daily Receipts Detail":
			assert header[:3] == ["Receipt Date", "Voucher Type", "Voucher"]
			amounts = {
				row[2]: row[header.index("Received Amount")]
				for row in sheet.iter_rows(min_row=2, values_only=True)
			}
			assert amounts[book.pe2.name] == 420


def export_xlsx(report_name: str, filters: dict):
	frappe.local.form_dict = frappe._dict(
		report_name=report_name,
		file_format_type="Excel",
		filters=json.dumps(filters),
		visible_idx="[]",
		include_indentation=0,
	)
	frappe.local.response = frappe._dict()
	export_query()
	assert frappe.response["type"] == "binary"
	assert frappe.response["filename"] == f"{report_name}.xlsx" or frappe.response["filename"].endswith(
		".xlsx"
	)
	return load_workbook(BytesIO(frappe.response["filecontent"])).active


def test_a_chinese_desk_shows_chinese_columns_summaries_charts_and_reasons(book):
	frappe.local.lang = "zh"
	daily = run("Daily Sales Report", json.dumps(book_filters(book, group_by="Sales Person")))
	labels = {c["fieldname"]: c["label"] for c in daily["columns"]}
	assert (labels["orders"], labels["returned"], labels["credited"]) == (
		"订单",  # frappe/ERPNext's own wording for these strings
		"退货金额",
		"红字发票金额",  # a credit note is 红字发票 (docs/glossary.md)
	)
	assert "退货金额" in [card["label"] for card in daily["report_summary"]]

	statistics = run("Daily Sales Statistics", json.dumps(book_filters(book)))
	# the legend's short names (the columns' long ones overlapped)
	assert [d["name"] for d in statistics["chart"]["data"]["datasets"]][1:3] == [
		"已交货金额",
		"已开票金额",
	]
	assert "交货额（扣除退货）环比上期" in [card["label"] for card in statistics["report_summary"]]

	receipts = run("Daily Receipts Detail", json.dumps(book_filters(book)))
	assert {c["label"] for c in receipts["columns"]} >= {"收款日期", "核销发票", "核销订单"}
	assert receipts["report_summary"][-1]["label"] == "收款合计"

	reconciliation = run("Sales Finance Reconciliation", json.dumps(book_filters(book)))
	(finding,) = reconciliation["result"]
	assert finding["finding_label"] == "未分配收款"
	assert "未分配到任何发票或订单" in finding["reason"]

	sheet = export_xlsx("Daily Receipts Detail", book_filters(book))
	assert [cell.value for cell in sheet[1]][:1] == ["收款日期"]


def test_the_number_of_sql_statements_does_not_grow_with_the_data(base):
	factories.ensure_receivable_account()
	start = add_days(nowdate(), 5)
	first = factories.make_sales_book(start)
	company_wide = {
		"company": factories.COMPANY,
		"from_date": add_days(start, -2),
		"to_date": add_days(start, 3),
	}
	runs = [
		("Daily Sales Report", {}),
		("Daily Sales Report", {"group_by": "Sales Person", "item_group": "All Item Groups"}),
		("Daily Receipts Detail", {}),
		("Daily Receipts Detail", {"sales_person": first.p2}),
		("Daily Sales Statistics", {"sales_person": first.p2, "item_group": "All Item Groups"}),
		("Sales Finance Reconciliation", {}),
	]

	def measure():
		counts, sizes = [], []
		for report_name, extra in runs:
			execute(report_name, {**company_wide, **extra})  # warm the caches
			with recorded_statements() as statements:
				result = execute(report_name, {**company_wide, **extra})
			counts.append(len(statements))
			sizes.append(len(result[1]))
		return counts, sizes

	small, small_rows = measure()
	factories.make_sales_book(start)
	factories.make_sales_book(start)
	large, large_rows = measure()

	# the data did grow: two more customers, four more receipts, one more unallocated payment per book
	assert large_rows[0] >= small_rows[0] + 4
	assert large_rows[2] >= small_rows[2] + 8
	assert large_rows[-1] >= small_rows[-1] + 2
	assert large == small, (small, large)
	assert max(small) <= 10, small
