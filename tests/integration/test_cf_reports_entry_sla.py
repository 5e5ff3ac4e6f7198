"""Report Contract Entry SLA: orders entered later than N working days after signing,
with the company's holiday list deciding which days are working days."""

import json

import frappe
import pytest
from frappe.utils import add_days, getdate, now_datetime, nowdate

from neiqin.contract_fulfilment.report.contract_entry_sla.contract_entry_sla import execute
from tests.integration import factories, rest
from tests.integration.report_support import assert_refused


@pytest.fixture
def holidays(base):
	"""set_holidays(dates): the test company's default holiday list becomes exactly `dates`."""

	def set_holidays(dates):
		today = getdate(nowdate())
		doc = frappe.get_doc(
			{
				"doctype": "Holiday List",
				"holiday_list_name": f"_NQ SLA {frappe.generate_hash(length=6)}",
				"from_date": add_days(today, -60),
				"to_date": add_days(today, 60),
				"holidays": [{"holiday_date": day, "description": "Holiday"} for day in dates],
			}
		).insert(ignore_permissions=True)
		frappe.db.set_value("Company", base.company, "default_holiday_list", doc.name)
		frappe.clear_document_cache("Company", base.company)
		return doc.name

	yield set_holidays
	frappe.db.rollback()  # the company's own holiday list is back; its cached copy must follow
	frappe.clear_document_cache("Company", base.company)


@pytest.fixture(autouse=True)
def sla_one_day():
	frappe.db.set_single_value("Neiqin Settings", "entry_sla_working_days", 1)


def run(base, **filters):
	today = getdate(nowdate())
	filters = {"company": base.company, "from_date": add_days(today, -30), "to_date": today, **filters}
	columns, data, message, _chart, summary = execute(filters)
	return frappe._dict(
		columns=columns,
		rows={row["sales_order"]: row for row in data},
		message=message,
		summary={card["label"]: card["value"] for card in summary},
	)


def signed_contract(order, signed_on):
	doc = frappe.get_doc(
		{
			"doctype": "Contract",
			"party_type": "Customer",
			"party_name": order.customer,
			"contract_terms": "Supply of goods as per the order.",
			"start_date": getdate(signed_on),
			"is_signed": 1,
			"signee": "Buyer",
			"signed_on": signed_on,
			"document_type": "Sales Order",
			"document_name": order.name,
		}
	).insert(ignore_permissions=True)
	return doc


def test_late_entry_without_holidays_counts_every_day(base, holidays):
	holidays([])
	today = getdate(nowdate())
	order = factories.make_sales_order(contract_signed_date=add_days(today, -3))
	result = run(base)
	row = result.rows[order.name]
	assert row["signed_date"] == add_days(today, -3)
	assert row["working_days"] == 3
	assert row["deadline"] == add_days(today, -2)
	assert row["days_late"] == 2
	assert row["is_late"] == 1
	assert getdate(row["entered_on"]) == today
	assert row["entered_by"] == "Administrator"


def test_holidays_are_not_working_days(base, holidays):
	today = getdate(nowdate())
	holidays([add_days(today, -2), add_days(today, -1)])
	order = factories.make_sales_order(contract_signed_date=add_days(today, -3))

	assert order.name not in run(base).rows  # only late entries by default
	row = run(base, only_late=0).rows[order.name]
	assert row["working_days"] == 1
	assert row["deadline"] == today
	assert row["is_late"] == 0
	assert run(base, only_late=0).message is None


def test_signed_date_from_the_linked_contract(base, holidays):
	holidays([])
	today = getdate(nowdate())
	order = factories.make_sales_order()
	contract = signed_contract(order, f"{add_days(today, -5)} 16:30:00")
	own_date = factories.make_sales_order(contract_signed_date=today)
	signed_contract(own_date, f"{add_days(today, -9)} 09:00:00")  # the order's own date wins
	unsigned = factories.make_sales_order()

	result = run(base, only_late=0)
	row = result.rows[order.name]
	assert row["signed_date"] == add_days(today, -5)
	assert row["contract"] == contract.name
	assert row["signed_date_source"] == "Contract"
	assert row["days_late"] == 4
	assert result.rows[own_date.name]["signed_date"] == today
	assert result.rows[own_date.name]["signed_date_source"] == "Sales Order"
	assert not result.rows[own_date.name]["is_late"]
	assert unsigned.name not in result.rows


