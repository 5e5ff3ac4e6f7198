"""Report Contract Fulfilment Statistics on a small known data set: real orders, deliveries,
invoices and payments drive the live fulfilment tables the report reads."""

import json

import frappe
import pytest

from neiqin.contract_fulfilment.report.contract_fulfilment_statistics.contract_fulfilment_statistics import (
	execute,
)
from neiqin.contract_fulfilment.statistics import period_of
from tests.integration import factories, rest
from tests.integration.report_support import assert_refused
from tests.integration.sql_spy import recorded_statements, selects

PARTS = "_NQ CF Parts"
PART = "_NQ CF Part"
day = factories.SiteDay()  # the module's dates count from the day its data set is built


@pytest.fixture(scope="module", autouse=True)
def _site_day():
	day.pin()


@pytest.fixture(scope="module")
def contracts(base):
	"""Three contracts of one (new) sales person; prices: widget 100, gadget 250, part 50.

	A  customer A, 200 days ago: 10 widgets due 10 days ago, delivered today (late);
	   2 gadgets due 5 days ago, not delivered (overdue 500). Invoiced 1000, paid 600.
	B  customer B, 200 days ago: 5 widgets due 20 days ago, delivered today (late).
	   Invoiced and paid 500.
	C  customer A, today: 3 widgets due in 5 days, delivered today (on time);
	   4 gadgets due in 5 days (not due yet), invoiced 1000; 2 parts (item group Parts).

	Committed once for the module and deleted afterwards; tests only read it (or change it
	inside their own rolled-back transaction).
	"""
	made = factories.Cleanup()
	keep = made.add
	try:
		if not frappe.db.get_value(
			"Fiscal Year", {"year_start_date": ("<=", day(-200)), "year_end_date": (">=", day(-200))}
		):
			keep("Fiscal Year", factories.ensure_fiscal_year(day(-200)))
		part = ensure_part()
		person = keep(
			frappe.get_doc(
				{
					"doctype": "Sales Person",
					"sales_person_name": f"_NQ CF Seller {frappe.generate_hash(length=6)}",
					"parent_sales_person": "Sales Team",
					"is_group": 0,
				}
			).insert(ignore_permissions=True)
		)
		rates = {base.widget: 100, base.gadget: 250, part: 50}

		def order(customer, date, lines):
			return keep(
				factories.make_sales_order(
					customer=customer,
					transaction_date=date,
					delivery_date=max(line[2] for line in lines),
					items=[
						{"item_code": code, "qty": qty, "rate": rates[code], "delivery_date": due}
						for code, qty, due in lines
					],
					sales_team=[{"sales_person": person.name, "allocated_percentage": 100}],
				)
			)

		a = order(base.customer, day(-200), [(base.widget, 10, day(-10)), (base.gadget, 2, day(-5))])
		dn_a = keep(factories.make_delivery_note(a, qty={base.widget: 10}))
		si_a = keep(factories.make_sales_invoice(dn_a))
		keep(factories.make_payment_entry(si_a, amount=600))

		b = order(base.customer_b, day(-200), [(base.widget, 5, day(-20))])
		si_b = keep(factories.make_sales_invoice(keep(factories.make_delivery_note(b))))
		keep(factories.make_payment_entry(si_b, amount=500))

		c = order(
			base.customer, day(0), [(base.widget, 3, day(5)), (base.gadget, 4, day(5)), (part, 2, day(5))]
		)
		keep(factories.make_delivery_note(c, qty={base.widget: 3}))
		keep(factories.make_sales_invoice(c, qty={base.gadget: 4}))
		frappe.db.commit()
		yield frappe._dict(a=a, b=b, c=c, person=person.name, part=part)
	finally:
		made.run()


def ensure_part() -> str:
	"""A service item of its own item group (a committed master, like the suite's others)."""
	factories.ensure_tree("Item Group", PARTS, "All Item Groups")
	if not frappe.db.exists("Item", PART):
		factories.make_item(PART, is_stock=0, rate=50, item_group=PARTS)
	return PART


