"""The sales expense reports on a real site: what they show, the advance reminder, the same
statements for N and 4N documents, User Permissions."""

import frappe
import pytest
from frappe.desk.query_report import run
from frappe.utils import add_days, flt, get_first_day, nowdate

from neiqin.sales_expenses import advances
from tests.integration import expenses_support as support
from tests.integration import factories
from tests.integration.sql_spy import recorded_statements, selects

REPORTS = (
	"Sales Expense Ledger",
	"Employee Advance Balance",
	"Expense Budget Usage",
	"Collections and Expenses by Territory",
)


@pytest.fixture(scope="module")
def ex(base):
	return support.ensure_expenses(base)


def filters_for(report, base, territory=None):
	today = nowdate()
	period = {"company": base.company, "from_date": add_days(today, -40), "to_date": add_days(today, 40)}
	return {
		"Sales Expense Ledger": {**period, "group_by": "Territory"},
		"Employee Advance Balance": {"company": base.company, "as_of_date": add_days(today, 40)},
		"Expense Budget Usage": {**period, **({"territory": territory} if territory else {})},
		"Collections and Expenses by Territory": dict(period),
	}[report]


def rows_of(report, filters, user="Administrator"):
	with factories.as_user(user):
		result = run(report, filters=filters, ignore_prepared_report=True)
	return result["result"], result


def expense_book(base, ex, territory, count: int):
	"""`count` requests of 100 (advance 60) in `territory`, each claimed 80 and paid its advance."""
	requests = []
	for _i in range(count):
		request = support.approved_request(base, ex, amount=100, advance=60, territory=territory)
		support.pay_advance(request)
		support.submitted_claim(base, ex, [support.claim_line(request, 80)])
		requests.append(request)
	return requests


def test_ledger_shows_requested_approved_advanced_claimed_paid(base, ex):
	territory = factories.make_territory().name
	expense_book(base, ex, territory, 2)
	support.make_request(base, ex, amount=50, territory=territory)  # a draft: requested only
	rows, result = rows_of("Sales Expense Ledger", filters_for("Sales Expense Ledger", base))
	mine = [row for row in rows if row["key"] == territory]
	assert sum(row["requested"] for row in mine) == 250
	assert sum(row["approved"] for row in mine) == 200
	assert sum(row["advanced"] for row in mine) == 120
	assert sum(row["claimed"] for row in mine) == 160
	assert sum(row["paid"] for row in mine) == 120  # advances settled; the rest not paid yet
	assert result["chart"]["data"]["datasets"]


def test_advance_balance_and_the_overdue_reminder(base, ex):
	request = support.approved_request(base, ex, amount=500, advance=300)
	payment = support.pay_advance(request)
	settle_days = frappe.db.get_single_value("Neiqin Settings", "advance_settle_days")
	later = add_days(payment.posting_date, settle_days + 1)
	rows, _result = rows_of(
		"Employee Advance Balance", {"company": base.company, "as_of_date": later, "only_overdue": 1}
	)
	mine = next(row for row in rows if row["employee"] == ex.employees["sales"])
	assert mine["overdue"] >= 300 and mine["oldest_days"] >= settle_days + 1

	def reminders():
		return frappe.db.count(
			"Notification Log", {"document_name": request.name, "for_user": ex.users["sales"]}
		)

	before = reminders()
	advances.send_overdue_reminders(payment.posting_date)  # not overdue yet
	assert reminders() == before
	assert advances.send_overdue_reminders(later) >= 1
	assert reminders() == before + 1
	support.submitted_claim(base, ex, [support.claim_line(request, 300)])
	rows, _result = rows_of("Employee Advance Balance", {"company": base.company, "as_of_date": later})
	after = next((row for row in rows if row["employee"] == ex.employees["sales"]), {"outstanding": 0})
	assert after["outstanding"] == flt(mine["outstanding"] - 300, 2)


