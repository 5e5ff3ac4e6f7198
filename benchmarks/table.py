"""The one benchmark command: every ratio of issue 12 measured in one run, printed as one table.

Not a test (never run by `./run-tests`). Run it from the bench's sites folder on the
benchmark site, after `benchmarks/book.py` has built the book:

    cd ~/frappe-bench/sites
    nice -n 10 ../env/bin/python /path/to/neiqin/benchmarks/table.py \\
        --site neiqin-bench.localhost [--runs 5] [--only reports,counts,submits,refresh,review]

Everything it creates for a measurement (the documents submitted, the drafts reviewed) is
made inside the run's transaction and rolled back after each sample, so the book is the
same after the run as before. The only things it commits (once) are a Review Rule on
Delivery Notes of one customer and two reviewer users, which the governed-submit and
`Awaiting My Review` rows need.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REVIEWERS = ("nq-bench-reviewer-1@example.com", "nq-bench-reviewer-2@example.com")
RULE_TITLE = "_NQ Bench Delivery Review"
GOVERNED_CUSTOMER = "_NQ Bench Customer 40"
PLAIN_CUSTOMER = "_NQ Bench Customer 39"
SUBMIT_LINES = 10
PAYMENT_INVOICES = 5
DRAFTS = (6, 600)

# neiqin report → (the ERPNext report it is compared with, target ratio)
PAIRS = {
	"Contract Fulfilment Statistics": ("Sales Order Analysis", 0.25),
	"Contract Receivables": ("Accounts Receivable", 1.0),
	"Daily Sales Report": ("Sales Register", 1.0),
	"Daily Receipts Detail": ("Sales Payment Summary", 1.0),
	"Sales Finance Reconciliation": ("Delivered Items To Be Billed", 1.0),
	# plans and follow-up (issue 22): the fiscal year of the range's end, all 6 sales persons
	"Plan Attainment": ("Sales Person Target Variance Based On Item Group", 1.0),
	"Collection Follow-up Board": ("Accounts Receivable", 1.0),
}
DAILY = ("Daily Sales Report", "Daily Receipts Detail")
SUBMIT_TARGET = 1.10
REFRESH_TARGET = (0.8, 1.25)  # "≈ 1" on a noisy machine


def main() -> None:
	parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
	parser.add_argument("--site", required=True)
	parser.add_argument("--runs", type=int, default=5, help="timed samples per side (default 5)")
	parser.add_argument(
		"--submit-runs",
		type=int,
		default=4,
		help="timed submits per side (default 4; each needs its own documents)",
	)
	parser.add_argument(
		"--smoke", action="store_true", help="a quick check of the script: the small book only, 1 run"
	)
	parser.add_argument(
		"--only", default="", help="comma-separated parts: reports,counts,submits,refresh,review"
	)
	args = parser.parse_args()
	parts = {p.strip() for p in args.only.split(",") if p.strip()} or {
		"reports",
		"counts",
		"submits",
		"refresh",
		"review",
	}

	from benchmarks.site import connected

	with connected(args.site):
		run(parts, 1 if args.smoke else args.runs, 1 if args.smoke else args.submit_runs, args.smoke)


def run(parts: set[str], runs: int, submit_runs: int, smoke: bool = False) -> None:
	from benchmarks import book

	small, big = book.books()
	if smoke:
		big = small
	rows: list[tuple[str, str, str, str]] = []
	slow: dict[str, object] = {}  # report that missed its target -> its run, for EXPLAIN
	started = time.perf_counter()
	print(machine(), flush=True)
	print(
		f"book: {book.order_lines(big.company)} order lines on {big.company}, "
		f"{book.order_lines(small.company)} on {small.company}",
		flush=True,
	)
	if "reports" in parts:
		rows += report_rows(big.company, runs, slow)
	if "counts" in parts:
		rows += count_rows(small.company, big.company)
	if parts & {"submits", "review"}:
		ensure_review_setup(big.company)
	if "submits" in parts:
		rows += submit_rows(big.company, submit_runs)
	if "refresh" in parts:
		rows += refresh_rows(small.company, big.company, runs)
	if "review" in parts:
		rows += review_rows(big.company, (DRAFTS[0], 60) if smoke else DRAFTS)
	print()
	print("| measurement | measured | target | met |")
	print("|---|---|---|---|")
	for row in rows:
		print("| " + " | ".join(row) + " |")
	missed = [row[0] for row in rows if row[3] == "**no**"]
	print()
	print(
		f"{len(rows)} rows, {len(missed)} target(s) missed; the run took {time.perf_counter() - started:.0f} s"
	)
	for name in missed:
		print(f"  MISSED: {name}")
	if slow:
		from benchmarks.explain import report

		for name, work in slow.items():
			print(f"\n## {name}: its slowest statements on {big.company}, with EXPLAIN\n")
			print(report(work, top=2))


def machine() -> str:
	import frappe

	mem = next(line for line in open("/proc/meminfo") if line.startswith("MemTotal")).split()[1]
	head = subprocess.run(
		["git", "-C", str(ROOT), "log", "-1", "--format=%h %s"], capture_output=True, text=True
	).stdout.strip()
	dirty = subprocess.run(
		["git", "-C", str(ROOT), "status", "--porcelain", "neiqin"], capture_output=True, text=True
	).stdout.strip()
	if dirty:
		head += " (+ uncommitted changes under neiqin/)"
	return (
		f"machine: {os.cpu_count()} CPU ({platform.processor() or platform.machine()}), "
		f"{int(mem) / 1024 / 1024:.1f} GiB RAM, MariaDB {frappe.db.sql('select version()')[0][0]}, "
		f"Python {platform.python_version()}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}\n"
		f"code: {head}"
	)


def verdict(ok: bool) -> str:
	return "yes" if ok else "**no**"


# ----------------------------------------------------------------------------- reports


def date_range(days: int = 400) -> tuple[str, str]:
	from frappe.utils import add_days, nowdate

	return add_days(nowdate(), -days), nowdate()


def neiqin_filters(company: str, from_date: str, to_date: str) -> dict[str, dict]:
	dates = {"company": company, "from_date": from_date, "to_date": to_date}
	return {
		"Contract Fulfilment Statistics": {**dates, "periodicity": "Monthly", "group_by": "Customer"},
		"Contract Receivables": {
			"company": company,
			"as_of_date": to_date,
			"range": "30, 60, 90, 120",
			"only_outstanding": 1,
		},
		"Contract Entry SLA": {**dates, "only_late": 0},
		"Daily Sales Report": {**dates, "group_by": "Customer"},
		"Daily Receipts Detail": dates,
		"Daily Sales Statistics": dates,
		"Sales Finance Reconciliation": dates,
		"Sales Material Ledger": dates,
		"Material Dispatch Register": dates,
		"Courier Fee Settlement": dates,
		"Review Audit Trail": {"from_date": from_date, "to_date": to_date},
		"Awaiting My Review": {},
		"Plan Attainment": {
			"company": company,
			"fiscal_year": fiscal_year(company, to_date),
			"periodicity": "Monthly",
		},
		"Collection Follow-up Board": {
			"company": company,
			"report_date": to_date,
			"range": "30, 60, 90, 120",
		},
		"Weekly Summary Roll-up": {"company": company, "week_start": monday(to_date)},
	}


def fiscal_year(company: str, on_date: str) -> str:
	from erpnext.accounts.utils import get_fiscal_year

	return get_fiscal_year(on_date, company=company)[0]


def monday(on_date: str) -> str:
	from frappe.utils import getdate

	from neiqin.sales_plans.rules import week_start

	return str(week_start(getdate(on_date)))


def erpnext_filters(company: str, from_date: str, to_date: str) -> dict[str, dict]:
	dates = {"company": company, "from_date": from_date, "to_date": to_date}
	return {
		"Sales Order Analysis": {**dates, "group_by_so": 0},
		"Accounts Receivable": {
			"company": company,
			"report_date": to_date,
			"ageing_based_on": "Due Date",
			"calculate_ageing_with": "Report Date",
			"range": "30, 60, 90, 120",
		},
		"Sales Register": dates,
		"Sales Payment Summary": dates,
		"Delivered Items To Be Billed": {"company": company, "posting_date": to_date},
		"Sales Person Target Variance Based On Item Group": {
			"company": company,
			"fiscal_year": fiscal_year(company, to_date),
			"doctype": "Sales Order",
			"period": "Monthly",
			"target_on": "Amount",
		},
	}


def report_runner(name: str, filters: dict, user: str = "Administrator"):
	"""What the desk runs for a script report (frappe's generate_report_result), whether or
	not the report is set to run as a Prepared Report."""
	import frappe
	from frappe.desk.query_report import generate_report_result

	report = frappe.get_doc("Report", name)

	def work():
		return generate_report_result(report, frappe._dict(filters), user=user)

	return work


def report_rows(company: str, runs: int, slow: dict) -> list[tuple[str, str, str, str]]:
	from benchmarks.measure import compare, peak_memory, ratio, timed

	rows = []
	cases = [(name, other, target, 400) for name, (other, target) in PAIRS.items()]
	# the daily reports are opened for a day or a month: the same comparison over the last month
	cases += [(name, PAIRS[name][0], PAIRS[name][1], 31) for name in DAILY]
	for name, other, target, days in cases:
		from_date, to_date = date_range(days)
		ours = neiqin_filters(company, from_date, to_date)
		theirs = erpnext_filters(company, from_date, to_date)
		mine, erp = report_runner(name, ours[name]), report_runner(other, theirs[other])
		a, b = compare((name, lambda w=mine: timed(w)), (other, lambda w=erp: timed(w)), runs)
		a.peak, b.peak = peak_memory(mine), peak_memory(erp)
		value = ratio(a, b)
		print(
			f"  {name}: {a.median * 1000:.0f} ms, {a.count} statements, peak {a.peak / 2**20:.1f} MiB | "
			f"{other}: {b.median * 1000:.0f} ms, {b.count} statements, peak {b.peak / 2**20:.1f} MiB",
			flush=True,
		)
		if value > target and days == 400:
			slow[name] = mine
		rows.append(
			(
				f"{name} / {other} (time, {company}, last {days} days)",
				f"{value:.2f} ({a.median * 1000:.0f} / {b.median * 1000:.0f} ms; "
				f"peak {a.peak / 2**20:.1f} / {b.peak / 2**20:.1f} MiB)",
				f"≤ {target:g}",
				verdict(value <= target),
			)
		)
	return rows


def count_rows(small: str, big: str) -> list[tuple[str, str, str, str]]:
	"""Every neiqin report's SQL statements on three sizes of data: the 200-line book, a
	quarter of the big book (≈ N) and the whole big book (≈ 4N, 100 × the small book)."""
	from benchmarks.measure import timed

	sizes = (
		("200-line book", small, date_range()),
		("big book, last 120 days", big, date_range(120)),
		("big book, 400 days", big, date_range()),
	)
	counts: dict[str, list[int]] = {}
	for _label, company, (from_date, to_date) in sizes:
		for name, filters in neiqin_filters(company, from_date, to_date).items():
			work = report_runner(name, filters)
			work()  # warm: metadata and caches
			counts.setdefault(name, []).append(len(timed(work)[1]))
	print("  statement counts (" + " / ".join(label for label, _c, _d in sizes) + "):", flush=True)
	rows = []
	for name, values in counts.items():
		print(f"    {name}: {values}", flush=True)
		# the target compares ≈N with ≈4N (the same book); the 200-line book is shown too, but
		# where it has no document of a kind a query that has nothing to ask is not sent
		rows.append(
			(
				f"{name}: SQL statements at 200 lines / ≈N / ≈4N",
				" / ".join(str(v) for v in values),
				"≈N = ≈4N",
				verdict(values[1] == values[2]),
			)
		)
	return rows


# ----------------------------------------------------------------------------- review set-up


def ensure_review_setup(company: str) -> str:
	"""Two reviewers and an enabled rule on one customer's Delivery Notes, with a condition
	(so Awaiting My Review must look at each draft). Committed once, reused afterwards."""
	import frappe

	from tests.integration import factories

	for email in REVIEWERS:
		factories.ensure_user(email, ["Sales Reviewer"])
	name = frappe.db.get_value("Review Rule", {"title": RULE_TITLE})
	if not name:
		rule = frappe.get_doc(
			{
				"doctype": "Review Rule",
				"title": RULE_TITLE,
				"document_type": "Delivery Note",
				"enabled": 1,
				"min_reviewers": 2,
				"reviewer_roles": [{"role": "Sales Reviewer"}],
				"condition": f'doc.customer == "{GOVERNED_CUSTOMER}"',
			}
		).insert(ignore_permissions=True)
		name = rule.name
		frappe.db.commit()
	return name


# ----------------------------------------------------------------------------- submits


def _masters(company: str) -> dict:
	import frappe

	from benchmarks import book

	items = frappe.get_all(
		"Item", filters={"item_code": ("like", "_NQ Bench Item %")}, pluck="name", order_by="name"
	)
	return {
		"warehouse": frappe.db.get_value("Warehouse", {"company": company, "warehouse_name": "Stores"}),
		"items": items,
		"seller": "_NQ Bench Seller 1",
		"currency": book.CURRENCY,
	}


def _order(company: str, customer: str, masters: dict, lines: int = SUBMIT_LINES):
	"""A submitted Sales Order of today (neiqin's hooks on: it gets its table, as in life)."""
	import frappe
	from frappe.utils import add_days, nowdate

	order = frappe.get_doc(
		{
			"doctype": "Sales Order",
			"company": company,
			"customer": customer,
			"transaction_date": nowdate(),
			"delivery_date": add_days(nowdate(), 10),
			"currency": masters["currency"],
			"set_warehouse": masters["warehouse"],
			"items": [
				{"item_code": code, "qty": 5 + n, "rate": 50, "warehouse": masters["warehouse"]}
				for n, code in enumerate(masters["items"][:lines])
			],
			"sales_team": [{"sales_person": masters["seller"], "allocated_percentage": 100}],
		}
	)
	order.insert(ignore_permissions=True)
	order.submit()
	return order


def _delivery_note(company: str, customer: str, masters: dict, governed: bool = False):
	import frappe
	from erpnext.selling.doctype.sales_order.sales_order import make_delivery_note

	order = _order(company, customer, masters)
	note = make_delivery_note(order.name)
	note.items[0].qty = 1  # a partial delivery
	note.insert(ignore_permissions=True)
	if governed:
		from neiqin.dual_review.api import review

		for reviewer in REVIEWERS:
			frappe.set_user(reviewer)
			try:
				review("Delivery Note", note.name, "Approved", comment="benchmark")
			finally:
				frappe.set_user("Administrator")
		note.reload()
	return note


def _sales_invoice(company: str, customer: str, masters: dict):
	from erpnext.selling.doctype.sales_order.sales_order import make_sales_invoice

	invoice = make_sales_invoice(_order(company, customer, masters, lines=3).name)
	invoice.insert(ignore_permissions=True)
	return invoice


def _payment_over_invoices(company: str, customer: str, masters: dict):
	from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry

	invoices = []
	for _n in range(PAYMENT_INVOICES):
		invoice = _sales_invoice(company, customer, masters)
		invoice.submit()
		invoices.append(invoice)
	payment = get_payment_entry("Sales Invoice", invoices[0].name)
	payment.set("references", [])
	total = 0
	for invoice in invoices:
		payment.append(
			"references",
			{
				"reference_doctype": "Sales Invoice",
				"reference_name": invoice.name,
				"total_amount": invoice.grand_total,
				"outstanding_amount": invoice.outstanding_amount,
				"allocated_amount": invoice.outstanding_amount,
			},
		)
		total += invoice.outstanding_amount
	payment.paid_amount = payment.received_amount = total
	payment.base_paid_amount = payment.base_received_amount = total
	payment.reference_no = "NQB-benchmark"
	payment.insert(ignore_permissions=True)
	return payment


def submit_sample(make_draft, hooks_on: bool):
	"""Make the draft (and what it needs) with neiqin's hooks on, then time its submit with
	them on or off, including the callbacks the transaction runs before it commits; roll back."""
	import frappe

	from benchmarks.hooks import neiqin_hooks_off
	from benchmarks.measure import timed

	def sample():
		try:
			doc = make_draft()
			frappe.db.before_commit.run()  # the set-up's own deferred work, not timed

			def submit():
				if hooks_on:
					doc.submit()
				else:
					with neiqin_hooks_off():
						doc.submit()
				frappe.db.before_commit.run()

			return timed(submit)
		finally:
			frappe.db.rollback()

	return sample


def submit_rows(company: str, runs: int) -> list[tuple[str, str, str, str]]:
	from benchmarks.measure import compare, ratio

	masters = _masters(company)
	cases = {
		f"Delivery Note submit ({SUBMIT_LINES} lines, no rule applies)": lambda: _delivery_note(
			company, PLAIN_CUSTOMER, masters
		),
		f"Delivery Note submit ({SUBMIT_LINES} lines, governed, quorum of 2 met)": lambda: _delivery_note(
			company, GOVERNED_CUSTOMER, masters, governed=True
		),
		"Sales Invoice submit (3 lines, from an order)": lambda: _sales_invoice(
			company, PLAIN_CUSTOMER, masters
		),
		f"Payment Entry submit over {PAYMENT_INVOICES} invoices": lambda: _payment_over_invoices(
			company, PLAIN_CUSTOMER, masters
		),
	}
	rows = []
	for label, make in cases.items():
		on, off = compare(
			("neiqin on", submit_sample(make, True)), ("neiqin off", submit_sample(make, False)), runs
		)
		value = ratio(on, off)
		extra = on.count - off.count
		print(
			f"  {label}: on {on.median * 1000:.0f} ms / {on.count} statements, "
			f"off {off.median * 1000:.0f} ms / {off.count} statements",
			flush=True,
		)
		rows.append(
			(
				f"{label}: time with neiqin / without",
				f"{value:.2f} ({on.median * 1000:.0f} / {off.median * 1000:.0f} ms); "
				f"+{extra} SQL statements ({on.count} vs {off.count})",
				f"≤ {SUBMIT_TARGET:g}",
				verdict(value <= SUBMIT_TARGET),
			)
		)
	return rows


# ----------------------------------------------------------------------------- refresh


REFRESH_LINES = 40  # the book's orders have 25–50 lines
REFRESH_REPEATS = 5  # refreshes timed per sample (each after its table was put one number off)


def _refreshed_order(company: str, masters: dict):
	"""The same order in either book: REFRESH_LINES lines, a partial delivery of half of
	them, an invoice of that delivery and a payment of half the invoice — made with neiqin's
	hooks on (its table is written at the end, as in life), inside the caller's transaction."""
	import frappe
	from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry
	from erpnext.selling.doctype.sales_order.sales_order import make_delivery_note
	from erpnext.stock.doctype.delivery_note.delivery_note import make_sales_invoice

	order = _order(company, PLAIN_CUSTOMER, masters, lines=REFRESH_LINES)
	note = make_delivery_note(order.name)
	note.set("items", note.items[: REFRESH_LINES // 2])
	note.items[0].qty = 1  # one line short
	note.insert(ignore_permissions=True)
	note.submit()
	invoice = make_sales_invoice(note.name)
	invoice.insert(ignore_permissions=True)
	invoice.submit()
	payment = get_payment_entry("Sales Invoice", invoice.name, party_amount=invoice.grand_total / 2)
	payment.reference_no = "NQB-benchmark"
	payment.reference_date = frappe.utils.nowdate()
	payment.insert(ignore_permissions=True)
	payment.submit()
	frappe.db.before_commit.run()  # its table, written before the timed part
	return order.name


def refresh_sample(company: str, masters: dict):
	"""neiqin's refresh of the same order made in `company`'s book, its stored table one
	number off (so it is rewritten): the mean of REFRESH_REPEATS refreshes; the order and its
	documents are rolled back."""
	import frappe

	from benchmarks.measure import timed
	from neiqin.contract_fulfilment.recompute import recompute

	def sample():
		try:
			sales_order = _refreshed_order(company, masters)
			elapsed = 0.0
			for _n in range(REFRESH_REPEATS):  # a refresh is ~50 ms: one alone is mostly noise
				frappe.db.sql(
					"""update `tabContract Fulfilment Item` set delivered_qty = delivered_qty + 1
					where parent = %s order by idx limit 1""",
					sales_order,
				)
				seconds, statements = timed(lambda: recompute(sales_order))
				elapsed += seconds
			return elapsed / REFRESH_REPEATS, statements
		finally:
			frappe.db.rollback()

	return sample


def refresh_rows(small: str, big: str, runs: int) -> list[tuple[str, str, str, str]]:
	from benchmarks.measure import compare, ratio

	a, b = compare(
		("20k book", refresh_sample(big, _masters(big))),
		("200-line book", refresh_sample(small, _masters(small))),
		runs,
	)
	value = ratio(a, b)
	print(
		f"  refresh of the same order: big book {a.median * 1000:.0f} ms / {a.count} statements; "
		f"small book {b.median * 1000:.0f} ms / {b.count} statements",
		flush=True,
	)
	low, high = REFRESH_TARGET
	return [
		(
			f"one order's fulfilment refresh (the same {REFRESH_LINES}-line order, delivery, invoice "
			"and payment made in each book): 20k book / 200-line book",
			f"{value:.2f} ({a.median * 1000:.0f} / {b.median * 1000:.0f} ms; {a.count} / {b.count} statements)",
			"≈ 1",
			verdict(low <= value <= high),
		)
	]


# ----------------------------------------------------------------------------- review


def _drafts(company: str, masters: dict, count: int) -> None:
	"""Draft Delivery Notes of the governed customer, made by Administrator."""
	import frappe

	for n in range(count):
		frappe.get_doc(
			{
				"doctype": "Delivery Note",
				"company": company,
				"customer": GOVERNED_CUSTOMER,
				"currency": masters["currency"],
				"set_warehouse": masters["warehouse"],
				"items": [
					{
						"item_code": masters["items"][n % len(masters["items"])],
						"qty": 1,
						"rate": 50,
						"warehouse": masters["warehouse"],
					}
				],
			}
		).insert(ignore_permissions=True)


def review_rows(company: str, drafts: tuple[int, int] = DRAFTS) -> list[tuple[str, str, str, str]]:
	import frappe

	from benchmarks.measure import timed

	masters = _masters(company)
	existing = frappe.db.count("Delivery Note", {"docstatus": 0, "customer": GOVERNED_CUSTOMER})
	results = {}
	try:
		made = existing
		for wanted in drafts:
			_drafts(company, masters, max(0, wanted - made))
			made = max(made, wanted)
			work = report_runner("Awaiting My Review", {}, user=REVIEWERS[0])
			frappe.set_user(REVIEWERS[0])
			try:
				rows = len(work()["result"])  # warm
				elapsed, statements = timed(work)
			finally:
				frappe.set_user("Administrator")
			results[wanted] = (elapsed, len(statements), rows)
			print(
				f"  Awaiting My Review with {wanted} drafts: {elapsed * 1000:.0f} ms, "
				f"{len(statements)} statements, {rows} rows",
				flush=True,
			)
	finally:
		frappe.db.rollback()
	(t_few, few, rows_few), (t_many, many, rows_many) = results[drafts[0]], results[drafts[1]]
	return [
		(
			f"Awaiting My Review: SQL statements with {drafts[1]} drafts / {drafts[0]}",
			f"{many} / {few} (time {t_many * 1000:.0f} / {t_few * 1000:.0f} ms; rows {rows_many} / {rows_few})",
			"equal",
			verdict(many == few),
		)
	]


if __name__ == "__main__":
	sys.path.insert(0, str(ROOT))
	os.environ.setdefault("PYTHONUNBUFFERED", "1")
	main()
