"""The clerk's day in a real browser, on the demo site, with the desk in Chinese.

An order is made for the run (and deleted with everything made from it afterwards); the rest
is the demo data of `neiqin.demo`."""

from __future__ import annotations

import frappe
import pytest
from frappe.utils import add_days, nowdate

from neiqin.contract_fulfilment.printing import PRINT_FORMAT
from neiqin.demo import base
from neiqin.demo.users import user
from tests.integration.factories import Cleanup
from tests.integration.inventory import assert_covered, neiqin_reports

# the glossary's words (docs/glossary.md), not ERPNext's 同意/拒绝
APPROVE, REJECT = "批准", "驳回"
# report -> (who opens it, filters to set, chart expected)
REPORTS = {
	"Awaiting My Review": ("reviewer", {}, False),
	"My Drafts Awaiting Review": ("clerk", {}, False),
	"Review Audit Trail": ("manager", {}, False),
	"Contract Fulfilment Statistics": ("clerk", {}, True),
	"Contract Receivables": ("clerk", {}, True),
	"Contract Entry SLA": ("clerk", {}, False),
	"Sales Material Ledger": ("clerk", {}, False),
	"Material Dispatch Register": ("clerk", {"from_date": -40}, True),
	"Courier Fee Settlement": ("clerk", {"courier": base.COURIER, "from_date": -40}, False),
	"Daily Sales Report": ("clerk", {"from_date": -40}, False),
	"Daily Receipts Detail": ("finance", {"from_date": -40}, False),
	"Daily Sales Statistics": ("manager", {"from_date": -40}, True),
	"Sales Finance Reconciliation": ("finance", {"from_date": -40}, False),
	# registers, compliance and documents back (neiqin.demo.registers, neiqin.demo.documents_back)
	"Balance Confirmation Status": ("clerk", {}, False),
	"Customer Qualification Status": ("clerk", {}, False),
	"Customer Visit Summary": ("clerk", {}, False),
	"Fapiao Reconciliation": ("clerk", {"from_date": -60}, False),
	"Fapiao Register": ("clerk", {"from_date": -60}, False),
	"Invoice Request SLA": ("clerk", {}, False),
	"Promotion Budget Usage": ("manager", {}, False),
	"Receipt Document Tracking": ("finance", {}, False),
	"Seal Usage Register": ("clerk", {"from_date": -40}, False),
	"Signed Receipt Tracking": ("clerk", {}, False),
	"Plan Attainment": ("manager", {}, True),
	"Collection Follow-up Board": ("clerk", {}, True),
	"Weekly Summary Roll-up": ("clerk", {}, False),
}
# reports the demo data (neiqin.demo) has no rows for yet, or no browser test walks yet
NO_DEMO_DATA: set[str] = {
	# sales expenses: the demo has requests, claims and a budget; no browser test walks them yet
	"Sales Expense Ledger",
	"Employee Advance Balance",
	"Expense Budget Usage",
	"Collections and Expenses by Territory",
}


@pytest.fixture(scope="module")
def cleanup():
	made = Cleanup()
	yield made
	made.run()


@pytest.fixture(scope="module")
def run():
	"""What the tests of this module hand on to the next one (they run in order)."""
	return {}


@pytest.fixture(scope="module")
def order(cleanup):
	store = base.warehouse()
	doc = frappe.get_doc(
		{
			"doctype": "Sales Order",
			"company": base.company_name(),
			"customer": base.CUSTOMERS[0],
			"po_no": f"BROWSER-{frappe.generate_hash(length=6)}",
			"transaction_date": nowdate(),
			"delivery_date": add_days(nowdate(), 10),
			"selling_price_list": base.PRICE_LIST,
			"set_warehouse": store,
			"items": [{"item_code": "DEMO-FEED-01", "qty": 3, "warehouse": store}],
		}
	).insert(ignore_permissions=True)
	doc.submit()
	frappe.db.commit()
	cleanup.add(doc)
	return doc.name


def register_documents_of(order_name: str, cleanup: Cleanup):
	frappe.db.rollback()
	for dn in frappe.get_all(
		"Delivery Note Item", filters={"against_sales_order": order_name}, pluck="parent", distinct=True
	):
		cleanup.add("Delivery Note", dn)  # its Document Reviews go with it (dual review's on_trash)


