"""Who is who in plans and follow-up: a Sales Person is a user through his Employee record
(Sales Person › Employee › User ID), the way ERPNext links them."""

from __future__ import annotations

from collections.abc import Iterable

import frappe

# roles that plan, follow up and report for every sales person (a Sales User only for himself)
MANAGING_ROLES = ("Sales Manager", "Sales Admin", "System Manager")
PLAN_WRITER_ROLES = ("Sales Manager", "Sales Admin", "System Manager")


def manages(user: str | None = None) -> bool:
	user = user or frappe.session.user
	return user == "Administrator" or bool(set(MANAGING_ROLES) & set(frappe.get_roles(user)))


def writes_plans(user: str | None = None) -> bool:
	user = user or frappe.session.user
	return user == "Administrator" or bool(set(PLAN_WRITER_ROLES) & set(frappe.get_roles(user)))


def users_of(sales_persons: Iterable[str] | None = None) -> dict[str, str]:
	"""{sales person: user} for sales persons whose employee has a user (one query)."""
	sp = frappe.qb.DocType("Sales Person")
	employee = frappe.qb.DocType("Employee")
	query = (
		frappe.qb.from_(sp)
		.join(employee)
		.on(employee.name == sp.employee)
		.select(sp.name, employee.user_id)
		.where(sp.is_group == 0)
		.where(employee.user_id.isnotnull())
		.where(employee.user_id != "")
	)
	if sales_persons is not None:
		wanted = sorted(set(sales_persons))
		if not wanted:
			return {}
		query = query.where(sp.name.isin(wanted))
	return dict(query.run())


def sales_person_of(user: str | None = None) -> str | None:
	"""The enabled sales person whose employee is `user` (None: the user is no sales person)."""
	user = user or frappe.session.user
	sp = frappe.qb.DocType("Sales Person")
	employee = frappe.qb.DocType("Employee")
	found = (
		frappe.qb.from_(sp)
		.join(employee)
		.on(employee.name == sp.employee)
		.select(sp.name)
		.where(employee.user_id == user)
		.where(sp.enabled == 1)
		.orderby(sp.name)
		.limit(1)
		.run(pluck=True)
	)
	return found[0] if found else None


def is_own_sales_person(sales_person: str | None, user: str | None = None) -> bool:
	"""Whether `user` may act for `sales_person`: a manager for anyone, a sales user for himself."""
	user = user or frappe.session.user
	if manages(user):
		return True
	return bool(sales_person) and users_of([sales_person]).get(sales_person) == user
