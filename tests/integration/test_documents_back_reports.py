"""Reports and cards of the documents back: Signed Receipt Tracking, Invoice Request SLA, Fapiao
Register, Fapiao Reconciliation — rows, charts, User Permissions and constant SQL statements."""

import frappe
import pytest
from frappe.utils import add_days, getdate, nowdate

from neiqin.documents_back import cards
from neiqin.documents_back.report.fapiao_reconciliation import fapiao_reconciliation
from neiqin.documents_back.report.fapiao_register import fapiao_register
from neiqin.documents_back.report.invoice_request_sla import invoice_request_sla
from neiqin.documents_back.report.signed_receipt_tracking import signed_receipt_tracking
from tests.integration import documents_back_support as support
from tests.integration import factories
from tests.integration.report_support import assert_refused
from tests.integration.sql_spy import recorded_statements, selects
from tests.integration.test_documents_back_requests import approved_and_submitted, invoicing_details, request


@pytest.fixture
def users(base):
	return support.ensure_users()


def invoice(customer: str = factories.CUSTOMERS[0], rate: float = 1130.0, **values):
	return factories.make_direct_sales_invoice(
		customer, [{"item_code": "_NQ Service", "qty": 1, "rate": rate}], **values
	)


def period(**values) -> dict:
	return {
		"company": factories.COMPANY,
		"from_date": add_days(nowdate(), -1),
		"to_date": nowdate(),
		**values,
	}


def by(rows, key, value):
	return [row for row in rows if row.get(key) == value]


def test_signed_receipt_tracking_shows_what_is_out_and_for_how_long(base):
	support.receipts_for_all(receipt_return_days=7)
	so = factories.make_sales_order(
		items=[{"item_code": "_NQ Service", "qty": 2, "rate": factories.ITEMS["_NQ Service"][1]}],
		transaction_date=add_days(nowdate(), -30),
	)
	old = factories.make_delivery_note(so, posting_date=add_days(nowdate(), -20))
	_so, recent = support.delivered_order()
	_columns, data, _message, chart, summary = signed_receipt_tracking.execute({"company": base.company})
	old_row = by(data, "delivery_note", old.name)[0]
	assert (old_row.days_outstanding, old_row.age, old_row.is_overdue) == (20, "16-30", 1)
	assert by(data, "delivery_note", recent.name)[0].is_overdue == 0
	assert chart["type"] == "bar" and sum(chart["data"]["datasets"][0]["values"]) >= 2
	assert {item["label"] for item in summary} >= {"Not Back", "Overdue"}
	overdue_only = signed_receipt_tracking.execute({"company": base.company, "only_overdue": 1})[1]
	assert by(overdue_only, "delivery_note", recent.name) == []
	returned = signed_receipt_tracking.execute({"company": base.company, "view": "Returned"})[1]
	assert all(row.status in ("Returned", "Archived") for row in returned)
	assert by(returned, "delivery_note", old.name) == []
	assert_refused(signed_receipt_tracking.execute({}), "Company")
	assert cards.signed_receipts_overdue()["value"] >= 1


def test_invoice_request_sla_counts_working_days_of_the_companys_holiday_list(base, users):
	invoicing_details(base.customer)
	so = factories.make_sales_order(items=[{"item_code": "_NQ Widget", "qty": 10}])
	today = getdate(nowdate())
	tomorrow = add_days(today, 1)
	with factories.as_user(users.clerk):
		same_day = request([(so, so.items[0], 1)], needed_by=today)
		next_day = request([(so, so.items[0], 1)], needed_by=tomorrow)
	holidays = factories.make_holiday_list([tomorrow], add_days(today, -5), add_days(today, 30))
	previous = frappe.db.get_value("Company", base.company, "default_holiday_list")
	frappe.db.set_value("Company", base.company, "default_holiday_list", holidays.name)
	frappe.clear_document_cache("Company", base.company)
	try:
		_columns, data, message, _chart, _summary = invoice_request_sla.execute(
			{"company": base.company, "from_date": today, "to_date": add_days(today, 2), "only_late": 0}
		)
	finally:
		frappe.db.set_value("Company", base.company, "default_holiday_list", previous)
		frappe.clear_document_cache("Company", base.company)
	rows = {row["invoice_request"]: row for row in data}
	assert rows[same_day.name]["is_late"] == 1
	# tomorrow is a holiday: needed then, entered today, no working day in between
	assert rows[next_day.name]["is_late"] == 1 and rows[next_day.name]["working_days_ahead"] == 0
	assert message is None
	without_holidays = invoice_request_sla.execute(
		{"company": base.company, "from_date": today, "to_date": add_days(today, 2)}
	)
	late = {row["invoice_request"] for row in without_holidays[1]}
	assert same_day.name in late and next_day.name not in late