def test_the_clerk_makes_a_delivery_note_from_the_order_and_its_submit_is_refused(desk, order, run, cleanup):
	clerk = desk(user("clerk"))
	clerk.open_form("Sales Order", order)
	clerk.shot("order")
	clerk.click_group_item("创建", "销售出货")
	clerk.wait_for_form("Delivery Note")
	clerk.save()
	run["dn"] = clerk.frm("frm.docname")
	register_documents_of(order, cleanup)
	panel = clerk.page.locator(".neiqin-review-area")
	panel.wait_for()
	assert "双人复核" in panel.inner_text()
	clerk.shot("review-panel")

	clerk.primary_action()  # 提交
	clerk.confirm_yes()  # 永久提交?
	refusal = clerk.dialog_text()
	clerk.shot("submit-refused")
	assert "复核" in refusal and "不能提交" in refusal, refusal
	frappe.db.rollback()
	assert frappe.db.get_value("Delivery Note", run["dn"], "docstatus") == 0


def test_two_reviewers_approve_it(desk, run):
	for key in ("reviewer", "reviewer2"):
		reviewer = desk(user(key))
		reviewer.open_form("Delivery Note", run["dn"])
		menu = reviewer.page.locator(".page-actions .inner-group-button", has_text="双人复核")
		menu.first.wait_for()
		assert {t.strip() for t in menu.locator(".dropdown-item").all_text_contents()} == {APPROVE, REJECT}
		reviewer.click_group_item("双人复核", APPROVE)
		dialog = reviewer.page.locator(".modal.show:visible").last
		dialog.wait_for()
		assert dialog.locator(".modal-title").inner_text().strip() == APPROVE
		for box in dialog.locator("input[type=checkbox]:visible").all():
			box.check()
		reviewer.shot("approve-dialog")
		dialog.locator(".modal-footer .btn-primary").click()
		dialog.wait_for(state="hidden")
		reviewer.settle()
		reviewer.shot("approved")
	frappe.db.rollback()
	decisions = frappe.get_all(
		"Document Review",
		filters={"reference_doctype": "Delivery Note", "reference_name": run["dn"], "status": "Valid"},
		pluck="decision",
	)
	assert decisions == ["Approved", "Approved"]


def test_the_clerk_submits_it_and_the_fulfilment_table_shows_the_delivery(desk, order, run):
	clerk = desk(user("clerk"))
	clerk.open_form("Delivery Note", run["dn"])
	clerk.primary_action()
	clerk.confirm_yes()
	clerk.page.wait_for_function("() => cur_frm.doc.docstatus === 1")
	clerk.settle()
	clerk.shot("submitted")

	clerk.open_form("Contract Fulfilment", order)
	assert clerk.frm("frm.doc.items.map((row) => row.delivered_qty)") == [3]
	assert "合同履行" in " ".join(clerk.texts())
	clerk.shot("fulfilment-table")

	clerk.page.goto(f"/app/print/Contract Fulfilment/{order}")
	picker = clerk.page.locator(".print-preview-sidebar [data-fieldname=print_format] input").first
	picker.wait_for()
	preview = clerk.page.frame_locator("iframe.print-format-container")
	preview.locator(".cf-print table").first.wait_for()
	# frappe's print view shows a print format by its name: the statement's is Chinese
	assert picker.input_value() == PRINT_FORMAT
	clerk.shot("fulfilment-print")
	# chosen again from the picker's list, it still prints the statement (not frappe's standard):
	# the statement drawn before is marked, it must come back drawn anew
	preview.locator(".cf-print").evaluate("(statement) => { statement.dataset.seen = '1'; }")
	picker.fill("")
	picker.press_sequentially("合同")
	clerk.page.locator("ul[role=listbox] div[role=option]", has_text=PRINT_FORMAT).first.click()
	preview.locator(".cf-print:not([data-seen]) h2", has_text="合同履行一览表").wait_for()
	assert picker.input_value() == PRINT_FORMAT


