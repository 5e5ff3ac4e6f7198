"""Daily Sales Report and Daily Sales Statistics on a hand-built month (factories.make_sales_book).

The book is in a territory of its own, so filtering by that territory makes the known answers
independent of whatever else the site holds.
"""

import json

import frappe
import pytest
from frappe.desk.query_report import run
from frappe.utils import add_days, nowdate

from tests.integration import factories
from tests.integration.report_support import assert_refused


@pytest.fixture
def book(base):
	factories.ensure_receivable_account()
	return factories.make_sales_book(add_days(nowdate(), 5))


def report(name: str, book, **filters) -> dict:
	values = {
		"company": factories.COMPANY,
		"from_date": book.start,
		"to_date": add_days(book.start, 3),
		"territory": book.territory,
		**filters,
	}
	return run(name, filters=json.dumps(values, default=str))


def rows_by(result: dict, field: str) -> dict:
	return {row[field]: row for row in result["result"] if isinstance(row, dict)}


def total_row(result: dict) -> dict:
	total = result["result"][-1]
	assert isinstance(total, list), "the standard total row is missing"
	return dict(zip([c["fieldname"] for c in result["columns"]], total, strict=True))


def amounts(row: dict) -> tuple:
	return tuple(
		row[k] for k in ("orders", "ordered", "delivered", "returned", "invoiced", "credited", "received")
	)


def summary(result: dict) -> dict:
	return {card["label"]: card["value"] for card in result["report_summary"]}


def test_daily_sales_by_customer_in_company_currency(book):
	result = report("Daily Sales Report", book)
	rows = rows_by(result, "customer")
	assert set(rows) == {book.a, book.b}
	# A: SO1 1800 (SO3 cancelled, SO0 before the range); DN1 1100 less a 100 return; SI1 1100 + SIX 300,
	# credit note 100; received PE1 500 + JE1 200 + 150 on account
	assert amounts(rows[book.a]) == (1, 1800, 1100, 100, 1400, 100, 850)
	# B is billed in USD at 7: SO2 100 USD, SI2 (updates stock: delivers) 100 USD, PE2 60 USD
	assert amounts(rows[book.b]) == (1, 700, 700, 0, 700, 0, 420)
	assert rows[book.a]["customer_name"] == frappe.db.get_value("Customer", book.a, "customer_name")
	assert amounts(total_row(result)) == (2, 2500, 1800, 100, 2100, 100, 1270)
	assert summary(result) == {
		"Orders": 2,
		"Ordered Amount": 2500,
		"Delivered Amount": 1800,
		"Returned Amount": 100,
		"Invoiced Amount": 2100,
		"Credit Note Amount": 100,
		"Received Amount": 1270,
	}
	assert {c["fieldname"]: c["fieldtype"] for c in result["columns"]}["ordered"] == "Currency"
	assert result["chart"]["data"]["labels"] == [book.a, book.b]
	assert [d["values"] for d in result["chart"]["data"]["datasets"]] == [
		[1800, 700],
		[1100, 700],
		[1400, 700],
		[850, 420],
	]


def test_without_item_groups_each_document_is_read_by_its_own_total_not_its_lines(book):
	from tests.integration.sql_spy import recorded_statements

	with recorded_statements() as statements:
		by_customer = report("Daily Sales Report", book)
	line_tables = ("`tabSales Order Item`", "`tabDelivery Note Item`")
	assert not [s for s in statements if any(table in s for table in line_tables)]
	# the same money as when the lines are summed per item group
	by_group = report("Daily Sales Report", book, group_by="Item Group")
	assert amounts(total_row(by_customer))[1:] == amounts(total_row(by_group))[1:]


def test_daily_sales_by_sales_person_splits_each_document_by_its_team(book):
	rows = rows_by(report("Daily Sales Report", book, group_by="Sales Person"), "sales_person")
	# P1 has 60% of SO1 and everything made from it; P2 40% of it and all of SO2
	assert amounts(rows[book.p1]) == (1, 1080, 660, 60, 840, 60, 420)  # received: 60% of PE1 500 and JE1 200
	assert amounts(rows[book.p2]) == (2, 1420, 1140, 40, 1260, 40, 700)
	assert amounts(rows[None]) == (0, 0, 0, 0, 0, 0, 150)  # the payment on account settles nothing


def test_daily_sales_by_item_group_spreads_receipts_over_the_settled_lines(book):
	rows = rows_by(report("Daily Sales Report", book, group_by="Item Group"), "item_group")
	assert amounts(rows["_NQ Materials"]) == (2, 2200, 1800, 100, 1800, 100, 920)
	assert amounts(rows[book.item_group]) == (1, 300, 0, 0, 300, 0, 200)  # JE1 settles the service invoice
	assert amounts(rows[None]) == (0, 0, 0, 0, 0, 0, 150)


