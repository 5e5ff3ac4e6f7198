"""The benchmark book: a realistic ERPNext sales ledger on a site of its own.

Not a test. Run it from the bench's sites folder with the bench's Python, on a benchmark
site (never a test or production site: it creates two companies and thousands of documents):

    cd ~/frappe-bench/sites
    nohup nice -n 10 ../env/bin/python /path/to/neiqin/benchmarks/book.py \\
        --site neiqin-bench.localhost [--scale 4] > book.log 2>&1 &

It builds, through ERPNext's own API (every document inserted and submitted by ERPNext's
controllers, so every ledger — stock, general, payment — is ERPNext's own work):

- `_NQ Bench Company` with 20,000 × `--scale` submitted order lines, and `_NQ Bench Small`
  with 200 (the small book the benchmark compares against);
- shared masters: 40 customers over 4 territories, 60 items in 3 groups, 6 sales persons,
  one backdated stock receipt per company;
- Sales Orders of 25-50 lines dated over the last year, then, per order, in date order:
  an advance (Payment Entry against the order) for some, partial Delivery Notes (some
  lines short, some left out, a second delivery for part of the rest), returns, Sales
  Invoices from the deliveries (some taking the order's advance at submit), credit notes,
  Payment Entries (30 %, half or all of what is due), and finally a Payment Reconciliation
  of the remaining advances for a third of the customers. Follow-ups that would fall on or
  after today are not made, so the book has open, late and overdue lines.

Generation is fast and resumable:
- follow-ups are posted in date order (posting time 12:00), so no stock entry is backdated
  and ERPNext never has to repost valuations (any queued repost is run at the end);
- neiqin's document hooks are switched off in this process while generating (see
  `benchmarks.hooks.neiqin_hooks_off`); the fulfilment tables are then built once, at the
  end, by neiqin's own `rebuild_tables()` — the same function `bench rebuild-contract-fulfilment`
  runs, so the tables are exactly what the live hooks would have written;
- each generated document carries a key (Delivery Note `lr_no`, Sales Invoice `remarks`,
  Payment Entry `reference_no`: `NQB:<order>:<step>`) and every choice is drawn from a
  random generator seeded by that key, so a re-run skips what exists and an interrupted
  run continues where it stopped (each document is committed after its submit).

It prints how long each phase took and the size of the book.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

CURRENCY = "CNY"
BASE_LINES = 20_000
SMALL_LINES = 200
CUSTOMERS = 40
ITEM_GROUPS = ("_NQ Bench Raw", "_NQ Bench Parts", "_NQ Bench Finished")
ITEMS_PER_GROUP = 20
TERRITORIES = ("_NQ Bench North", "_NQ Bench South", "_NQ Bench East", "_NQ Bench West")
SELLERS = 6
LINES_PER_ORDER = (25, 50)
ORDER_SPAN = (365, 30)  # orders dated from 365 to 30 days ago
POSTING_TIME = "12:00:00"
KEY = "NQB"
SEED = 20261202


@dataclass(frozen=True)
class Book:
	company: str
	abbr: str
	lines: int


BIG = Book("_NQ Bench Company", "_NQB", BASE_LINES)
SMALL = Book("_NQ Bench Small", "_NQBS", SMALL_LINES)


def books(scale: int = 1) -> tuple[Book, Book]:
	"""The small book first (minutes), then the big one."""
	return SMALL, Book(BIG.company, BIG.abbr, BASE_LINES * scale)


def main() -> None:
	parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
	parser.add_argument("--site", required=True)
	parser.add_argument("--scale", type=int, default=1, help="order lines of the big book: 20,000 × scale")
	parser.add_argument(
		"--until",
		default=None,
		help="HH:MM (UTC): make no more follow-ups after this time, finish the tables; a re-run goes on",
	)
	args = parser.parse_args()

	from benchmarks.site import connected

	with connected(args.site):
		generate_books(args.scale, deadline(args.until))


def deadline(until: str | None) -> float | None:
	"""The epoch time of today's (or tomorrow's) HH:MM UTC."""
	if not until:
		return None
	import calendar

	hours, minutes = (int(part) for part in until.split(":"))
	now = time.gmtime()
	at = calendar.timegm((now.tm_year, now.tm_mon, now.tm_mday, hours, minutes, 0))
	return at if at > time.time() else at + 86400


def generate_books(scale: int = 1, stop_at: float | None = None) -> None:
	import frappe

	from benchmarks.hooks import neiqin_hooks_off

	started = time.perf_counter()
	masters = ensure_masters()
	made = 0
	with neiqin_hooks_off():
		for book in books(scale):
			made += generate(book, masters, stop_at)
		run_queued_reposts()
	build_tables()
	print(f"generation took {time.perf_counter() - started:.0f} s ({made} documents made in this run)")
	for book in books(scale):
		print_size(book)
	frappe.db.commit()


# ----------------------------------------------------------------------------- masters


def ensure_masters() -> dict:
	import frappe
	from frappe.utils import add_days, nowdate

	from tests.integration import factories

	factories.ensure_setup_complete()
	for offset in (0, -400):
		factories.ensure_fiscal_year(add_days(nowdate(), offset))
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
	warehouses = {}
	for book in (BIG, SMALL):
		factories.ensure_company(book.company, book.abbr)
		warehouse = frappe.db.get_value("Warehouse", {"company": book.company, "warehouse_name": "Stores"})
		warehouses[book.company] = warehouse
		if not frappe.db.exists("Stock Entry", {"company": book.company, "docstatus": 1}):
			receipt = frappe.get_doc(
				{
					"doctype": "Stock Entry",
					"stock_entry_type": "Material Receipt",
					"company": book.company,
					"set_posting_time": 1,
					"posting_date": add_days(nowdate(), -400),
					"items": [
						{
							"item_code": code,
							"qty": 10_000_000,
							"t_warehouse": warehouse,
							"basic_rate": rate / 2,
						}
						for code, rate in items.items()
					],
				}
			)
			receipt.insert(ignore_permissions=True)
			receipt.submit()
	frappe.db.commit()
	return {"warehouses": warehouses, "customers": customers, "sellers": sellers, "items": items}


# ----------------------------------------------------------------------------- orders


def order_lines(company: str) -> int:
	import frappe

	return frappe.db.sql(
		"""select count(*) from `tabSales Order Item` soi join `tabSales Order` so on so.name = soi.parent
		where so.company = %s and so.docstatus = 1""",
		company,
	)[0][0]


def make_orders(book: Book, masters: dict) -> int:
	"""Submitted Sales Orders until the company has `book.lines` lines; dated by progress.

	One order in `TEMPLATE_EVERY` is made by ERPNext's API (validated, priced, totalled,
	submitted); the others are copies of the latest such order for another customer, sales
	person and date, written with `db_insert` (same lines, quantities and totals). An order
	posts no ledger: the only stock figure it moves, the reserved quantity of each
	item/warehouse Bin, is recomputed by ERPNext's own `get_reserved_qty` at the end."""
	import frappe
	from frappe.utils import getdate, nowdate

	have = order_lines(book.company)
	if have >= book.lines:
		return 0
	today = getdate(nowdate())
	started, made = time.perf_counter(), 0
	lap = started
	template = None
	print(f"{book.company}: making {book.lines - have} order lines …", flush=True)
	while have < book.lines:
		rng = random.Random(f"{SEED}:{book.company}:order:{have}")
		oldest, newest = ORDER_SPAN
		transaction_date = getdate(
			frappe.utils.add_days(today, -oldest + int((oldest - newest) * have / book.lines))
		)
		count = min(rng.randint(*LINES_PER_ORDER), book.lines - have)
		if template is None or made % TEMPLATE_EVERY == 0 or len(template.items) > book.lines - have:
			order = api_order(book, masters, rng, transaction_date, count)
			template = order
		else:
			order = copy_order(template, masters, rng, transaction_date)
		frappe.db.commit()
		have += len(order.items)
		made += 1
		if made % 20 == 0:
			now = time.perf_counter()
			print(f"  {have} lines, {made} orders made ({20 * 60 / (now - lap):.0f} orders/min)", flush=True)
			lap = now
	update_reserved_qty(masters["warehouses"][book.company], list(masters["items"]))
	frappe.db.commit()
	print(f"  orders: {made} made in {time.perf_counter() - started:.0f} s", flush=True)
	return made