def test_a_sample_is_dispatched_after_the_managers_approval(desk, cleanup):
	frappe.set_user(user("clerk"))
	try:
		log = frappe.get_doc(
			{
				"doctype": "Sales Material Log",
				"kind": "Sample",
				"company": base.company_name(),
				"party_type": "Customer",
				"party": base.CUSTOMERS[1],
				"set_warehouse": base.warehouse(),
				"dispatch_method": "Courier",
				"courier": base.COURIER,
				"tracking_number": f"BROWSER-{frappe.generate_hash(length=8)}",
				"shipping_cost": 12,
				"items": [{"item_code": "DEMO-SAMPLE", "qty": 2}],
			}
		).insert()
	finally:
		frappe.set_user("Administrator")
	frappe.db.commit()
	cleanup.add(log)

	clerk = desk(user("clerk"))
	clerk.open_form("Sales Material Log", log.name)
	assert "已申请" in " ".join(clerk.texts())
	clerk.shot("sample-requested")

	manager = desk(user("manager"))
	manager.open_form("Sales Material Log", log.name)
	manager.click_group_item("双人复核", APPROVE)
	dialog = manager.page.locator(".modal.show:visible").last
	dialog.wait_for()
	dialog.locator(".modal-footer .btn-primary").click()
	dialog.wait_for(state="hidden")
	manager.settle()
	manager.shot("sample-approved")

	clerk.open_form("Sales Material Log", log.name)
	clerk.primary_action()
	clerk.confirm_yes()
	clerk.page.wait_for_function("() => cur_frm.doc.docstatus === 1")
	clerk.settle()
	clerk.shot("sample-dispatched")
	frappe.db.rollback()
	assert frappe.db.get_value("Sales Material Log", log.name, "status") == "Dispatched"


def test_every_neiqin_report_is_walked_or_listed_as_without_demo_data():
	assert_covered([*REPORTS, *NO_DEMO_DATA], neiqin_reports(), "report")
	assert not set(REPORTS) & NO_DEMO_DATA


@pytest.mark.parametrize("report", list(REPORTS))
def test_every_neiqin_report_shows_rows(desk, report):
	who, filters, chart = REPORTS[report]
	session = desk(user(who))
	session.goto(f"query-report/{report}")
	page = session.page
	page.wait_for_function("() => frappe.query_report && frappe.query_report.report_name")
	for fieldname, value in filters.items():
		if isinstance(value, int):
			value = add_days(nowdate(), value)
		page.evaluate("([f, v]) => frappe.query_report.set_filter_value(f, v)", [fieldname, str(value)])
	page.wait_for_function(
		"() => frappe.query_report.data && frappe.query_report.data.length > 0", timeout=60_000
	)
	session.settle()
	if chart:
		page.locator(".chart-wrapper svg.frappe-chart").first.wait_for()
		# the axis options the chart asks for are the ones it is drawn with (neiqin/report_chart.js)
		# drawn by neiqin/report_chart.js: without the animation a resize would break
		assert page.evaluate("() => frappe.query_report.chart.config.disableEntryAnimation")
		wanted, drawn, series, half = page.evaluate(
			"""() => {
				const report = frappe.query_report;
				const wanted = report.raw_data.chart.neiqin_axis || {};
				const axis = report.chart_options.axisOptions;
				const format = report.chart.config.numberFormatter;
				return [
					wanted,
					Object.fromEntries(Object.keys(wanted).map((key) => [key, axis[key]])),
					report.chart.config.xIsSeries,
					format ? format(2.5) : null,
				];
			}"""
		)
		assert drawn == wanted
		if wanted.get("xIsSeries"):
			assert series  # day labels thinned out, not cut to "..."
		if wanted.get("integer"):
			assert half == ""  # no fractional ticks on a count axis
		page.wait_for_timeout(1500)  # the chart's entry animation and first update run
	session.shot(report.lower().replace(" ", "-"))
	# the reader sees rows in the table itself, not only in the report's data
	assert page.locator(".dt-row:not(.dt-row-header) .dt-cell__content").count() > 0


@pytest.mark.parametrize("who", ["clerk", "reviewer", "manager"])
def test_the_workspace_shows_cards_and_charts(desk, who):
	session = desk(user(who))
	session.page.goto("/app")
	session.settle()
	if who == "clerk":
		session.page.wait_for_url("**/app/sales-back-office")
	session.goto("sales-back-office")
	page = session.page
	page.locator(".number-widget-box").first.wait_for()
	page.wait_for_function(
		"() => [...document.querySelectorAll('.number-widget-box .widget-content')]"
		".some((el) => /\\d/.test(el.innerText))"
	)
	page.locator(".number-widget-box").first.filter(has_text="待我复核").wait_for()
	if who != "reviewer":  # the chart counts contract tables, which reviewers do not read
		page.locator(".dashboard-widget-box svg.frappe-chart").first.wait_for()
	session.shot(f"workspace-{who}")
	# 待我复核 comes first, and every card shows a number
	assert "待我复核" in page.locator(".number-widget-box").first.inner_text()
	counts = page.locator(".number-widget-box .widget-content").all_inner_texts()
	assert counts and all(any(ch.isdigit() for ch in text) for text in counts)
