"""Daily Receipts Detail on the hand-built month (factories.make_sales_book)."""

import json

import frappe
import pytest
from frappe.desk.query_report import run
from frappe.utils import add_days, nowdate

from tests.integration import factories


@pytest.fixture
def book(base):
	factories.ensure_receivable_account()
	return factories.make_sales_book(add_days(nowdate(), 5))


def receipts(book, **filters) -> dict:
	values = {
		"company": factories.COMPANY,
		"from_date": book.start,
		"to_date": add_days(book.start, 3),
		"territory": book.territory,
		**filters,
	}
	return run("Daily Receipts Detail", filters=json.dumps(values, default=str))


def by_voucher(result: dict) -> dict:
	return {row["voucher_no"]: row for row in result["result"]}


def test_every_receipt_with_what_it_settles_in_both_currencies(book):
	result = receipts(book)
	rows = by_voucher(result)
	assert set(rows) == {book.pe1.name, book.pe2.name, book.je1.name, book.pa.name}

	pe1 = rows[book.pe1.name]
	assert (pe1["voucher_type"], pe1["customer"], pe1["mode_of_payment"], pe1["reference_no"]) == (
		"Payment Entry",
		book.a,
		"Wire Transfer",
		"NQ-TT-1",
	)
	assert str(pe1["date"]) == str(add_days(book.start, 3)) == str(pe1["reference_date"])
	assert (pe1["account_currency"], pe1["amount"], pe1["base_amount"], pe1["unallocated"]) == (
		"CNY",
		500,
		500,
		0,
	)
	assert (pe1["invoices"], pe1["orders"]) == (book.si1.name, book.so1.name)  # the order behind the invoice

	pe2 = rows[book.pe2.name]  # 60 USD paid on a 100 USD invoice: partial, valued at 7
	assert (pe2["customer"], pe2["mode_of_payment"]) == (book.b, "Bank Draft")
	assert (pe2["account_currency"], pe2["amount"], pe2["base_amount"], pe2["currency"]) == (
		"USD",
		60,
		420,
		"CNY",
	)
	assert (pe2["invoices"], pe2["orders"]) == (book.si2.name, book.so2.name)

	je1 = rows[book.je1.name]
	assert (je1["voucher_type"], je1["mode_of_payment"], je1["reference_no"]) == (
		"Journal Entry",
		"Cash",
		"NQ-C-1",
	)
	assert (je1["amount"], je1["base_amount"], je1["unallocated"]) == (200, 200, 0)
	assert (je1["invoices"], je1["orders"]) == (book.six.name, book.so1.name)

	on_account = rows[book.pa.name]
	assert (
		on_account["base_amount"],
		on_account["unallocated"],
		on_account["invoices"],
		on_account["orders"],
	) == (
		150,
		150,
		"",
		"",
	)

	cards = {card["label"]: card["value"] for card in result["report_summary"]}
	assert cards == {"Bank Draft": 420, "Cash": 350, "Wire Transfer": 500, "Total Received": 1270}
	assert result["chart"]["data"]["labels"] == ["Bank Draft", "Cash", "Wire Transfer"]
	assert result["chart"]["data"]["datasets"][0]["values"] == [420, 350, 500]
	columns = {c["fieldname"]: c for c in result["columns"]}
	assert (
		columns["voucher_no"]["fieldtype"] == "Dynamic Link"
		and columns["voucher_no"]["options"] == "voucher_type"
	)


def test_receipts_are_filtered_by_customer_mode_sales_person_and_date(book):
	assert set(by_voucher(receipts(book, customer=book.b))) == {book.pe2.name}
	# the same filters with another value (the query is built once for both)
	assert set(by_voucher(receipts(book, customer=book.a))) == {book.pe1.name, book.je1.name, book.pa.name}
	assert set(by_voucher(receipts(book, mode_of_payment="Cash"))) == {book.je1.name, book.pa.name}
	# receipts settling documents of the sales person's team
	assert set(by_voucher(receipts(book, sales_person=book.p1))) == {book.pe1.name, book.je1.name}
	assert set(by_voucher(receipts(book, sales_person=book.p2))) == {
		book.pe1.name,
		book.pe2.name,
		book.je1.name,
	}
	assert by_voucher(receipts(book, to_date=add_days(book.start, 2))) == {}


def test_cancelled_receipts_are_left_out_and_a_journal_entry_without_money_is_not_a_receipt(book):
	book.pe2.cancel()
	write_off = frappe.get_doc(
		{
			"doctype": "Journal Entry",
			"voucher_type": "Write Off Entry",
			"company": factories.COMPANY,
			"posting_date": add_days(book.start, 3),
			"accounts": [
				{
					"account": frappe.db.get_value(
						"Account", {"company": factories.COMPANY, "account_type": "Round Off", "is_group": 0}
					)
					or frappe.get_cached_value("Company", factories.COMPANY, "write_off_account"),
					"debit_in_account_currency": 50,
					"cost_center": frappe.get_cached_value("Company", factories.COMPANY, "cost_center"),
				},
				{
					"account": frappe.get_cached_value(
						"Company", factories.COMPANY, "default_receivable_account"
					),
					"party_type": "Customer",
					"party": book.a,
					"credit_in_account_currency": 50,
					"reference_type": "Sales Invoice",
					"reference_name": book.si1.name,
				},
			],
		}
	)
	write_off.insert(ignore_permissions=True)
	write_off.submit()
	rows = by_voucher(receipts(book))
	assert set(rows) == {book.pe1.name, book.je1.name, book.pa.name}