TEMPLATE_EVERY = 8


def api_order(book: Book, masters: dict, rng: random.Random, transaction_date, count: int):
	import frappe
	from frappe.utils import add_days

	lines = [
		{
			"item_code": code,
			"qty": rng.randint(1, 60),
			"rate": masters["items"][code],
			"warehouse": masters["warehouses"][book.company],
			"delivery_date": add_days(transaction_date, rng.randint(10, 50)),
		}
		for code in rng.sample(list(masters["items"]), count)
	]
	order = frappe.get_doc(
		{
			"doctype": "Sales Order",
			"company": book.company,
			"customer": rng.choice(masters["customers"]),
			"transaction_date": transaction_date,
			"delivery_date": max(line["delivery_date"] for line in lines),
			"currency": CURRENCY,
			"set_warehouse": masters["warehouses"][book.company],
			"items": lines,
			"sales_team": [{"sales_person": rng.choice(masters["sellers"]), "allocated_percentage": 100}],
			"docstatus": 1,  # validated and submitted in one pass
		}
	)
	order.insert(ignore_permissions=True)
	return order


def copy_order(template, masters: dict, rng: random.Random, transaction_date):
	"""A submitted copy of `template` for another customer, seller and date (see make_orders)."""
	import frappe
	from frappe.model.naming import set_new_name
	from frappe.utils import add_days, date_diff, now_datetime

	shift = date_diff(transaction_date, template.transaction_date)
	customer = rng.choice(masters["customers"])
	order = frappe.copy_doc(template)
	order.update(
		{
			"customer": customer,
			"customer_name": customer,
			"territory": frappe.get_cached_value("Customer", customer, "territory"),
			"transaction_date": transaction_date,
			"delivery_date": add_days(template.delivery_date, shift),
			"docstatus": 1,
		}
	)
	order.title = customer
	for row in order.items:
		row.delivery_date = add_days(row.delivery_date, shift)
	for row in order.get("payment_schedule"):
		row.due_date = add_days(row.due_date, shift)
	for row in order.sales_team:
		row.sales_person = rng.choice(masters["sellers"])
	order.set_user_and_timestamp()
	set_new_name(order)
	order.creation = order.modified = now_datetime()
	order.db_insert()
	for table in ("items", "sales_team", "taxes", "payment_schedule"):
		for idx, row in enumerate(order.get(table), start=1):
			row.parent, row.parenttype, row.parentfield, row.idx, row.docstatus = (
				order.name,
				"Sales Order",
				table,
				idx,
				1,
			)
			set_new_name(row)
			row.db_insert()
	return order


