"""The plans' reports send as many SQL statements for 4N documents as for N (issue 22, Speed):
Plan Attainment, the Collection Follow-up Board and the Weekly Summary Roll-up."""

import frappe
import pytest
from frappe.desk.query_report import run
from frappe.utils import nowdate

from neiqin.sales_plans import rules
from tests.integration import factories, plans_support
from tests.integration.sql_spy import recorded_statements


@pytest.fixture
def users(base):
	return plans_support.ensure_plan_users()


def add_book(base, person: str, users, count: int) -> None:
	"""`count` orders of the sales person, each delivered, invoiced and half paid, a visit and a
	follow-up per order's customer."""
	for _ in range(count):
		customer = factories.make_customer().name
		so = factories.make_sales_order(
			customer=customer,
			items=[{"item_code": base.widget, "qty": 2, "rate": 100}],
			sales_team=[{"sales_person": person, "allocated_percentage": 100}],
		)
		invoice = factories.make_sales_invoice(factories.make_delivery_note(so))
		factories.make_payment_entry(invoice, amount=100)
		factories.make_visit_log(customer, visited_by=users.sales)
		plans_support.make_follow_up(customer, users.sales, sales_person=person)


def statements(name: str, filters: dict) -> int:
	run(name, filters=filters, ignore_prepared_report=True)  # warm: metadata and caches
	with recorded_statements() as sent:
		run(name, filters=filters, ignore_prepared_report=True)
	return len(sent)


def test_statement_counts_do_not_grow_with_the_book(base, users):
	person = plans_support.ensure_sales_person_of(users.sales)
	monday = str(rules.week_start(frappe.utils.getdate(nowdate())))
	reports = {
		"Plan Attainment": {"company": base.company, "fiscal_year": plans_support.fiscal_year()},
		"Collection Follow-up Board": {"company": base.company, "report_date": nowdate()},
		"Weekly Summary Roll-up": {"company": base.company, "week_start": monday},
	}
	plans_support.make_plan(
		[plans_support.target(0, person, order_amount=1000)], users.clerk, submit=True, approver=users.manager
	)
	add_book(base, person, users, 1)
	small = {name: statements(name, filters) for name, filters in reports.items()}
	add_book(base, person, users, 4)
	large = {name: statements(name, filters) for name, filters in reports.items()}
	assert large == small, (small, large)
