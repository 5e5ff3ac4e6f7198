"""Demo contracts in every fulfilment state, with their deliveries, invoices, credit notes,
returns and payments, spread over the last weeks so that the daily reports, the month-end
reconciliation and the receivables have rows. Documents are entered by the clerk and
approved by the reviewers before they are submitted, as the review rules require.

Each contract is one scenario, identified by the customer's PO number `DEMO-…` on its Sales
Order; a scenario whose order exists is not made again."""

from __future__ import annotations

import frappe
from frappe.utils import add_days, flt, nowdate

from neiqin.demo import base
from neiqin.demo.review import approve, reject
from neiqin.demo.users import user

FEED, LAYER, AQUA = "DEMO-FEED-01", "DEMO-FEED-02", "DEMO-FEED-03"
MODES = ("Bank", "Bank", "Cash")  # Mode of Payment types


def load() -> None:
	today = nowdate()
	for key, build in SCENARIOS.items():
		if frappe.db.exists("Sales Order", {"po_no": key}):
			continue
		frappe.set_user(user("clerk"))
		try:
			build(key, today)
		finally:
			frappe.set_user("Administrator")
		frappe.db.commit()
	from neiqin.contract_fulfilment.rebuild import refresh_overdue_tables

	refresh_overdue_tables()


# ---------------------------------------------------------------------- documents


def order(key, customer, items, days_ago, due_in, submit=True, reviewers=(), **values):
	date = add_days(nowdate(), -days_ago)
	store = base.warehouse()
	doc = frappe.get_doc(
		{
			"doctype": "Sales Order",
			"company": base.company_name(),
			"customer": customer,
			"po_no": key,
			"transaction_date": date,
			"contract_signed_date": add_days(date, -1 if days_ago % 3 else -4),
			"delivery_date": add_days(date, due_in),
			"selling_price_list": base.PRICE_LIST,
			"currency": base.CURRENCY,
			"set_warehouse": store,
			"items": [
				{
					"item_code": code,
					"qty": qty,
					"rate": base.ITEMS[code][2],
					"warehouse": store,
					"delivery_date": add_days(date, due_in),
				}
				for code, qty in items
			],
			**values,
		}
	)
	doc.insert(ignore_permissions=True)
	if submit:
		approve(doc, *reviewers)
		doc.reload()
		doc.submit()
	return doc


def delivery(sales_order, qty=None, days_ago=0, submit=True):
	from erpnext.selling.doctype.sales_order.sales_order import make_delivery_note

	doc = make_delivery_note(sales_order.name)
	scale(doc, qty)
	return finish(doc, days_ago, submit, reviewers=("reviewer", "reviewer2"))


def invoice(source, qty=None, days_ago=0, submit=True):
	if source.doctype == "Delivery Note":
		from erpnext.stock.doctype.delivery_note.delivery_note import make_sales_invoice
	else:
		from erpnext.selling.doctype.sales_order.sales_order import make_sales_invoice
	doc = make_sales_invoice(source.name)
	scale(doc, qty)
	return finish(doc, days_ago, submit, reviewers=("reviewer2",))


def credit_note(sales_invoice, qty, days_ago=0):
	from erpnext.accounts.doctype.sales_invoice.sales_invoice import make_sales_return

	doc = make_sales_return(sales_invoice.name)
	scale(doc, qty, sign=-1)
	return finish(doc, days_ago, True, reviewers=("reviewer2",))


def sales_return(delivery_note, qty, days_ago=0):
	from erpnext.stock.doctype.delivery_note.delivery_note import make_sales_return

	doc = make_sales_return(delivery_note.name)
	scale(doc, qty, sign=-1)
	return finish(doc, days_ago, True, reviewers=("reviewer", "reviewer2"))


def payment(against, amount=None, days_ago=0, mode=MODES[0]):
	from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry

	doc = get_payment_entry(against.doctype, against.name, party_amount=amount)
	date = add_days(nowdate(), -days_ago)
	doc.posting_date = date
	doc.reference_date = date
	doc.reference_no = f"{against.name}-{frappe.generate_hash(length=4)}"
	modes = frappe.get_all(
		"Mode of Payment", filters={"type": mode, "enabled": 1}, pluck="name", order_by="name"
	)
	if modes:
		doc.mode_of_payment = modes[days_ago % len(modes)]
	doc.insert(ignore_permissions=True)
	doc.submit()
	return doc


def scale(doc, qty, sign=1):
	"""Keep the lines named in `qty` ({item_code: qty}) with those quantities."""
	if qty is None:
		return
	doc.set("items", [row for row in doc.items if row.item_code in qty])
	for row in doc.items:
		row.qty = sign * abs(flt(qty[row.item_code]))


def finish(doc, days_ago, submit, reviewers):
	if days_ago:
		doc.set_posting_time = 1
		doc.posting_date = add_days(nowdate(), -days_ago)
		if doc.meta.has_field("due_date"):
			doc.due_date = add_days(doc.posting_date, 30)
	doc.insert(ignore_permissions=True)
	if submit:
		approve(doc, *reviewers)
		doc.reload()
		doc.submit()
	return doc


