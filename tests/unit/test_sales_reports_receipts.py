"""Daily Receipts Detail shaping (pure)."""

from datetime import date

from neiqin.sales_reports.receipts import receipt_rows, settling, totals_by_mode

D1, D2 = date(2026, 3, 1), date(2026, 3, 2)


def pe(voucher, day=D1, reference=None, **values):
	row = {
		"voucher_no": voucher,
		"date": day,
		"customer": "C1",
		"customer_name": "Customer One",
		"mode_of_payment": "Wire Transfer",
		"reference_no": "TT-1",
		"reference_date": day,
		"currency": "CNY",
		"paid_amount": 1000.0,
		"base_received_amount": 1000.0,
		"unallocated_amount": 0.0,
		"source_exchange_rate": 1.0,
		"reference_doctype": reference and reference[0],
		"reference_name": reference and reference[1],
	}
	row.update(values)
	return row


def jv(voucher, customer, base, reference=None, day=D2):
	return {
		"voucher_no": voucher,
		"date": day,
		"customer": customer,
		"customer_name": customer,
		"mode_of_payment": "Cash",
		"reference_no": "CHQ-7",
		"reference_date": day,
		"currency": "CNY",
		"amount": base,
		"base_amount": base,
		"reference_doctype": reference and reference[0],
		"reference_name": reference and reference[1],
	}


def test_one_row_per_payment_naming_the_invoices_and_orders_it_settles():
	rows = receipt_rows(
		payments=[
			pe("PE-1", reference=("Sales Invoice", "SI-2")),
			pe("PE-1", reference=("Sales Invoice", "SI-1")),
			pe("PE-1", reference=("Sales Order", "SO-3")),
		],
		invoice_orders={"SI-1": ["SO-1"], "SI-2": ["SO-1", "SO-2"]},
	)
	assert len(rows) == 1
	row = rows[0]
	assert row["invoices"] == ["SI-1", "SI-2"]
	assert row["orders"] == ["SO-1", "SO-2", "SO-3"]
	assert row["documents"] == {("Sales Invoice", "SI-1"), ("Sales Invoice", "SI-2"), ("Sales Order", "SO-3")}
	assert (row["amount"], row["base_amount"], row["unallocated"]) == (1000, 1000, 0)
	assert (row["mode_of_payment"], row["reference_no"], row["reference_date"]) == (
		"Wire Transfer",
		"TT-1",
		D1,
	)


def test_foreign_currency_payment_keeps_both_amounts_and_converts_the_unallocated_part():
	rows = receipt_rows(
		payments=[
			pe(
				"PE-2",
				currency="USD",
				paid_amount=150.0,
				base_received_amount=1050.0,
				unallocated_amount=50.0,
				source_exchange_rate=7.0,
				reference=("Sales Invoice", "SI-9"),
			)
		]
	)
	assert (rows[0]["currency"], rows[0]["amount"], rows[0]["base_amount"], rows[0]["unallocated"]) == (
		"USD",
		150,
		1050,
		350,
	)


def test_journal_entries_give_one_row_per_customer_and_count_unreferenced_credit_as_unallocated():
	rows = receipt_rows(
		journal_lines=[
			jv("JV-1", "C1", 300.0, reference=("Sales Invoice", "SI-1")),
			jv("JV-1", "C1", 200.0),
			jv("JV-1", "C2", 100.0, reference=("Sales Order", "SO-5")),
		]
	)
	assert [(r["voucher_type"], r["customer"], r["base_amount"], r["unallocated"]) for r in rows] == [
		("Journal Entry", "C1", 500, 200),
		("Journal Entry", "C2", 100, 0),
	]
	assert rows[0]["invoices"] == ["SI-1"] and rows[1]["orders"] == ["SO-5"]


def test_rows_are_sorted_by_date_and_totalled_by_mode_of_payment():
	rows = receipt_rows(
		payments=[pe("PE-9", day=D2), pe("PE-1", mode_of_payment=None, base_received_amount=20.0)],
		journal_lines=[jv("JV-1", "C1", 300.0, day=D1)],
	)
	assert [r["voucher_no"] for r in rows] == ["JV-1", "PE-1", "PE-9"]
	assert totals_by_mode(rows) == [("Cash", 300), ("Wire Transfer", 1000), (None, 20)]
	assert totals_by_mode([]) == []


def test_settling_keeps_receipts_of_the_given_documents():
	rows = receipt_rows(
		payments=[
			pe("PE-1", reference=("Sales Invoice", "SI-1")),
			pe("PE-2"),
			pe("PE-3", reference=("Sales Order", "SO-1")),
		]
	)
	assert [
		r["voucher_no"] for r in settling(rows, {("Sales Order", "SO-1"), ("Sales Invoice", "SI-x")})
	] == ["PE-3"]
