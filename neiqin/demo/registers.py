"""Demo registers and compliance: the company's seals and one stamping, customer visits,
cheques and bills (one handed to finance), a half-year balance confirmation, qualification
types and requirements with the customers' licences on file (one expired), a promotion approval
approved by the manager, and the company's letterhead on every print for customers.

Idempotent: everything is looked up by its Chinese name, number or title before it is made.
"""

from __future__ import annotations

import frappe
from frappe.utils import add_days, add_months, getdate, nowdate

from neiqin.demo import base
from neiqin.demo.review import approve
from neiqin.demo.users import user
from neiqin.registers import rules as register_rules

# seal name -> (type, keeper)
SEALS = {
	"公章": ("Official Seal", "manager"),
	"合同专用章": ("Contract Seal", "clerk"),
	"财务专用章": ("Finance Seal", "finance"),
}
STAMPING = "DEMO-用印：年度供货合同"
# qualification type -> days of warning before it expires
QUALIFICATION_TYPES = {"营业执照": 30, "饲料经营许可证": 60}
PROMOTION = "DEMO-育肥猪料秋季促销"
LETTER_HEAD = "演示商贸有限公司 信头"


def load() -> None:
	company = base.company_name()
	seals(company)
	visits()
	instruments(company)
	balance_confirmation(company)
	qualifications()
	promotion_approval(company)
	letter_head(company)


# ----------------------------------------------------------------------------- seals


def seals(company: str) -> None:
	for name, (seal_type, keeper) in SEALS.items():
		if not frappe.db.exists("Company Seal", name):
			frappe.get_doc(
				{
					"doctype": "Company Seal",
					"seal_name": name,
					"company": company,
					"seal_type": seal_type,
					"keeper": user(keeper),
				}
			).insert(ignore_permissions=True)
	if frappe.db.exists("Seal Usage Log", {"purpose": STAMPING}):
		return
	order = frappe.get_all(
		"Sales Order",
		filters={"company": company, "docstatus": 1},
		pluck="name",
		order_by="creation",
		limit=1,
	)
	frappe.set_user(user("clerk"))
	try:
		usage = frappe.get_doc(
			{
				"doctype": "Seal Usage Log",
				"seal": "合同专用章",
				"purpose": STAMPING,
				"document_description": "与华东农牧有限公司的年度供货合同，一式两份",
				"copies": 2,
				"reference_doctype": "Sales Order" if order else None,
				"reference_name": order[0] if order else None,
			}
		).insert()
	finally:
		frappe.set_user("Administrator")
	approve(usage, "manager", comment="同意用印")
	usage.reload()
	usage.submit()


# ----------------------------------------------------------------------------- visits


VISITS = (
	# customer index, channel, days ago, next visit in days, what was found
	(0, "Visit", 20, 10, "存栏量稳定，计划下月加大育肥料采购。"),
	(1, "Phone", 5, 25, "养殖场扩建中，询问蛋鸡预混料价格。"),
	(2, "Message", 40, -3, "经销部反馈水产料旺季备货不足。"),
)


def visits() -> None:
	for index, channel, days_ago, next_in, situation in VISITS:
		customer = base.CUSTOMERS[index]
		if frappe.db.exists("Customer Visit Log", {"customer": customer, "business_situation": situation}):
			continue
		frappe.get_doc(
			{
				"doctype": "Customer Visit Log",
				"customer": customer,
				"channel": channel,
				"visit_date": add_days(nowdate(), -days_ago),
				"visited_by": user("clerk"),
				"next_visit_date": add_days(nowdate(), next_in),
				"business_situation": situation,
				"follow_up": "按计划回访",
			}
		).insert(ignore_permissions=True)


# ----------------------------------------------------------------------------- instruments


INSTRUMENTS = (
	# number, type, customer index, amount, received days ago, due in months, handed to finance
	("DEMO-ZP-0001", "Cheque", 1, 12600.0, 2, None, True),
	("DEMO-CD-0001", "Bank Acceptance Bill", 0, 50000.0, 1, 6, False),
)