def test_budget_usage_shows_committed_claimed_and_left(base, ex):
	territory = factories.make_territory().name
	budget = frappe.get_doc(
		{
			"doctype": "Sales Expense Budget",
			"company": base.company,
			"fiscal_year": factories.ensure_fiscal_year(nowdate()),
			"period": "Month",
			"period_start": get_first_day(nowdate()),
			"lines": [{"territory": territory, "amount": 1000}],
		}
	).insert()
	budget.submit()
	expense_book(base, ex, territory, 1)  # 100 approved, 80 claimed: uses 100
	support.approved_request(base, ex, amount=300, territory=territory)  # committed 300
	rows, _result = rows_of("Expense Budget Usage", filters_for("Expense Budget Usage", base, territory))
	(row,) = rows
	assert (row["amount"], row["committed"], row["actual"], row["left"]) == (1000, 320, 80, 600)
	assert flt(frappe.db.get_value("Sales Expense Budget Line", budget.lines[0].name, "used_amount")) == 400


def test_collections_and_expenses_by_territory(base, ex):
	territory = factories.make_territory().name
	customer = factories.make_customer(territory=territory)
	so = factories.make_sales_order(customer=customer.name, items=[{"item_code": base.widget, "qty": 10}])
	dn = factories.make_delivery_note(so)
	si = factories.make_sales_invoice(dn)
	factories.make_payment_entry(si, amount=800)
	expense_book(base, ex, territory, 1)
	rows, _result = rows_of(
		"Collections and Expenses by Territory", filters_for("Collections and Expenses by Territory", base)
	)
	mine = [row for row in rows if row["territory"] == territory]
	assert sum(row["collected"] for row in mine) == 800
	assert sum(row["expenses"] for row in mine) == 80
	assert mine[0]["ratio"] == 10


@pytest.mark.parametrize("report", REPORTS)
def test_statements_do_not_grow_with_the_data(report, base, ex):
	territory = factories.make_territory().name
	filters = filters_for(report, base)
	expense_book(base, ex, territory, 1)
	rows_of(report, filters)  # warm the caches
	with recorded_statements() as few:
		rows_of(report, filters)
	expense_book(base, ex, territory, 4)
	with recorded_statements() as many:
		rows_of(report, filters)
	assert selects(many) == selects(few), (len(few), len(many))


def test_a_manager_sees_only_his_territories_in_the_ledger(base, ex):
	territory, other = factories.make_territory().name, factories.make_territory().name
	expense_book(base, ex, territory, 1)
	expense_book(base, ex, other, 1)
	manager = ex.users["manager2"]
	frappe.get_doc(
		{"doctype": "User Permission", "user": manager, "allow": "Territory", "for_value": other}
	).insert(ignore_permissions=True)
	rows, _result = rows_of("Sales Expense Ledger", filters_for("Sales Expense Ledger", base), manager)
	keys = {row["key"] for row in rows}
	assert other in keys and territory not in keys


def test_workspace_cards_count_requests_awaiting_me_and_overdue_advances(base, ex):
	from neiqin.sales_expenses.cards import advances_overdue, requests_awaiting_me

	with factories.as_user(ex.users["manager"]):
		before = requests_awaiting_me()["value"]
		overdue_before = advances_overdue()["value"]
	with factories.as_user(ex.users["colleague"]):
		colleagues_before = advances_overdue()["value"]
	support.make_request(base, ex)
	with factories.as_user(ex.users["manager"]):
		assert requests_awaiting_me()["value"] == before + 1
	request = support.approved_request(base, ex, amount=300, advance=300)
	payment = support.pay_advance(request)
	settle_days = frappe.db.get_single_value("Neiqin Settings", "advance_settle_days")
	frappe.db.set_value("Payment Entry", payment.name, "posting_date", add_days(nowdate(), -settle_days - 1))
	with factories.as_user(ex.users["manager"]):
		assert advances_overdue()["value"] == overdue_before + 1
	with factories.as_user(ex.users["colleague"]):  # a Sales User sees only his own
		assert advances_overdue()["value"] == colleagues_before