def test_fapiao_register_lists_and_totals_by_type_without_void(base):
	blue = support.make_fapiao([invoice(rate=1130)])
	paper = support.make_fapiao(
		[invoice(rate=226)],
		fapiao_type="VAT Special Invoice",
		fapiao_code="3100231130",
		fapiao_number="00000077",
	)
	paper.status, paper.void_reason = "Void", "printed twice"
	paper.save()
	data = fapiao_register.execute(period())[1]
	names = {row.name for row in data}
	assert {blue.name, paper.name} <= names
	assert by(data, "name", paper.name)[0].total == 0  # listed, never totalled
	grouped = fapiao_register.execute(period(group_by="Fapiao Type"))[1]
	digital = by(grouped, "group", "Digital Ordinary Invoice")[0]
	assert digital.count >= 1 and digital.total >= 1130
	special = by(grouped, "group", "VAT Special Invoice")[0]
	assert (special.void, special.total) == (1, 0)
	assert_refused(fapiao_register.execute({"company": base.company}), "From Date")


def test_fapiao_reconciliation_lists_every_kind_of_mismatch(base):
	without = invoice(rate=500)
	partly = invoice(rate=1130)
	half = support.make_fapiao([partly], total=565, insert=False)
	half.invoices[0].amount = 565
	half.insert()
	orphan = support.make_fapiao([], total=113, customer=base.customer)
	whole = invoice(rate=1130)
	support.make_fapiao([whole], amount=1100, tax_amount=30)  # the invoice has no tax at all
	credit_note = factories.make_return(whole)
	data = fapiao_reconciliation.execute(period())[1]
	found = {(row["issue"], row["document"]) for row in data}
	assert ("Sales Invoice without fapiao", without.name) in found
	assert ("Sales Invoice partly covered", partly.name) in found
	assert ("Fapiao without Sales Invoice", orphan.name) in found
	assert ("Credit note without red-letter fapiao", credit_note.name) in found
	assert ("Issued, not mailed", orphan.name) in found
	assert any(issue == "Amount or tax differs" for issue, _doc in found)
	assert ("Sales Invoice without fapiao", whole.name) not in found
	chart = fapiao_reconciliation.execute(period())[3]
	assert chart["type"] == "bar"
	assert cards.invoices_without_fapiao()["value"] >= 1


def test_reports_send_as_many_statements_for_many_fapiao_as_for_one(base):
	support.make_fapiao([invoice()])
	fapiao_register.execute(period())
	fapiao_reconciliation.execute(period())
	with recorded_statements() as few:
		fapiao_register.execute(period())
		fapiao_reconciliation.execute(period())
		signed_receipt_tracking.execute({"company": base.company, "view": "All"})
	for _ in range(4):
		support.make_fapiao([invoice()])
	with recorded_statements() as many:
		fapiao_register.execute(period())
		fapiao_reconciliation.execute(period())
		signed_receipt_tracking.execute({"company": base.company, "view": "All"})
	assert selects(many) == selects(few)


def test_reports_show_only_the_customers_the_user_is_allowed(base, users):
	mine = support.make_fapiao([invoice()])
	theirs = support.make_fapiao([invoice(customer=base.customer_b)])
	frappe.get_doc(
		{"doctype": "User Permission", "user": users.clerk, "allow": "Customer", "for_value": base.customer}
	).insert(ignore_permissions=True)
	with factories.as_user(users.clerk):
		names = {row.name for row in fapiao_register.execute(period())[1]}
		documents = {row["document"] for row in fapiao_reconciliation.execute(period())[1]}
	assert mine.name in names and theirs.name not in names
	assert theirs.name not in documents


def test_approved_requests_reach_the_sla_report_as_to_invoice(base, users):
	invoicing_details(base.customer)
	so = factories.make_sales_order()
	with factories.as_user(users.clerk):
		doc = request([(so, so.items[0], 1)], needed_by=add_days(nowdate(), 10))
	approved_and_submitted(doc, users)
	rows = invoice_request_sla.execute({"company": base.company, "only_late": 0})[1]
	assert by(rows, "invoice_request", doc.name)[0]["status"] == "To Invoice"