def instruments(company: str) -> None:
	for number, kind, index, amount, days_ago, due_in, handed in INSTRUMENTS:
		if frappe.db.exists("Receipt Instrument", {"instrument_number": number}):
			continue
		received = add_days(nowdate(), -days_ago)
		frappe.get_doc(
			{
				"doctype": "Receipt Instrument",
				"instrument_type": kind,
				"instrument_number": number,
				"drawer": base.CUSTOMERS[index],
				"drawer_bank": "中国农业银行苏州分行",
				"customer": base.CUSTOMERS[index],
				"company": company,
				"amount": amount,
				"currency": base.CURRENCY,
				"received_on": received,
				"due_date": add_months(received, due_in) if due_in else None,
				"handed_over_to": user("finance") if handed else None,
				"handed_over_on": nowdate() if handed else None,
			}
		).insert(ignore_permissions=True)


# ----------------------------------------------------------------------------- balances


def balance_confirmation(company: str) -> None:
	period_end = register_rules.last_half_year_end(getdate(nowdate()))
	customer = base.CUSTOMERS[0]
	filters = {"customer": customer, "company": company, "period_end": period_end}
	if not frappe.db.exists("Customer Balance Confirmation", filters):
		frappe.get_doc(
			{"doctype": "Customer Balance Confirmation", **filters, "notes": "半年度往来对账"}
		).insert(ignore_permissions=True)


# ----------------------------------------------------------------------------- compliance


def qualifications() -> None:
	"""Each customer's business licence and feed licence on file, verified by the clerk; the
	feed licence of the third customer expired last month. Deliveries warn without one."""
	for name, warn_days in QUALIFICATION_TYPES.items():
		if not frappe.db.exists("Qualification Type", name):
			frappe.get_doc(
				{"doctype": "Qualification Type", "qualification_type_name": name, "warn_days": warn_days}
			).insert(ignore_permissions=True)
		if not frappe.db.exists("Qualification Requirement", {"qualification_type": name}):
			frappe.get_doc(
				{
					"doctype": "Qualification Requirement",
					"qualification_type": name,
					"document_type": "Delivery Note",
					"enforcement": "Warn",
					"enabled": 1,
				}
			).insert(ignore_permissions=True)
	for index, customer in enumerate(base.CUSTOMERS):
		for number, name in enumerate(QUALIFICATION_TYPES):
			if frappe.db.exists("Customer Qualification", {"customer": customer, "qualification_type": name}):
				continue
			expired = index == 2 and number == 1
			valid_to = add_days(nowdate(), -30) if expired else add_months(nowdate(), 24)
			doc = frappe.get_doc(
				{
					"doctype": "Customer Qualification",
					"customer": customer,
					"qualification_type": name,
					"number": f"DEMO-{index + 1}{number + 1}-2024",
					"issued_by": "市场监督管理局" if number == 0 else "农业农村局",
					"valid_from": add_months(valid_to, -36),
					"valid_to": valid_to,
					"attachment": "/files/demo-licence-scan.png",
				}
			).insert(ignore_permissions=True)
			frappe.set_user(user("clerk"))
			try:
				doc.verify()
			finally:
				frappe.set_user("Administrator")


def promotion_approval(company: str) -> None:
	"""The manager's approval of an autumn price for the first customer's fattening feed."""
	if frappe.db.exists("Promotion Approval", {"title": PROMOTION}):
		return
	doc = frappe.get_doc(
		{
			"doctype": "Promotion Approval",
			"title": PROMOTION,
			"company": company,
			"customer": base.CUSTOMERS[0],
			"valid_from": add_days(nowdate(), -10),
			"valid_to": add_days(nowdate(), 50),
			"budget_amount": 8000,
			"items": [{"item_code": "DEMO-FEED-01", "promo_rate": 170}],
		}
	).insert(ignore_permissions=True)
	approve(doc, "manager", comment="同意秋季促销价")
	doc.reload()
	doc.submit()


# ----------------------------------------------------------------------------- prints


def letter_head(company: str) -> None:
	"""The company's letterhead, the default of every print (the statement for the customer
	prints it with the company's name)."""
	if not frappe.db.exists("Letter Head", LETTER_HEAD):
		frappe.get_doc(
			{
				"doctype": "Letter Head",
				"letter_head_name": LETTER_HEAD,
				"source": "HTML",
				"content": (
					f'<div style="text-align:center"><h3 style="margin:0">{frappe.utils.escape_html(company)}</h3>'
					'<div style="font-size:11px">江苏省苏州市工业园区演示路 1 号 · 电话 0512-00000000</div></div>'
				),
				"is_default": 1,
			}
		).insert(ignore_permissions=True)
	frappe.db.set_value("Company", company, "default_letter_head", LETTER_HEAD)