def run(base, contracts, **filters):
	filters = {
		"company": base.company,
		"from_date": day(-400),
		"to_date": day(0),
		"sales_person": contracts.person,
		**filters,
	}
	columns, data, _message, chart, summary = execute(filters)
	return frappe._dict(
		columns=columns,
		data=data,
		periods=[row for row in data if row["indent"] == 0],
		groups={(row["period"], row["group_value"]): row for row in data if row["indent"] == 1},
		chart=chart,
		summary={card["label"]: card["value"] for card in summary},
	)


def test_the_live_tables_hold_the_data_set(base, contracts):
	a = frappe.get_doc("Contract Fulfilment", contracts.a.name)
	assert a.sales_person == contracts.person
	assert (a.base_ordered_amount, a.base_delivered_amount, a.base_invoiced_amount, a.base_paid_amount) == (
		1500,
		1000,
		1000,
		600,
	)
	assert [row.fully_delivered_on for row in a.items] == [day(0), None]


def test_monthly_by_customer(base, contracts):
	result = run(base, contracts, periodicity="Monthly", group_by="Customer")
	old, now = period_of(day(-200), "Monthly")[1], period_of(day(0), "Monthly")[1]
	assert [row["period"] for row in result.periods] == [old, now]

	old_total, now_total = result.periods
	assert old_total["contracts"] == 2
	assert old_total["ordered_amount"] == 2000
	assert old_total["delivered_amount"] == 1500
	assert old_total["invoiced_amount"] == 1500
	assert old_total["paid_amount"] == 1100
	assert old_total["outstanding_amount"] == 400
	assert old_total["per_delivered"] == 75
	assert old_total["per_paid"] == 55
	assert (old_total["lines"], old_total["lines_due"], old_total["on_time_lines"]) == (3, 3, 0)
	assert old_total["on_time_rate"] == 0
	assert (old_total["overdue_lines"], old_total["overdue_amount"]) == (1, 500)

	a = result.groups[(old, base.customer)]
	assert (a["contracts"], a["ordered_amount"], a["paid_amount"], a["overdue_amount"]) == (1, 1500, 600, 500)
	assert a["per_invoiced"] == pytest.approx(66.67)
	b = result.groups[(old, base.customer_b)]
	assert (b["ordered_amount"], b["per_delivered"], b["per_invoiced"], b["per_paid"]) == (500, 100, 100, 100)
	# groups inside a period: largest ordered amount first
	assert [row["group_value"] for row in result.data if row["indent"] == 1][:2] == [
		base.customer,
		base.customer_b,
	]

	c = result.groups[(now, base.customer)]
	assert c is not None and now_total["contracts"] == 1
	assert (c["ordered_amount"], c["delivered_amount"], c["invoiced_amount"], c["paid_amount"]) == (
		1400,
		300,
		1000,
		0,
	)
	assert (c["lines"], c["lines_due"], c["on_time_lines"], c["on_time_rate"]) == (3, 1, 1, 100)
	assert c["overdue_lines"] == 0


def test_by_item_group_uses_the_lines(base, contracts):
	result = run(base, contracts, periodicity="Yearly", group_by="Item Group")
	materials = [row for key, row in result.groups.items() if key[1] == base.item_group]
	parts = [row for key, row in result.groups.items() if key[1] == PARTS]
	assert sum(row["ordered_amount"] for row in materials) == 2000 + 1300
	assert sum(row["invoiced_amount"] for row in materials) == 1500 + 1000
	assert [(row["contracts"], row["ordered_amount"], row["lines_due"]) for row in parts] == [(1, 100, 0)]
	assert sum(row["ordered_amount"] for row in result.periods) == 3400


def test_summary_chart_and_filters(base, contracts):
	result = run(base, contracts, periodicity="Quarterly", group_by="Territory")
	assert result.summary["Contracts"] == 3
	assert result.summary["Ordered Amount"] == 3400
	assert result.summary["% Delivered"] == pytest.approx(round(100 * 1800 / 3400, 2))
	assert result.summary["% Paid"] == pytest.approx(round(100 * 1100 / 3400, 2))
	assert result.summary["On-Time Delivery Rate"] == 25  # 1 of the 4 due lines
	assert result.summary["Overdue Lines"] == 1
	assert {key[1] for key in result.groups} == {base.territory}
	assert result.chart["data"]["labels"] == [row["period"] for row in result.periods]
	assert [d["name"] for d in result.chart["data"]["datasets"]] == [
		"Ordered Amount",
		"Delivered Amount",
		"Invoiced Amount",
		"Paid Amount",
	]

	only_b = run(base, contracts, customer=base.customer_b)
	assert only_b.summary["Contracts"] == 1 and only_b.summary["Ordered Amount"] == 500
	recent = run(base, contracts, from_date=day(-30))
	assert recent.summary["Contracts"] == 1 and recent.summary["Ordered Amount"] == 1400


