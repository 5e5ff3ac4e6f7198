"""Demo plans and follow-up (计划与督办): a sales person (孙销售, sales1@neiqin.demo) with his
employee record, the year's sales plan approved by the manager, this week's visit plan, a
collection follow-up with a promise, and this week's summary draft.

Idempotent: each piece is made only when the demo has none (found by title, week or customer)."""

from __future__ import annotations

import frappe
from frappe.utils import add_days, add_months, getdate, nowdate

from neiqin.demo import base, builders
from neiqin.demo.review import approve
from neiqin.demo.users import PASSWORD, user
from neiqin.sales_plans import rules

SALES_USER = "sales1@neiqin.demo"
SALES_PERSON = "孙销售"
PLAN_TITLE = "年度销售计划（演示）"


def load() -> None:
	company = base.company_name()
	person = sales_person(company)
	sales_plan(company, person)
	visit_plan(person)
	follow_up(company, person)
	summary(company, person)


def sales_person(company: str) -> str:
	builders.ensure_user(
		SALES_USER, ["Sales User"], PASSWORD, first_name="销售", last_name="孙", language="zh"
	)
	if frappe.db.exists("Sales Person", SALES_PERSON):
		return SALES_PERSON
	employee = frappe.db.get_value("Employee", {"user_id": SALES_USER}) or (
		frappe.get_doc(
			{
				"doctype": "Employee",
				"first_name": "孙销售",
				"gender": frappe.db.get_value("Gender", {}, "name") or "Male",
				"date_of_birth": "1990-05-01",
				"date_of_joining": "2022-03-01",
				"company": company,
				"user_id": SALES_USER,
				"status": "Active",
			}
		)
		.insert(ignore_permissions=True)
		.name
	)
	parent = frappe.db.get_value("Sales Person", {"is_group": 1, "parent_sales_person": ("in", ("", None))})
	frappe.get_doc(
		{
			"doctype": "Sales Person",
			"sales_person_name": SALES_PERSON,
			"parent_sales_person": parent,
			"employee": employee,
			"enabled": 1,
		}
	).insert(ignore_permissions=True)
	for customer in base.CUSTOMERS[:2]:
		doc = frappe.get_doc("Customer", customer)
		if not doc.sales_team:
			doc.append("sales_team", {"sales_person": SALES_PERSON, "allocated_percentage": 100})
			doc.save(ignore_permissions=True)
	return SALES_PERSON


def sales_plan(company: str, person: str) -> None:
	if frappe.db.exists("Sales Plan", {"title": PLAN_TITLE, "docstatus": ("<", 2)}):
		return
	from erpnext.accounts.utils import get_fiscal_year

	fiscal_year, start, end = get_fiscal_year(nowdate(), company=company)[:3]
	months, month = [], getdate(start).replace(day=1)
	while month <= getdate(end):
		months.append(month)
		month = getdate(add_months(month, 1))
	frappe.set_user(user("clerk"))
	try:
		plan = frappe.get_doc(
			{
				"doctype": "Sales Plan",
				"title": PLAN_TITLE,
				"company": company,
				"fiscal_year": fiscal_year,
				"targets": [
					{
						"period_start": month,
						"sales_person": person,
						"order_amount": 200000,
						"delivery_amount": 180000,
						"collection_amount": 150000,
						"visit_count": 20,
					}
					for month in months
				]
				+ [
					{
						"period_start": month,
						"territory": base.TERRITORY,
						"order_amount": 500000,
						"collection_amount": 400000,
					}
					for month in months
				],
			}
		).insert()
	finally:
		frappe.set_user("Administrator")
	approve(plan, "manager", comment="同意本年度目标")
	frappe.set_user(user("clerk"))
	try:
		plan.reload()
		plan.submit()
	finally:
		frappe.set_user("Administrator")


def visit_plan(person: str) -> None:
	monday = rules.week_start(getdate(nowdate()))
	if frappe.db.exists("Visit Plan", {"sales_person": person, "week_start": monday}):
		return
	frappe.get_doc(
		{
			"doctype": "Visit Plan",
			"sales_person": person,
			"week_start": monday,
			"lines": [
				{"customer": base.CUSTOMERS[0], "planned_date": monday, "purpose": "回访新品试用情况"},
				{
					"customer": base.CUSTOMERS[1],
					"planned_date": add_days(monday, 2),
					"purpose": "催收上月货款",
				},
			],
		}
	).insert(ignore_permissions=True)


def follow_up(company: str, person: str) -> None:
	customer = base.CUSTOMERS[1]
	if frappe.db.exists("Collection Follow-up", {"customer": customer}):
		return
	frappe.set_user(SALES_USER)
	try:
		frappe.get_doc(
			{
				"doctype": "Collection Follow-up",
				"customer": customer,
				"company": company,
				"sales_person": person,
				"followed_up_by": SALES_USER,
				"followed_up_on": nowdate(),
				"channel": "Phone",
				"promised_amount": 5000,
				"promised_date": add_days(nowdate(), 5),
				"next_follow_up_on": add_days(nowdate(), 6),
				"outcome": "客户答应月底前先付一部分",
			}
		).insert(ignore_permissions=True)
	finally:
		frappe.set_user("Administrator")


def summary(company: str, person: str) -> None:
	"""This week's summary draft of the demo sales person (what Friday's job makes)."""
	monday = rules.week_start(getdate(nowdate()))
	if frappe.db.exists("Weekly Sales Summary", {"sales_person": person, "week_start": monday}):
		return
	frappe.get_doc(
		{
			"doctype": "Weekly Sales Summary",
			"sales_person": person,
			"company": company,
			"week_start": monday,
			"market_information": "华东地区猪料需求回升，客户备货意愿增强。",
			"competitor_activity": "竞品在苏州地区推出满减促销。",
			"customer_feedback": "康达养殖场反映上批次交货晚了两天。",
			"problems": "部分客户回款周期拉长。",
			"next_week_focus": "跟进南京丰收农资的回款承诺，拜访两家新客户。",
		}
	).insert(ignore_permissions=True)
