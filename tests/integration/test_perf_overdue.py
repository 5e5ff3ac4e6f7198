"""Issue 12, point 4: days overdue and the Overdue state are derived when read; the daily job
writes only what the date alone changed, and nothing for a table whose values stay the same."""

import frappe
import pytest
from frappe.utils import add_days, getdate, nowdate
from freezegun import freeze_time

from neiqin.contract_fulfilment import rebuild
from neiqin.contract_fulfilment.api import get_fulfilment
from neiqin.contract_fulfilment.report.contract_fulfilment_statistics import (
	contract_fulfilment_statistics as statistics_report,
)
from tests.integration import factories
from tests.integration.cf_support import table
from tests.integration.sql_spy import recorded_statements

pytestmark = pytest.mark.usefixtures("base")


def writes(statements: list[str]) -> list[str]:
	return [s for s in statements if s.lstrip().split(" ", 1)[0].lower() in ("insert", "update", "delete")]


def two_lines_due_in_two_days(base, **values):
	due = add_days(nowdate(), 2)
	so = factories.make_sales_order(
		**values,
		items=[
			{"item_code": base.widget, "qty": 2, "rate": 100, "delivery_date": due},
			{"item_code": base.gadget, "qty": 1, "rate": 250, "delivery_date": due},
		],
		delivery_date=due,
	)
	factories.make_delivery_note(so, qty={base.gadget: 1})  # the gadget is delivered early
	return so


def test_an_overdue_line_shows_its_days_overdue_on_a_later_date_with_no_write_in_between(base):
	so = two_lines_due_in_two_days(base, customer=factories.make_customer().name)  # its own customer
	written = table(so)
	assert [(row.status, row.days_overdue) for row in written.items] == [("Pending", 0), ("Delivered", 0)]
	stamp = (written.modified, written.last_recomputed)

	today, later = nowdate(), add_days(nowdate(), 7)  # five days past the delivery date
	with freeze_time(later), recorded_statements() as statements:
		doc = frappe.get_doc("Contract Fulfilment", so.name)
		assert [row.days_overdue for row in doc.items] == [5, 0]
		assert doc.as_dict()["items"][0]["days_overdue"] == 5  # what the form and REST send
		api_rows = get_fulfilment(so.name)["items"]
		assert [row["days_overdue"] for row in api_rows] == [5, 0]
		_columns, rows, *_rest = statistics_report.execute(
			{
				"company": base.company,
				"customer": so.customer,
				"from_date": add_days(today, -1),
				"to_date": later,
			}
		)
		assert sum(row["overdue_lines"] for row in rows if row["indent"] == 0) == 1  # the widget
	assert writes(statements) == []
	doc = table(so)
	assert (doc.modified, doc.last_recomputed) == stamp


def test_the_daily_job_writes_a_line_falling_overdue_once_and_then_nothing(base):
	so = two_lines_due_in_two_days(base)
	stamp = table(so).last_recomputed

	with freeze_time(add_days(nowdate(), 1)):  # not due yet: nothing to do
		assert so.name not in rebuild.orders_with_open_lines_past_due()
		rebuild.refresh_overdue_tables(commit=False)
	assert table(so).last_recomputed == stamp

	with freeze_time(add_days(nowdate(), 3)):  # the date alone turned the widget overdue
		assert so.name in rebuild.orders_with_open_lines_past_due()
		rebuild.refresh_overdue_tables(commit=False)
		doc = table(so)
		assert (doc.is_overdue, doc.overdue_lines, doc.items[0].status) == (1, 1, "Overdue")
		assert doc.items[0].days_overdue == 1

	stamp = (doc.modified, doc.last_recomputed)
	for days in (4, 30):  # later days: the stored values stay the same, the table is not touched
		with freeze_time(add_days(nowdate(), days)):
			assert so.name not in rebuild.orders_with_open_lines_past_due()
			rebuild.refresh_overdue_tables(commit=False)
			doc = table(so)
			assert (doc.modified, doc.last_recomputed) == stamp
			assert doc.items[0].days_overdue == days - 2
	assert getdate(table(so).items[0].delivery_date) == getdate(add_days(nowdate(), 2))


def test_a_recomputation_that_changes_nothing_writes_nothing(base):
	from neiqin.contract_fulfilment.recompute import recompute

	so = two_lines_due_in_two_days(base)
	table(so)
	with freeze_time(add_days(nowdate(), 9)), recorded_statements() as statements:
		frappe.get_doc("Contract Fulfilment", so.name)  # warm nothing: just read
		recompute(so.name)  # the line is overdue now: one write for the new state
	assert writes(statements)
	with freeze_time(add_days(nowdate(), 10)), recorded_statements() as statements:
		recompute(so.name)
	assert writes(statements) == []
