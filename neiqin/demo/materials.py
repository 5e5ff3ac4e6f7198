"""Demo sales material logs in every status: requested and approved samples, brochures and
gifts dispatched, delivered, confirmed, returned, lost and cancelled, one overdue, and an
invoice mailed separately — with courier costs to settle. Identified by their tracking
number `DEMO-…`."""

from __future__ import annotations

import frappe
from frappe.utils import add_days, nowdate

from neiqin.demo import base
from neiqin.demo.review import approve
from neiqin.demo.users import user
from neiqin.sales_materials import api
from neiqin.sales_materials.setup import approval_kinds


def load() -> None:
	for key, build in SCENARIOS.items():
		if frappe.db.exists("Sales Material Log", {"tracking_number": key}):
			continue
		frappe.set_user(user("clerk"))
		try:
			build(key)
		finally:
			frappe.set_user("Administrator")
		frappe.db.commit()
	from neiqin.sales_materials.tasks import mark_overdue_logs

	mark_overdue_logs()


def log(key, kind, items, days_ago=0, party=None, cost=15.0, dispatch=True, **values):
	"""A log requested `days_ago` days ago; dispatched (submitted) that day when `dispatch`
	(the kinds Neiqin Settings names after the manager approved them)."""
	date = add_days(nowdate(), -days_ago)
	needs_approval = values.pop("approved", True)
	doc = frappe.get_doc(
		{
			"doctype": "Sales Material Log",
			"kind": kind,
			"company": base.company_name(),
			"request_date": date,
			"requested_by": user("clerk"),
			"party_type": "Customer",
			"party": party or base.CUSTOMERS[0],
			"set_warehouse": base.warehouse(),
			"dispatch_method": "Courier",
			"courier": base.COURIER,
			"tracking_number": key,
			"shipping_cost": cost,
			"purpose": values.pop("purpose", "客户拜访后寄送"),
			"items": [
				{"item_code": code, "qty": qty} if code in base.ITEMS else {"description": code, "qty": qty}
				for code, qty in items
			],
			**values,
		}
	)
	doc.insert(ignore_permissions=True)
	if kind in approval_kinds() and needs_approval:
		approve(doc, "manager", comment="同意寄送")
		doc.reload()
	if dispatch:
		doc.dispatch_date = date
		doc.submit()
	return doc


def as_clerk(action, *args, **kwargs):
	frappe.set_user(user("clerk"))
	return action(*args, **kwargs)


def requested(key):
	log(key, "Sample", [("DEMO-SAMPLE", 3)], days_ago=1, dispatch=False, approved=False)


def approved(key):
	log(key, "Sample", [("DEMO-SAMPLE", 2)], party=base.CUSTOMERS[1], days_ago=1, dispatch=False)


def dispatched(key):
	log(key, "Brochure", [("DEMO-BROCHURE", 200)], party=base.CUSTOMERS[2], days_ago=2)


def overdue(key):
	log(key, "Gift", [("DEMO-GIFT", 10)], party=base.CUSTOMERS[3], days_ago=12, cost=30)


def delivered(key):
	doc = log(key, "Brochure", [("DEMO-BROCHURE", 100)], party=base.CUSTOMERS[1], days_ago=5)
	as_clerk(api.mark_delivered, doc.name, add_days(nowdate(), -3))


def confirmed(key):
	doc = log(key, "Promotional Item", [("DEMO-GIFT", 20)], party=base.CUSTOMERS[0], days_ago=9, cost=40)
	as_clerk(api.confirm_receipt, doc.name, add_days(nowdate(), -6), "刘经理")


def partly_returned(key):
	doc = log(key, "Sample", [("DEMO-SAMPLE", 6)], party=base.CUSTOMERS[2], days_ago=15)
	as_clerk(api.confirm_receipt, doc.name, add_days(nowdate(), -12), "陈主管")
	as_clerk(api.record_return, doc.name, {"1": 2}, add_days(nowdate(), -4))


def returned(key):
	doc = log(key, "Sample", [("DEMO-SAMPLE", 4)], party=base.CUSTOMERS[3], days_ago=13)
	as_clerk(api.confirm_receipt, doc.name, add_days(nowdate(), -10), "周经理")
	as_clerk(api.record_return, doc.name, {"1": 4}, add_days(nowdate(), -2))


def lost(key):
	doc = log(key, "Brochure", [("DEMO-BROCHURE", 50)], party=base.CUSTOMERS[3], days_ago=14)
	as_clerk(api.mark_lost, doc.name, "快递公司确认包裹在转运中丢失", add_days(nowdate(), -5))


def cancelled(key):
	doc = log(key, "Brochure", [("DEMO-BROCHURE", 30)], party=base.CUSTOMERS[0], days_ago=3)
	frappe.set_user("Administrator")
	doc.reload()
	doc.cancel()


def invoice_mailed(key):
	invoice = frappe.get_all(
		"Sales Invoice",
		filters={"docstatus": 1, "is_return": 0},
		pluck="name",
		order_by="posting_date",
		limit=1,
	)
	if not invoice:
		return
	party = frappe.db.get_value("Sales Invoice", invoice[0], "customer")
	doc = log(key, "Invoice", [], party=party, days_ago=10, sales_invoice=invoice[0], cost=12)
	as_clerk(api.confirm_receipt, doc.name, add_days(nowdate(), -8), "财务部")


def document_sent(key):
	log(
		key,
		"Document",
		[("年度购销合同（一式两份）", 1)],
		party=base.CUSTOMERS[1],
		days_ago=6,
		cost=10,
		purpose="寄送年度购销合同（一式两份）",
	)


SCENARIOS = {
	"DEMO-SML-01": requested,
	"DEMO-SML-02": approved,
	"DEMO-SML-03": dispatched,
	"DEMO-SML-04": overdue,
	"DEMO-SML-05": delivered,
	"DEMO-SML-06": confirmed,
	"DEMO-SML-07": partly_returned,
	"DEMO-SML-08": lost,
	"DEMO-SML-09": cancelled,
	"DEMO-SML-10": invoice_mailed,
	"DEMO-SML-11": document_sent,
	"DEMO-SML-12": returned,
}