def update_reserved_qty(warehouse: str, items: list[str]) -> None:
	"""ERPNext's own recomputation of each Bin's reserved quantity (what open orders hold)."""
	from erpnext.stock.stock_balance import get_reserved_qty, update_bin_qty

	for item_code in items:
		update_bin_qty(item_code, warehouse, {"reserved_qty": get_reserved_qty(item_code, warehouse)})


# ----------------------------------------------------------------------------- follow-ups

STEPS = ("adv", "dn1", "ret", "si1", "cn", "pay1", "dn2", "si2", "pay2")


@dataclass(order=True)
class Event:
	date: object
	rank: int
	order: str
	step: str = field(compare=False)
	after: str | None = field(compare=False, default=None)  # the step whose document it follows

	@property
	def key(self) -> str:
		return f"{KEY}:{self.order}:{self.step}"


def plan(order: dict, yesterday) -> list[Event]:
	"""What happens to one order after it is submitted (deterministic in the order's name)."""
	from frappe.utils import add_days, getdate

	rng = random.Random(f"{SEED}:{order['name']}")
	events: list[Event] = []

	def add(step: str, date, after: str | None = None) -> bool:
		date = getdate(date)
		if date > yesterday:
			return False
		events.append(Event(date, STEPS.index(step), order["name"], step, after))
		return True

	if rng.random() < 0.15:
		add("adv", add_days(order["transaction_date"], rng.randint(1, 5)))
	if rng.random() > 0.4:
		return events
	d1 = max(getdate(add_days(order["latest_delivery"], rng.randint(-25, 10))), order["transaction_date"])
	if not add("dn1", d1):
		return events
	if rng.random() < 0.06:
		add("ret", add_days(d1, rng.randint(3, 15)), "dn1")
	s1 = add_days(d1, rng.randint(0, 10))
	if rng.random() < 0.75 and add("si1", s1, "dn1"):
		if rng.random() < 0.06:
			add("cn", add_days(s1, rng.randint(5, 20)), "si1")
		if rng.random() < 0.65:
			add("pay1", add_days(s1, rng.randint(5, 40)), "si1")
	d2 = add_days(d1, rng.randint(10, 40))
	if rng.random() < 0.15 and add("dn2", d2):
		s2 = add_days(d2, rng.randint(0, 10))
		if rng.random() < 0.6 and add("si2", s2, "dn2") and rng.random() < 0.5:
			add("pay2", add_days(s2, rng.randint(5, 40)), "si2")
	return events


