"""Sales expenses (issue 21): what the expense ledger and a claim's submit cost, against ERPNext.

Not a test. From the bench's sites folder, on the benchmark site (after `book.py`):

    ../env/bin/python /path/to/neiqin/benchmarks/expenses.py --site neiqin-bench.localhost \\
        [--lines 10000] [--runs 5]

It adds to the big book's company (`_NQ Bench Company`) its own expense book, once: employee
accounts, one employee, approved requests and submitted claims of 20 lines each until the company
has `--lines` claim lines (dated over the last year; the shipped review rules are switched off in
this process while building, then put back), and prints:

- Sales Expense Ledger / ERPNext's General Ledger on the same company, accounts and period
  (time; target ≤ 1);
- Sales Expense Ledger statements over a quarter of the claim lines and over all of them
  (target: equal);
- a claim of 20 lines: its submit / the submit of the same Journal Entry it posts
  (time; target ≤ 1.5).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

LINES_PER_CLAIM = 20
EMPLOYEE = "_NQ Bench Expense Employee"
TYPE = "差旅费"
LEDGER_TARGET, SUBMIT_TARGET = 1.0, 1.5


def main() -> None:
	parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
	parser.add_argument("--site", required=True)
	parser.add_argument("--lines", type=int, default=10_000)
	parser.add_argument("--runs", type=int, default=5)
	args = parser.parse_args()
	from benchmarks import book
	from benchmarks.site import connected

	with connected(args.site):
		company = book.books()[1].company
		run(company, args.lines, args.runs)


def run(company: str, lines: int, runs: int) -> list[tuple[str, str, str, str]]:
	ensure_book(company, lines)
	rows = ledger_rows(company, runs) + count_rows(company) + submit_rows(company, runs)
	print("| measurement | measured | target | met |")
	print("|---|---|---|---|")
	for row in rows:
		print("| " + " | ".join(row) + " |")
	return rows


# ----------------------------------------------------------------------------- the book


def claim_lines(company: str) -> int:
	import frappe

	line, claim = frappe.qb.DocType("Sales Expense Claim Line"), frappe.qb.DocType("Sales Expense Claim")
	from frappe.query_builder.functions import Count

	return (
		frappe.qb.from_(line)
		.join(claim)
		.on(line.parent == claim.name)
		.select(Count(line.name))
		.where((claim.company == company) & (claim.docstatus == 1))
		.run()[0][0]
	)


def set_rules(enabled: int, names: list[str]) -> None:
	"""The shipped expense review rules on or off in this transaction (their caches cleared)."""
	import frappe

	from neiqin.dual_review.rules import clear_governed_cache

	for name in names:
		frappe.db.set_value("Review Rule", name, "enabled", enabled)
	clear_governed_cache()


def expense_rules() -> list[str]:
	import frappe

	return frappe.get_all(
		"Review Rule", filters={"document_type": ("like", "Sales Expense%"), "enabled": 1}, pluck="name"
	)


def ensure_book(company: str, lines: int) -> None:
	import frappe
	from frappe.utils import add_days, nowdate

	from neiqin.demo import builders

	accounts = builders.ensure_expense_setup(company)
	employee = builders.ensure_employee(company, EMPLOYEE)
	territory = frappe.db.get_value("Territory", {"is_group": 0}, "name", order_by="lft")
	rules = expense_rules()
	set_rules(0, rules)
	frappe.db.commit()
	try:
		made = claim_lines(company)
		while made < lines:
			day = add_days(nowdate(), -365 + (made * 360 // lines))
			claim_of(company, employee, territory, day, made).submit()
			frappe.db.commit()
			made += LINES_PER_CLAIM
	finally:
		set_rules(1, rules)
		frappe.db.commit()
	print(f"expense book: {claim_lines(company)} claim lines on {company} ({accounts.expense_account})")


def claim_of(company: str, employee: str, territory: str, day, seed: int, submit_request: bool = True):
	"""A draft claim of 20 lines on a new approved request dated `day`."""
	import frappe

	request = frappe.get_doc(
		{
			"doctype": "Sales Expense Request",
			"company": company,
			"requested_by": "Administrator",
			"employee": employee,
			"territory": territory,
			"expense_type": TYPE,
			"purpose": f"NQB expense {seed}",
			"estimated_amount": 100 * LINES_PER_CLAIM,
			"posting_date": day,
		}
	).insert()
	frappe.db.set_value("Sales Expense Request", request.name, "posting_date", day)
	request.reload()
	request.submit()
	return frappe.get_doc(
		{
			"doctype": "Sales Expense Claim",
			"company": company,
			"requested_by": "Administrator",
			"employee": employee,
			"posting_date": day,
			"lines": [
				{
					"expense_date": day,
					"expense_type": TYPE,
					"sales_expense_request": request.name,
					"amount": 50 + (seed + i) % 50,
					"receipt_number": f"NQB{seed:06d}{i:02d}",
					"receipt_attachment": "/files/nqb-receipt.pdf",
				}
				for i in range(LINES_PER_CLAIM)
			],
		}
	).insert()


# ----------------------------------------------------------------------------- measurements


def ledger_filters(company: str, from_date, to_date) -> tuple[dict, dict]:
	import frappe

	accounts = frappe.get_all(
		"Sales Expense Type Account", filters={"company": company}, pluck="expense_account", distinct=True
	)
	ours = {"company": company, "from_date": from_date, "to_date": to_date, "group_by": "Expense Type"}
	theirs = {
		"company": company,
		"from_date": from_date,
		"to_date": to_date,
		"account": accounts,
		"group_by": "Group by Voucher (Consolidated)",
		"include_dimensions": 0,
	}
	return ours, theirs


def ledger_rows(company: str, runs: int):
	from frappe.utils import add_days, nowdate

	from benchmarks.measure import compare, ratio, timed
	from benchmarks.table import report_runner

	ours, theirs = ledger_filters(company, add_days(nowdate(), -366), nowdate())
	mine, erp = report_runner("Sales Expense Ledger", ours), report_runner("General Ledger", theirs)
	a, b = compare(("ledger", lambda: timed(mine)), ("general ledger", lambda: timed(erp)), runs)
	value = ratio(a, b)
	return [
		(
			f"Sales Expense Ledger / General Ledger (time, {company}, last year)",
			f"{value:.2f} ({a.median * 1000:.0f} / {b.median * 1000:.0f} ms; {a.count} / {b.count} statements)",
			f"≤ {LEDGER_TARGET:g}",
			"yes" if value <= LEDGER_TARGET else "**no**",
		)
	]


def count_rows(company: str):
	from frappe.utils import add_days, nowdate

	from benchmarks.measure import timed
	from benchmarks.table import report_runner

	quarter, _ = ledger_filters(company, add_days(nowdate(), -92), nowdate())
	year, _ = ledger_filters(company, add_days(nowdate(), -366), nowdate())
	counts = []
	for filters in (quarter, year):
		work = report_runner("Sales Expense Ledger", filters)
		work()
		counts.append(len(timed(work)[1]))
	return [
		(
			"Sales Expense Ledger statements: a quarter of the claim lines / all of them",
			f"{counts[0]} / {counts[1]}",
			"equal",
			"yes" if counts[0] == counts[1] else "**no**",
		)
	]


def submit_rows(company: str, runs: int):
	import frappe
	from frappe.utils import nowdate

	from benchmarks.measure import compare, ratio, timed

	employee = frappe.db.get_value("Employee", {"first_name": EMPLOYEE, "company": company})
	territory = frappe.db.get_value("Territory", {"is_group": 0}, "name", order_by="lft")
	rules = expense_rules()

	def claim_sample():
		# the claim's review is not what is measured: the rules are off inside the sample only
		set_rules(0, rules)
		try:
			claim = claim_of(company, employee, territory, nowdate(), 900_000)
			return timed(claim.submit)
		finally:
			frappe.db.rollback()
			set_rules(1, rules)

	def journal_sample():
		set_rules(0, rules)
		try:
			claim = claim_of(company, employee, territory, nowdate(), 900_000)
			claim.submit()
			je = frappe.copy_doc(frappe.get_doc("Journal Entry", claim.journal_entry))
			je.sales_expense_claim = None

			def post():  # what the claim does to post it: insert and submit
				je.insert()
				je.submit()

			return timed(post)
		finally:
			frappe.db.rollback()
			set_rules(1, rules)

	a, b = compare(("claim", claim_sample), ("journal entry", journal_sample), runs)
	value = ratio(a, b)
	return [
		(
			f"Sales Expense Claim submit ({LINES_PER_CLAIM} lines) / the insert and submit of its Journal Entry",
			f"{value:.2f} ({a.median * 1000:.0f} / {b.median * 1000:.0f} ms; {a.count} / {b.count} statements)",
			f"≤ {SUBMIT_TARGET:g}",
			"yes" if value <= SUBMIT_TARGET else "**no**",
		)
	]


if __name__ == "__main__":
	main()