def test_daily_sales_filters(book):
	by_group = rows_by(
		report("Daily Sales Report", book, group_by="Item Group", sales_person=book.p1), "item_group"
	)
	assert set(by_group) == {"_NQ Materials", book.item_group}
	assert amounts(by_group["_NQ Materials"]) == (1, 900, 660, 60, 660, 60, 300)
	assert amounts(by_group[book.item_group]) == (1, 180, 0, 0, 180, 0, 120)

	only_service = rows_by(report("Daily Sales Report", book, item_group=book.item_group), "customer")
	assert set(only_service) == {book.a}
	assert amounts(only_service[book.a]) == (1, 300, 0, 0, 300, 0, 200)

	only_b = rows_by(report("Daily Sales Report", book, customer=book.b), "customer")
	assert set(only_b) == {book.b}

	first_day = rows_by(report("Daily Sales Report", book, to_date=book.start), "customer")
	assert amounts(first_day[book.a]) == (1, 1800, 0, 0, 0, 0, 0)


def test_cancelled_documents_do_not_count(book):
	book.pe1.cancel()
	book.cn1.cancel()
	rows = rows_by(report("Daily Sales Report", book), "customer")
	assert amounts(rows[book.a]) == (1, 1800, 1100, 100, 1400, 0, 350)


def test_daily_sales_statistics_fill_every_day_and_compare_with_the_previous_period(book):
	result = report("Daily Sales Statistics", book)
	rows = [row for row in result["result"] if isinstance(row, dict)]
	assert [str(row["date"]) for row in rows] == [str(add_days(book.start, n)) for n in range(4)]
	series = [
		(row["orders"], row["ordered"], row["delivered"], row["invoiced"], row["received"]) for row in rows
	]
	assert series == [
		(1, 1800, 0, 0, 0),
		(1, 700, 1100, 0, 0),
		(0, 0, 600, 2000, 0),  # DN1 return -100 and SI2 (updates stock) 700; 1100 - 100 + 300 + 700 invoiced
		(0, 0, 0, 0, 1270),
	]
	total = total_row(result)
	assert (total["ordered"], total["delivered"], total["invoiced"], total["received"]) == (
		2500,
		1700,
		2000,
		1270,
	)

	cards = summary(result)
	assert cards["Ordered Amount"] == 2500
	assert cards["Ordered Amount vs Previous Period"] == 525.0  # SO0: 400 in the four days before
	assert cards["Orders vs Previous Period"] == 100.0
	assert cards["Received Amount vs Previous Period"] == "No previous data"

	chart = result["chart"]
	assert chart["type"] == "line" and len(chart["data"]["labels"]) == 4
	assert [d["values"][-1] for d in chart["data"]["datasets"]] == [0, 0, 0, 1270]


def test_daily_sales_statistics_for_one_sales_person(book):
	result = report("Daily Sales Statistics", book, sales_person=book.p2)
	rows = [row for row in result["result"] if isinstance(row, dict)]
	assert [row["ordered"] for row in rows] == [720, 700, 0, 0]
	assert rows[-1]["received"] == 700


@pytest.mark.parametrize(
	"report_name",
	["Daily Sales Report", "Daily Receipts Detail", "Daily Sales Statistics", "Sales Finance Reconciliation"],
)
def test_dates_are_validated_with_a_translated_message(report_name):
	execute = frappe.get_attr(
		f"neiqin.sales_reports.report.{frappe.scrub(report_name)}.{frappe.scrub(report_name)}.execute"
	)
	filters = {"company": factories.COMPANY, "from_date": "2026-03-31", "to_date": "2026-03-01"}
	assert_refused(execute(filters), "is after To Date")
	assert_refused(execute({**filters, "company": None}), "Company")
	assert_refused(execute({"company": factories.COMPANY}), "From Date and To Date")
	frappe.local.lang = "zh"
	assert_refused(execute(filters), "晚于结束日期")


def test_an_unknown_grouping_is_refused():
	execute = frappe.get_attr("neiqin.sales_reports.report.daily_sales_report.daily_sales_report.execute")
	assert_refused(
		execute(
			{"company": factories.COMPANY, "from_date": nowdate(), "to_date": nowdate(), "group_by": "Colour"}
		),
		"cannot be grouped by",
	)


@pytest.mark.parametrize(
	"report_name",
	[
		"Daily Sales Report",
		"Daily Receipts Detail",
		"Daily Sales Statistics",
		"Sales Finance Reconciliation",
		"Contract Fulfilment Statistics",
		"Contract Entry SLA",
		"Sales Material Ledger",
		"Material Dispatch Register",
		"Courier Fee Settlement",
		"Review Audit Trail",
	],
)
def test_an_invalid_filter_typed_in_the_desk_writes_no_error_log(report_name):
	"""What the desk sends while a date is being typed (To Date before From Date): refused with
	a translated message, and nothing in the Error Log."""
	from frappe.desk.query_report import run

	errors = frappe.db.count("Error Log")
	frappe.local.lang = "zh"
	frappe.local.message_log = []
	result = run(
		report_name,
		filters={"company": factories.COMPANY, "from_date": "2026-03-31", "to_date": "2026-03-01"},
	)
	assert result["result"] == []
	assert "晚于结束日期" in result["message"]
	assert frappe.db.count("Error Log") == errors
	assert not frappe.local.message_log


def test_an_invalid_ageing_range_writes_no_error_log():
	from frappe.desk.query_report import run

	errors = frappe.db.count("Error Log")
	frappe.local.message_log = []
	result = run("Contract Receivables", filters={"company": factories.COMPANY, "range": "60, 30"})
	assert result["result"] == [] and "Ageing Range" in result["message"]
	assert frappe.db.count("Error Log") == errors
	assert not frappe.local.message_log
