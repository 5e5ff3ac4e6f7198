"""Benchmark: `Contract Fulfilment Statistics` (reads the fulfilment tables) against ERPNext's
`Sales Order Analysis` (reads the transaction tables) on the same generated data.

Not a test. Run it from the bench's sites folder with the bench's Python, on a site of your
own (never a production site: it creates a company and thousands of documents):

    cd ~/frappe-bench/sites
    ../env/bin/python /path/to/neiqin/benchmarks/contract_fulfilment_statistics.py \\
        --site nq-fulfil-reports.localhost --lines 3000 --runs 7

What it does:
1. Creates (once) the dedicated company `_NQ Bench Company` with its customers, sales people,
   territories, item groups and items, and a backdated stock receipt.
2. Generates submitted Sales Orders through ERPNext's API until the company has `--lines`
   order lines, dated 60-365 days ago (delivery dates all in the past, so the daily
   reminder ignores them), with partial Delivery Notes, Sales Invoices and Payment Entries.
   neiqin's document hooks keep the fulfilment tables current as they are submitted; any
   order still without a table gets one from `recompute()`. Re-running reuses what exists.
3. Runs each report once to warm caches, then `--runs` times alternately, timing
   `execute(filters)` over the same date range; prints the median times, their ratio
   (Sales Order Analysis / Contract Fulfilment Statistics) and the peak Python memory of one
   run of each (tracemalloc).

`--cleanup` deletes the generated transactions and fulfilment tables of the bench company
afterwards (masters are kept, they are cheap and named `_NQ Bench …`).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics as stats
import sys
import time
import tracemalloc
from pathlib import Path

COMPANY = "_NQ Bench Company"
ABBR = "_NQB"
CURRENCY = "CNY"
CUSTOMERS = 25
ITEM_GROUPS = ("_NQ Bench Raw", "_NQ Bench Parts", "_NQ Bench Finished")
ITEMS_PER_GROUP = 4
TERRITORIES = ("_NQ Bench North", "_NQ Bench South", "_NQ Bench West")
SELLERS = 5
SEED = 20261126


def main() -> None:
	parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
	parser.add_argument("--site", required=True)
	parser.add_argument("--lines", type=int, default=3000, help="order lines to have (default 3000)")
	parser.add_argument("--runs", type=int, default=7, help="timed runs per report (default 7)")
	parser.add_argument("--cleanup", action="store_true", help="delete the generated documents at the end")
	args = parser.parse_args()

	import frappe

	sites = Path.cwd()
	if not (sites / args.site / "site_config.json").exists():
		sys.exit(f"Run from the bench's sites folder; {args.site} not found in {sites}")
	frappe.init(site=args.site, sites_path=str(sites))
	frappe.connect()
	frappe.set_user("Administrator")
	frappe.flags.mute_emails = True
	try:
		masters = ensure_masters()
		generate(masters, args.lines)
		build_missing_tables()
		compare(args.runs)
		if args.cleanup:
			cleanup()
	finally:
		frappe.destroy()


# ----------------------------------------------------------------------------- data


def ensure_masters() -> dict:
	import frappe
	from frappe.utils import add_days, nowdate

	from tests.integration import factories

	factories.ensure_setup_complete()
	for offset in (0, -400):
		factories.ensure_fiscal_year(add_days(nowdate(), offset))
	if not frappe.db.exists("Company", COMPANY):
		print(f"creating company {COMPANY} …", flush=True)
		factories.ensure_company(COMPANY, ABBR)
	warehouse = frappe.db.get_value("Warehouse", {"company": COMPANY, "warehouse_name": "Stores"})
	for territory in TERRITORIES:
		factories.ensure_tree("Territory", territory, "All Territories")
	for group in ITEM_GROUPS:
		factories.ensure_tree("Item Group", group, "All Item Groups")
	customer_group = factories.ensure_tree("Customer Group", "_NQ Bench Customers", "All Customer Groups")
	customers = []
	for n in range(1, CUSTOMERS + 1):
		name = f"_NQ Bench Customer {n:02d}"
		if not frappe.db.exists("Customer", name):
			frappe.get_doc(
				{
					"doctype": "Customer",
					"customer_name": name,
					"customer_group": customer_group,
					"territory": TERRITORIES[n % len(TERRITORIES)],
				}
			).insert(ignore_permissions=True)
		customers.append(name)
	sellers = []
	for n in range(1, SELLERS + 1):
		name = f"_NQ Bench Seller {n}"
		if not frappe.db.exists("Sales Person", name):
			frappe.get_doc(
				{"doctype": "Sales Person", "sales_person_name": name, "parent_sales_person": "Sales Team"}
			).insert(ignore_permissions=True)
		sellers.append(name)
	items = {}
	for g, group in enumerate(ITEM_GROUPS):
		for n in range(1, ITEMS_PER_GROUP + 1):
			code = f"_NQ Bench Item {g + 1}{n:02d}"
			if not frappe.db.exists("Item", code):
				frappe.get_doc(
					{
						"doctype": "Item",
						"item_code": code,
						"item_name": code,
						"item_group": group,
						"stock_uom": "Nos",
						"is_stock_item": 1,
						"valuation_rate": 10 * (g + 1),
					}
				).insert(ignore_permissions=True)
			items[code] = 20.0 * (g + 1) + n
	if not frappe.db.exists("Stock Entry", {"company": COMPANY, "docstatus": 1}):
		receipt = frappe.get_doc(
			{
				"doctype": "Stock Entry",
				"stock_entry_type": "Material Receipt",
				"company": COMPANY,
				"set_posting_time": 1,
				"posting_date": add_days(nowdate(), -400),
				"items": [
					{"item_code": code, "qty": 1_000_000, "t_warehouse": warehouse, "basic_rate": rate / 2}
					for code, rate in items.items()
				],
			}
		)
		receipt.insert(ignore_permissions=True)
		receipt.submit()
	frappe.db.commit()
	return {"warehouse": warehouse, "customers": customers, "sellers": sellers, "items": items}


def existing_lines() -> int:
	import frappe

	so = frappe.qb.DocType("Sales Order")
	soi = frappe.qb.DocType("Sales Order Item")
	from frappe.query_builder.functions import Count

	return (
		frappe.qb.from_(soi)
		.inner_join(so)
		.on(soi.parent == so.name)
		.select(Count("*"))
		.where((so.company == COMPANY) & (so.docstatus == 1))
		.run()[0][0]
	)


def generate(masters: dict, lines_wanted: int) -> None:
	import frappe
	from frappe.utils import add_days, getdate, nowdate

	have = existing_lines()
	if have >= lines_wanted:
		print(f"{have} order lines already on {COMPANY}: reusing them", flush=True)
		return
	rng = random.Random(SEED + have)
	today = getdate(nowdate())
	codes = list(masters["items"])
	started, orders = time.perf_counter(), 0
	print(f"generating {lines_wanted - have} order lines …", flush=True)
	while have < lines_wanted:
		transaction_date = getdate(add_days(today, -rng.randint(60, 365)))
		count = min(rng.randint(1, 9), lines_wanted - have)
		lines = []
		for code in rng.sample(codes, count):
			lines.append(
				{
					"item_code": code,
					"qty": rng.randint(1, 50),
					"rate": masters["items"][code],
					"warehouse": masters["warehouse"],
					"delivery_date": add_days(transaction_date, rng.randint(10, 50)),
				}
			)
		order = frappe.get_doc(
			{
				"doctype": "Sales Order",
				"company": COMPANY,
				"customer": rng.choice(masters["customers"]),
				"transaction_date": transaction_date,
				"delivery_date": max(line["delivery_date"] for line in lines),
				"currency": CURRENCY,
				"set_warehouse": masters["warehouse"],
				"items": lines,
				"sales_team": [{"sales_person": rng.choice(masters["sellers"]), "allocated_percentage": 100}],
			}
		)
		order.insert(ignore_permissions=True)
		order.submit()
		follow_up(order, rng, today)
		have += count
		orders += 1
		if orders % 20 == 0:
			frappe.db.commit()
			rate = have / (time.perf_counter() - started)
			print(f"  {have} lines in {orders} new orders ({rate:.1f} lines/s)", flush=True)
	frappe.db.commit()


def follow_up(order, rng: random.Random, today) -> None:
	"""Deliver part of most orders, invoice part of the deliveries, collect part of the invoices."""
	from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry
	from erpnext.selling.doctype.sales_order.sales_order import make_delivery_note
	from erpnext.stock.doctype.delivery_note.delivery_note import make_sales_invoice
	from frappe.utils import add_days, getdate

	if rng.random() > 0.7:
		return
	note = make_delivery_note(order.name)
	for row in note.items:
		if rng.random() < 0.3:
			row.qty = max(1, int(row.qty * rng.random()))
	latest = max(getdate(row.delivery_date) for row in order.items)
	posting = min(getdate(add_days(latest, rng.randint(-8, 12))), today)
	note.set_posting_time = 1
	note.posting_date = max(posting, getdate(order.transaction_date))
	note.insert(ignore_permissions=True)
	note.submit()
	if rng.random() > 0.6:
		return
	invoice = make_sales_invoice(note.name)
	invoice.set_posting_time = 1
	invoice.posting_date = note.posting_date
	invoice.insert(ignore_permissions=True)
	invoice.submit()
	if rng.random() > 0.5:
		return
	payment = get_payment_entry(
		"Sales Invoice", invoice.name, party_amount=round(invoice.grand_total * rng.choice((0.3, 0.5, 1)), 2)
	)
	payment.reference_no = f"BENCH-{invoice.name}"
	payment.reference_date = invoice.posting_date
	payment.posting_date = invoice.posting_date
	payment.insert(ignore_permissions=True)
	payment.submit()


def build_missing_tables() -> None:
	import frappe

	from neiqin.contract_fulfilment.recompute import recompute

	orders = frappe.get_all("Sales Order", filters={"company": COMPANY, "docstatus": 1}, pluck="name")
	missing = [name for name in orders if not frappe.db.exists("Contract Fulfilment", name)]
	for n, name in enumerate(missing, start=1):
		recompute(name)
		if n % 50 == 0:
			frappe.db.commit()
	frappe.db.commit()
	print(f"{len(orders)} orders on {COMPANY}; {len(missing)} fulfilment tables built now", flush=True)


# ----------------------------------------------------------------------------- timing


def compare(runs: int) -> None:
	import frappe
	from erpnext.selling.report.sales_order_analysis.sales_order_analysis import execute as analysis
	from frappe.utils import add_days, nowdate

	from neiqin.contract_fulfilment.report.contract_fulfilment_statistics.contract_fulfilment_statistics import (
		execute as fulfilment,
	)

	from_date, to_date = add_days(nowdate(), -366), nowdate()
	reports = {
		"Contract Fulfilment Statistics": (
			fulfilment,
			{
				"company": COMPANY,
				"from_date": from_date,
				"to_date": to_date,
				"periodicity": "Monthly",
				"group_by": "Customer",
			},
		),
		"Sales Order Analysis": (
			analysis,
			{"company": COMPANY, "from_date": from_date, "to_date": to_date},
		),
	}
	times: dict[str, list[float]] = {name: [] for name in reports}
	rows: dict[str, int] = {}
	for name, (execute, filters) in reports.items():
		rows[name] = len(execute(frappe._dict(filters))[1])  # warm-up
	for _ in range(runs):
		for name, (execute, filters) in reports.items():
			started = time.perf_counter()
			execute(frappe._dict(filters))
			times[name].append(time.perf_counter() - started)
	peaks = {}
	for name, (execute, filters) in reports.items():
		tracemalloc.start()
		execute(frappe._dict(filters))
		peaks[name] = tracemalloc.get_traced_memory()[1]
		tracemalloc.stop()

	lines = existing_lines()
	print()
	print(f"site {frappe.local.site}, company {COMPANY}: {lines} submitted order lines, {runs} runs each")
	for name in reports:
		median = stats.median(times[name])
		print(
			f"  {name:32s} median {median * 1000:8.1f} ms  "
			f"(min {min(times[name]) * 1000:.1f}, max {max(times[name]) * 1000:.1f})  "
			f"rows {rows[name]:6d}  peak memory {peaks[name] / 1024 / 1024:.1f} MiB"
		)
	ratio = stats.median(times["Sales Order Analysis"]) / stats.median(
		times["Contract Fulfilment Statistics"]
	)
	print(f"  ratio of medians (Sales Order Analysis / Contract Fulfilment Statistics): {ratio:.2f}")


def cleanup() -> None:
	"""Cancel and delete the bench company's generated transactions (newest first)."""
	import frappe

	for doctype in ("Payment Entry", "Sales Invoice", "Delivery Note", "Sales Order"):
		names = frappe.get_all(doctype, filters={"company": COMPANY}, pluck="name", order_by="creation desc")
		for name in names:
			doc = frappe.get_doc(doctype, name)
			if doc.docstatus == 1:
				doc.cancel()
			frappe.delete_doc(doctype, name, force=True, ignore_permissions=True)
		frappe.db.commit()
		print(f"deleted {len(names)} {doctype}", flush=True)
	for name in frappe.get_all("Contract Fulfilment", filters={"company": COMPANY}, pluck="name"):
		doc = frappe.get_doc("Contract Fulfilment", name)
		doc.flags.written_by_neiqin = True
		doc.delete(ignore_permissions=True, force=True)
	frappe.db.commit()


if __name__ == "__main__":
	# the repository root must be importable for `tests.integration.factories`
	sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
	os.environ.setdefault("PYTHONUNBUFFERED", "1")
	main()