# ---------------------------------------------------------------------- scenarios


def not_started(key, today):
	order(key, base.CUSTOMERS[0], [(FEED, 40), (LAYER, 20)], days_ago=2, due_in=20)


def overdue_not_started(key, today):
	order(key, base.CUSTOMERS[1], [(AQUA, 30)], days_ago=25, due_in=10)


def partly_delivered(key, today):
	so = order(key, base.CUSTOMERS[2], [(FEED, 100), (AQUA, 50)], days_ago=20, due_in=15)
	dn = delivery(so, {FEED: 60, AQUA: 20}, days_ago=12)
	invoice(dn, days_ago=11)


def overdue_partly_delivered(key, today):
	so = order(key, base.CUSTOMERS[3], [(LAYER, 80)], days_ago=30, due_in=12)
	delivery(so, {LAYER: 30}, days_ago=20)


def delivered_not_invoiced(key, today):
	so = order(key, base.CUSTOMERS[0], [(AQUA, 25)], days_ago=9, due_in=7)
	delivery(so, days_ago=4)


def completed(key, today):
	so = order(key, base.CUSTOMERS[1], [(FEED, 50), (LAYER, 30)], days_ago=28, due_in=7)
	dn = delivery(so, days_ago=24)
	si = invoice(dn, days_ago=23)
	payment(si, days_ago=15, mode=MODES[0])


def partly_paid(key, today):
	so = order(key, base.CUSTOMERS[2], [(LAYER, 60)], days_ago=18, due_in=5)
	dn = delivery(so, days_ago=14)
	si = invoice(dn, days_ago=13)
	payment(si, amount=flt(si.grand_total) / 2, days_ago=6, mode=MODES[1])


def with_credit_note(key, today):
	so = order(key, base.CUSTOMERS[3], [(FEED, 40)], days_ago=16, due_in=6)
	dn = delivery(so, days_ago=12)
	si = invoice(dn, days_ago=11)
	sales_return(dn, {FEED: 5}, days_ago=8)
	credit_note(si, {FEED: 5}, days_ago=8)
	payment(si, days_ago=3, mode=MODES[0])


def advance_paid(key, today):
	so = order(key, base.CUSTOMERS[0], [(FEED, 30)], days_ago=5, due_in=14)
	payment(so, amount=flt(so.grand_total) * 0.3, days_ago=4, mode=MODES[2])


def large_order_reviewed_twice(key, today):
	so = order(
		key, base.CUSTOMERS[1], [(AQUA, 400)], days_ago=7, due_in=20, reviewers=("reviewer", "manager")
	)
	dn = delivery(so, {AQUA: 150}, days_ago=1)
	invoice(dn, days_ago=0)
	payment(so, amount=20000, days_ago=0, mode=MODES[0])


def closed(key, today):
	so = order(key, base.CUSTOMERS[2], [(LAYER, 40)], days_ago=26, due_in=8)
	delivery(so, {LAYER: 25}, days_ago=21)
	from erpnext.selling.doctype.sales_order.sales_order import update_status

	frappe.set_user("Administrator")
	update_status("Closed", so.name)


def cancelled(key, today):
	so = order(key, base.CUSTOMERS[3], [(FEED, 15)], days_ago=10, due_in=10)
	frappe.set_user("Administrator")
	so.reload()
	so.cancel()


def awaiting_review(key, today):
	"""What the reviewers find in 待我复核: a large order and a delivery note with one of their
	two approvals, an invoice not reviewed yet, and a delivery note rejected with a reason."""
	so = order(key, base.CUSTOMERS[0], [(FEED, 300), (AQUA, 200)], days_ago=3, due_in=15, submit=False)
	approve(so, "reviewer")
	ready = order(f"{key}-B", base.CUSTOMERS[1], [(LAYER, 45)], days_ago=6, due_in=9)
	half = delivery(ready, {LAYER: 20}, submit=False)
	approve(half, "reviewer")
	dn = delivery(ready, {LAYER: 10}, days_ago=2)
	invoice(dn, submit=False)
	rejected = order(f"{key}-C", base.CUSTOMERS[2], [(AQUA, 12)], days_ago=4, due_in=6)
	draft = delivery(rejected, submit=False)
	reject(draft, "reviewer2", "收货地址与合同不一致，请与客户核对后修改")


SCENARIOS = {
	"DEMO-01": not_started,
	"DEMO-02": overdue_not_started,
	"DEMO-03": partly_delivered,
	"DEMO-04": overdue_partly_delivered,
	"DEMO-05": delivered_not_invoiced,
	"DEMO-06": completed,
	"DEMO-07": partly_paid,
	"DEMO-08": with_credit_note,
	"DEMO-09": advance_paid,
	"DEMO-10": large_order_reviewed_twice,
	"DEMO-11": closed,
	"DEMO-12": cancelled,
	"DEMO-13": awaiting_review,
}