def made_keys(company: str) -> dict[str, str]:
	"""{key: document name} of the follow-ups already submitted (drafts left by an interrupted
	run are deleted)."""
	import frappe

	keys = {}
	for doctype, key_field in (
		("Delivery Note", "lr_no"),
		("Sales Invoice", "remarks"),
		("Payment Entry", "reference_no"),
	):
		for row in frappe.get_all(
			doctype,
			filters={"company": company, key_field: ("like", f"{KEY}:%")},
			fields=["name", key_field, "docstatus"],
		):
			if row.docstatus == 0:
				frappe.delete_doc(doctype, row.name, force=True, ignore_permissions=True)
			else:
				keys[row[key_field]] = row.name
	frappe.db.commit()
	return keys


def generate(book: Book, masters: dict, stop_at: float | None = None) -> int:
	import frappe
	from frappe.utils import add_days, getdate, nowdate

	made = make_orders(book, masters)
	yesterday = getdate(add_days(nowdate(), -1))
	orders = frappe.db.sql(
		"""select so.name, so.transaction_date, max(soi.delivery_date) latest_delivery
		from `tabSales Order` so join `tabSales Order Item` soi on soi.parent = so.name
		where so.company = %s and so.docstatus = 1 group by so.name""",
		book.company,
		as_dict=True,
	)
	events = sorted(event for order in orders for event in plan(order, yesterday))
	done = made_keys(book.company)
	todo = [event for event in events if event.key not in done]
	print(f"{book.company}: {len(events)} follow-ups planned, {len(todo)} to make …", flush=True)
	started = lap = time.perf_counter()
	for n, event in enumerate(todo, start=1):
		if stop_at and time.time() > stop_at:
			print(f"  stopped at the deadline before {event.date}: re-run to go on", flush=True)
			break
		source = done.get(f"{KEY}:{event.order}:{event.after}") if event.after else None
		if event.after and not source:
			continue  # its source was not made (nothing left to deliver or invoice)
		try:
			name = make_follow_up(event, source)
		except frappe.ValidationError as error:  # ERPNext refuses it: say so, go on
			frappe.db.rollback()
			print(
				f"  {event.key} refused by ERPNext: {frappe.utils.strip_html(str(error))[:200]}", flush=True
			)
			continue
		if name:
			done[event.key] = name
			made += 1
		frappe.db.commit()
		if n % 25 == 0:
			now = time.perf_counter()
			print(
				f"  {n}/{len(todo)} follow-ups up to {event.date} ({25 * 60 / (now - lap):.0f}/min)",
				flush=True,
			)
			lap = now
	print(f"  follow-ups: {n if todo else 0} in {time.perf_counter() - started:.0f} s", flush=True)
	made += reconcile_advances(book, masters)
	return made


def make_follow_up(event: Event, source: str | None) -> str | None:
	"""Insert and submit the document of one event through ERPNext's mapping functions."""
	from erpnext.selling.doctype.sales_order.sales_order import make_delivery_note

	rng = random.Random(f"{SEED}:{event.key}")
	if event.step in ("dn1", "dn2"):
		doc = make_delivery_note(event.order)
		if not doc.items:
			return None
		# a partial delivery: about a third of the lines still open, a third of those short
		rows = [row for row in doc.items if rng.random() < 0.3]
		for row in rows:
			if rng.random() < 0.3:
				row.qty = max(1, int(row.qty * rng.random()))
		doc.set("items", rows or doc.items[:1])
		doc.lr_no = event.key
	elif event.step == "ret":
		from erpnext.stock.doctype.delivery_note.delivery_note import make_sales_return

		doc = make_sales_return(source)
		doc.set("items", _some_rows(doc.items, rng))
		doc.lr_no = event.key
	elif event.step in ("si1", "si2"):
		from erpnext.stock.doctype.delivery_note.delivery_note import make_sales_invoice

		doc = make_sales_invoice(source)
		if not doc.items:
			return None
		# an order with an advance: half of its invoices take it at submit (ERPNext reconciles)
		doc.set("advances", [])  # ERPNext fills them itself when it allocates automatically
		if rng.random() < 0.5:
			doc.allocate_advances_automatically = 1
		doc.remarks = event.key
	elif event.step == "cn":
		from erpnext.accounts.doctype.sales_invoice.sales_invoice import make_sales_return

		doc = make_sales_return(source)
		doc.set("items", _some_rows(doc.items, rng))
		doc.set("advances", [])
		doc.remarks = event.key
	else:
		return make_payment(event, source, rng)
	doc.set_posting_time = 1
	doc.posting_date = event.date
	doc.posting_time = POSTING_TIME
	doc.docstatus = 1  # validated and submitted in one pass (ERPNext's submit on insert)
	doc.insert(ignore_permissions=True)
	return doc.name