def test_setting_filters_and_drafts(base, holidays):
	holidays([])
	today = getdate(nowdate())
	draft = factories.make_sales_order(
		customer=base.customer_b, contract_signed_date=add_days(today, -3), submit=False
	)
	old = factories.make_sales_order(contract_signed_date=add_days(today, -40))

	result = run(base)
	assert draft.name in result.rows  # entered (as a draft) is entered
	assert old.name not in result.rows  # signed before the date range
	assert draft.name not in run(base, customer=base.customer).rows

	frappe.db.set_single_value("Neiqin Settings", "entry_sla_working_days", 3)
	result = run(base, only_late=0)
	assert not result.rows[draft.name]["is_late"]
	assert result.summary["Allowed Working Days"] == 3


def test_summary_and_missing_holiday_list(base, holidays):
	frappe.db.set_value("Company", base.company, "default_holiday_list", None)
	frappe.clear_document_cache("Company", base.company)
	today = getdate(nowdate())
	late = factories.make_sales_order(contract_signed_date=add_days(today, -4))
	on_time = factories.make_sales_order(contract_signed_date=add_days(today, -1))
	result = run(base, only_late=0)
	assert result.rows[late.name]["is_late"] and not result.rows[on_time.name]["is_late"]
	assert base.company in result.message
	mine = [result.rows[late.name], result.rows[on_time.name]]
	assert sum(r["is_late"] for r in mine) == 1
	checked, late_count = result.summary["Orders Checked"], result.summary["Entered Late"]
	assert checked >= 2 and 1 <= late_count <= checked
	assert result.summary["Entered On Time"] == round(100 * (checked - late_count) / checked, 2)


def test_amended_order_keeps_the_first_entry_time(base, holidays):
	holidays([])
	today = getdate(nowdate())
	original = factories.make_sales_order(contract_signed_date=add_days(today, -2))
	original.cancel()
	amended = frappe.copy_doc(original)
	amended.amended_from = original.name
	amended.docstatus = 0
	amended.insert(ignore_permissions=True)
	frappe.db.set_value(
		"Sales Order", original.name, "creation", add_days(now_datetime(), -2), update_modified=False
	)

	row = run(base, only_late=0).rows[amended.name]
	assert getdate(row["entered_on"]) == add_days(today, -2)
	assert row["working_days"] == 0 and not row["is_late"]
	assert original.name not in run(base, only_late=0).rows  # cancelled


def test_refuses_bad_filters(base):
	assert_refused(execute({}), "select a Company")
	assert_refused(
		execute({"company": base.company, "from_date": nowdate(), "to_date": add_days(nowdate(), -1)}),
		"is after To Date",
	)


def test_roles_decide_who_runs_the_report(base, committed):
	"""Over REST, on committed data: sales managers read it, sellers do not."""
	manager = factories.ensure_user("nq-cf-stats-manager@example.com", ["Sales Manager"])
	seller = factories.ensure_user("nq-cf-stats-seller@example.com", ["Sales User"])
	order = committed.add(factories.make_sales_order(contract_signed_date=add_days(nowdate(), -6)))
	filters = json.dumps(
		{"company": base.company, "from_date": add_days(nowdate(), -7), "to_date": nowdate()}
	)
	path = f"/api/method/frappe.desk.query_report.run?report_name=Contract Entry SLA&filters={filters}"
	response = rest.call("GET", path, user=manager)
	assert response.status_code == 200, response.text
	rows = [row for row in response.json["message"]["result"] if row.get("sales_order") == order.name]
	assert len(rows) == 1 and rows[0]["is_late"] == 1
	assert rest.call("GET", path, user=seller).status_code == 403