def test_live_changes_and_closed_orders(base, contracts):
	"""A delivery and a close change the statistics at once: the tables are live."""
	factories.make_delivery_note(contracts.a, qty={base.gadget: 2})
	row = run(base, contracts, periodicity="Yearly", customer=base.customer).periods
	assert sum(r["overdue_lines"] for r in row) == 0
	assert sum(r["delivered_amount"] for r in row) == 1500 + 300

	c = frappe.get_doc("Sales Order", contracts.c.name)
	c.update_status("Closed")
	closed = run(base, contracts, from_date=day(-30))
	assert closed.summary["Contracts"] == 1
	assert closed.periods[0]["lines_due"] == 1  # the undelivered lines of a closed order are not due


def test_cancelled_orders_are_left_out(base):
	order = factories.make_sales_order(customer=base.customer_b)
	on = order.transaction_date
	before = execute({"company": base.company, "customer": base.customer_b, "from_date": on, "to_date": on})
	order.cancel()
	after = execute({"company": base.company, "customer": base.customer_b, "from_date": on, "to_date": on})
	assert after[4][0]["value"] == before[4][0]["value"] - 1


def test_refuses_bad_filters(base):
	assert_refused(execute({"periodicity": "Monthly"}), "select a Company")
	assert_refused(execute({"company": base.company, "periodicity": "Weekly"}), "Periodicity must be one of")
	assert_refused(execute({"company": base.company, "group_by": "Warehouse"}), "Group By must be one of")


def test_group_column_is_a_left_aligned_link_whatever_the_grouping(base):
	"""The period rows leave the group column empty, which the desk's table reads as a number
	column (right-aligned) unless the column says how to align."""
	for group_by in ("Customer", "Sales Person", "Territory", "Item Group"):
		columns = execute({"company": base.company, "group_by": group_by})[0]
		column = next(col for col in columns if col["fieldname"] == "group_value")
		assert (column["fieldtype"], column["options"]) == ("Link", group_by)
		assert column.get("align") == "left", group_by


def test_two_queries_whatever_the_data(base, contracts):
	"""The contracts and their lines grouped in the database (plus the company check)."""
	run(base, contracts)  # warm the caches
	with recorded_statements() as one:
		run(base, contracts, customer=base.customer_b, sales_person=None)
	with recorded_statements() as many:
		run(base, contracts, sales_person=None, group_by="Item Group")
	assert selects(one) == selects(many) <= 3, (one, many)


def test_roles_decide_who_runs_the_report(base, contracts):
	"""Over REST, on committed data: the report's roles decide, and the rows' links are
	checked against the user's permissions by frappe."""
	manager = factories.ensure_user("nq-cf-stats-manager@example.com", ["Sales Manager"])
	seller = factories.ensure_user("nq-cf-stats-seller@example.com", ["Sales User"])
	for group_by in ("Customer", "Sales Person"):
		response = report_call(base, contracts, manager, group_by)
		assert response.status_code == 200, response.text
		rows = response.json["message"]["result"]
		assert sum(row["contracts"] for row in rows if row.get("indent") == 0) == 3
	assert report_call(base, contracts, seller, "Customer").status_code == 403


def report_call(base, contracts, user, group_by):
	filters = {
		"company": base.company,
		"from_date": str(day(-400)),
		"to_date": str(day(0)),
		"sales_person": contracts.person,
		"periodicity": "Monthly",
		"group_by": group_by,
	}
	path = "/api/method/frappe.desk.query_report.run?report_name={}&filters={}".format(
		"Contract Fulfilment Statistics", json.dumps(filters)
	)
	return rest.call("GET", path, user=user)