def _some_rows(rows, rng: random.Random):
	"""One to three rows of a return, each returning part of its quantity (negative qty)."""
	chosen = rng.sample(list(rows), min(len(rows), rng.randint(1, 3)))
	for row in chosen:
		row.qty = -max(1, int(abs(row.qty) * rng.random() / 2))
	return chosen


def make_payment(event: Event, source: str | None, rng: random.Random) -> str | None:
	import frappe
	from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry

	if event.step == "adv":
		doctype, name = "Sales Order", event.order
		due = frappe.db.get_value("Sales Order", name, "grand_total") * rng.choice((0.2, 0.3, 0.5))
	else:
		doctype, name = "Sales Invoice", source
		due = frappe.db.get_value("Sales Invoice", name, "outstanding_amount") * rng.choice((0.3, 0.5, 1))
	if due <= 1:
		return None
	payment = get_payment_entry(doctype, name, party_amount=round(due, 2))
	payment.reference_no = event.key
	payment.reference_date = event.date
	payment.posting_date = event.date
	payment.docstatus = 1
	payment.insert(ignore_permissions=True)
	return payment.name


def reconcile_advances(book: Book, masters: dict) -> int:
	"""ERPNext's Payment Reconciliation allocates the advances still unallocated to open
	invoices, for every third customer (idempotent: only unreconciled entries are listed)."""
	import frappe

	account = frappe.get_cached_value("Company", book.company, "default_receivable_account")
	reconciled = 0
	for customer in masters["customers"][::3]:
		tool = frappe.get_doc("Payment Reconciliation")
		tool.update(
			{
				"company": book.company,
				"party_type": "Customer",
				"party": customer,
				"receivable_payable_account": account,
				"invoice_limit": 500,
				"payment_limit": 500,
			}
		)
		tool.get_unreconciled_entries()
		advances = [row.as_dict() for row in tool.payments if row.reference_type == "Payment Entry"]
		if not advances or not tool.invoices:
			continue
		tool.allocate_entries(
			frappe._dict({"invoices": [row.as_dict() for row in tool.invoices], "payments": advances})
		)
		if tool.allocation:
			tool.reconcile()
			frappe.db.commit()
			reconciled += 1
	print(f"  reconciliation: advances allocated for {reconciled} customers", flush=True)
	return reconciled


def run_queued_reposts() -> None:
	"""Backdated stock postings (only when a book is extended) queue valuation reposts: run them."""
	import frappe

	queued = frappe.get_all(
		"Repost Item Valuation", filters={"status": "Queued", "docstatus": 1}, pluck="name"
	)
	if queued:
		from erpnext.stock.doctype.repost_item_valuation.repost_item_valuation import repost_entries

		print(f"running {len(queued)} queued valuation reposts …", flush=True)
		repost_entries()
		frappe.db.commit()


# ----------------------------------------------------------------------------- tables


def build_tables() -> None:
	"""neiqin's own rebuild of every table (unchanged tables are not written)."""
	from neiqin.contract_fulfilment.rebuild import rebuild_tables

	started = time.perf_counter()
	count = rebuild_tables(None, commit=True)
	print(f"fulfilment tables: {count} orders rebuilt in {time.perf_counter() - started:.0f} s", flush=True)


def print_size(book: Book) -> None:
	import frappe

	counts = {
		"order lines": order_lines(book.company),
		"orders": frappe.db.count("Sales Order", {"company": book.company, "docstatus": 1}),
	}
	for doctype, filters, label in (
		("Delivery Note", {"is_return": 0}, "delivery notes"),
		("Delivery Note", {"is_return": 1}, "returns"),
		("Sales Invoice", {"is_return": 0}, "invoices"),
		("Sales Invoice", {"is_return": 1}, "credit notes"),
		("Payment Entry", {}, "payments"),
	):
		counts[label] = frappe.db.count(doctype, {"company": book.company, "docstatus": 1, **filters})
	counts["advances"] = frappe.db.count(
		"Payment Entry", {"company": book.company, "docstatus": 1, "reference_no": ("like", "%:adv")}
	)
	counts["fulfilment tables"] = frappe.db.count("Contract Fulfilment", {"company": book.company})
	print(f"{book.company}: " + ", ".join(f"{value} {label}" for label, value in counts.items()))


if __name__ == "__main__":
	# the repository root must be importable for `benchmarks` and `tests.integration`
	sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
	os.environ.setdefault("PYTHONUNBUFFERED", "1")
	main()
