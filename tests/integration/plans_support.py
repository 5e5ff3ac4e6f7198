"""Fixtures of the plans and follow-up tests: users who are sales persons, plans approved the
way the shipped Review Rule asks."""

from __future__ import annotations

import frappe
from frappe.utils import add_months, get_first_day, getdate, nowdate

from tests.integration import factories

PLAN_USERS = {
	"clerk": ("nq-plan-clerk@example.com", ["Sales Admin"]),
	"manager": ("nq-plan-manager@example.com", ["Sales Manager"]),
	"sales": ("nq-plan-sales@example.com", ["Sales User"]),
	"sales_b": ("nq-plan-sales-b@example.com", ["Sales User"]),
}


def ensure_plan_users() -> frappe._dict:
	"""A clerk (Sales Admin), a Sales Manager and two Sales Users. Commits."""
	return frappe._dict(
		{key: factories.ensure_user(email, roles) for key, (email, roles) in PLAN_USERS.items()}
	)


def ensure_sales_person_of(user: str) -> str:
	"""The sales person whose employee is `user` (created once, committed)."""
	from neiqin.sales_plans.people import sales_person_of

	found = sales_person_of(user)
	if found:
		return found
	employee = frappe.get_doc(
		{
			"doctype": "Employee",
			"first_name": user.split("@")[0],
			"gender": frappe.db.get_value("Gender", {}, "name") or "Male",
			"date_of_birth": "1990-01-01",
			"date_of_joining": "2020-01-01",
			"company": factories.COMPANY,
			"user_id": user,
			"status": "Active",
		}
	).insert(ignore_permissions=True)
	person = factories.make_sales_person(f"_NQ SP {user.split('@')[0]}")
	person.employee = employee.name
	person.save(ignore_permissions=True)
	frappe.db.commit()
	return person.name


def fiscal_year() -> str:
	return factories.ensure_fiscal_year(nowdate())


def this_month():
	return getdate(get_first_day(nowdate()))


def month(offset: int):
	return getdate(add_months(this_month(), offset))


def in_fiscal_year(offset: int) -> bool:
	start, end = frappe.db.get_value("Fiscal Year", fiscal_year(), ("year_start_date", "year_end_date"))
	return getdate(start) <= month(offset) <= getdate(end)


def make_plan(targets: list[dict], as_user: str, submit: bool = False, approver: str | None = None, **values):
	"""A Sales Plan of the test company for this fiscal year, inserted as `as_user`; approved by
	`approver` and submitted when `submit`."""
	with factories.as_user(as_user):
		plan = frappe.get_doc(
			{
				"doctype": "Sales Plan",
				"title": values.pop("title", f"_NQ plan {frappe.generate_hash(length=5)}"),
				"company": factories.COMPANY,
				"fiscal_year": fiscal_year(),
				"targets": targets,
				**values,
			}
		).insert()
	if submit:
		factories.review_as(approver, plan)
		with factories.as_user(as_user):
			plan.reload()
			plan.submit()
	return plan


def target(offset: int = 0, sales_person: str | None = None, territory: str | None = None, **amounts) -> dict:
	return {
		"period_start": month(offset),
		"sales_person": sales_person,
		"territory": territory,
		**amounts,
	}


def make_invoice(customer: str, amount: float, days_ago: int = 0, due_in: int = 0, **values):
	"""A submitted service invoice of `amount`, posted `days_ago`, due `due_in` days after posting."""
	from frappe.utils import add_days

	posting = add_days(nowdate(), -days_ago)
	return factories.make_direct_sales_invoice(
		customer,
		[{"item_code": "_NQ Service", "qty": 1, "rate": amount}],
		posting_date=posting,
		due_date=add_days(posting, due_in),
		**values,
	)


def make_follow_up(customer: str, as_user: str, **values):
	with factories.as_user(as_user):
		return frappe.get_doc(
			{
				"doctype": "Collection Follow-up",
				"customer": customer,
				"company": factories.COMPANY,
				"followed_up_by": as_user,
				"channel": "Phone",
				"followed_up_on": nowdate(),
				**values,
			}
		).insert()


def pass_days(doc, days: int) -> None:
	"""As if `days` had passed since the follow-up was recorded: its dates moved back (the ledger
	and the site's clock stay)."""
	from frappe.utils import add_days

	moved = {"followed_up_on": add_days(doc.followed_up_on, -days)}
	for field in ("promised_date", "next_follow_up_on"):
		if doc.get(field):
			moved[field] = add_days(doc.get(field), -days)
	frappe.db.set_value("Collection Follow-up", doc.name, moved, update_modified=False)
	doc.reload()
