"""Issue 24 in a real browser (zh-CN, the demo site): each role lands on its own workspace whose
links all open; the "my drafts" card opens who is still pending; a sample approved once is
dispatched without a second approval (and a change that would void it asks first); the Delivery
Note list shows each draft's review state."""

from __future__ import annotations

import frappe
import pytest

from neiqin import workspaces
from neiqin.demo import base
from neiqin.demo.users import user
from tests.browser.test_flow import APPROVE
from tests.integration.factories import LEDGERS, Cleanup

# demo user -> the landing they arrive on after login
LANDS_ON = {
	"clerk": "Sales Back Office",
	"reviewer": "Sales Review",
	"manager": "Sales Management",
	"finance": "Sales Finance",
}


@pytest.fixture(scope="module")
def cleanup():
	"""Deletes what the tests made; a dispatched log's cancelled stock issue goes too (it would
	otherwise point at the log's name, which the next log of the series takes again)."""
	made = Cleanup()
	yield made
	made.run()
	logs = [name for doctype, name in made.docs if doctype == "Sales Material Log"]
	for entry in frappe.get_all(
		"Stock Entry", filters={"sales_material_log": ("in", logs or [""])}, pluck="name"
	):
		for ledger in LEDGERS:
			frappe.db.delete(ledger, {"voucher_type": "Stock Entry", "voucher_no": entry})
		frappe.delete_doc("Stock Entry", entry, ignore_permissions=True, force=True, delete_permanently=True)
	frappe.db.commit()


def test_every_landing_is_walked():
	assert set(LANDS_ON.values()) == {landing.name for landing in workspaces.LANDINGS}


@pytest.mark.parametrize("who", list(LANDS_ON))
def test_each_role_lands_on_its_workspace_and_every_link_opens(desk, who):
	landing = LANDS_ON[who]
	session = desk(user(who))
	page = session.page
	page.goto("/app")
	session.settle()
	route = frappe.scrub(landing).replace("_", "-")
	page.wait_for_url(f"**/app/{route}")
	page.locator(".links-widget-box").first.wait_for()
	page.locator(".number-widget-box").first.wait_for()
	# every card shows its number
	page.wait_for_function(
		"() => [...document.querySelectorAll('.number-widget-box')].every((el) => /\\d/.test(el.innerText))",
		timeout=30_000,
	)
	session.shot(f"landing-{who}")
	hrefs = page.evaluate(
		"() => [...document.querySelectorAll('.links-widget-box a.link-item')]"
		".map((a) => a.getAttribute('href')).filter(Boolean)"
	)
	hrefs = list(dict.fromkeys(hrefs))
	frappe.db.rollback()
	linked = [link for link in frappe.get_doc("Workspace", landing).links if link.type == "Link"]
	assert len(hrefs) == len(linked), (hrefs, [link.link_to for link in linked])
	for href in hrefs:
		page.goto(href)
		session.settle()
		title = page.locator(".page-head .title-text, .page-title .title-text").first
		title.wait_for()
		assert page.locator(".page-content .msg-box:has-text('没有权限')").count() == 0, href
		assert "/app/" in page.url, href


def test_the_my_drafts_card_opens_who_is_still_pending(desk):
	clerk = desk(user("clerk"))
	page = clerk.page
	clerk.goto("sales-back-office")
	card = page.locator(".number-widget-box", has_text="我的单据待复核").first
	card.wait_for()
	page.wait_for_function(
		"""() => [...document.querySelectorAll('.number-widget-box')]
			.some((el) => el.innerText.includes('我的单据待复核') && /\\d/.test(el.innerText))"""
	)
	clerk.shot("my-drafts-card")
	card.click()
	page.wait_for_url("**/app/query-report/My%20Drafts%20Awaiting%20Review**")
	page.wait_for_function("() => frappe.query_report && frappe.query_report.data")
	clerk.settle()
	clerk.shot("my-drafts-report")
	assert "待复核人" in " ".join(clerk.texts())
	rows = page.evaluate("() => frappe.query_report.data")
	frappe.db.rollback()
	for row in rows:
		assert frappe.db.get_value(row["document_type"], row["document"], "owner") == user("clerk")


def test_a_sample_approved_once_is_dispatched_without_a_second_approval(desk, cleanup):
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
				"purpose": "试样",
				"items": [{"item_code": "DEMO-SAMPLE", "qty": 2}],
			}
		).insert()
	finally:
		frappe.set_user("Administrator")
	frappe.db.commit()
	cleanup.add(log)

	manager = desk(user("manager"))
	manager.open_form("Sales Material Log", log.name)
	manager.click_group_item("双人复核", APPROVE)
	dialog = manager.page.locator(".modal.show:visible").last
	dialog.wait_for()
	dialog.locator(".modal-footer .btn-primary").click()
	dialog.wait_for(state="hidden")
	manager.settle()

	clerk = desk(user("clerk"))
	clerk.open_form("Sales Material Log", log.name)
	# a change of what the manager judged would void the approval: the form asks, No keeps it
	clerk.frm("frm.set_value('purpose', '另一次试样')")
	clerk.page.keyboard.press("Control+s")
	warning = clerk.dialog_text()
	clerk.shot("sample-save-would-void")
	assert "批准将作废" in warning or "作废" in warning, warning
	clerk.page.locator(".modal.show .modal-footer .btn-secondary:visible").last.click()
	clerk.settle()
	frappe.db.rollback()
	assert frappe.db.count("Document Review", {"reference_name": log.name, "status": "Valid"}) == 1
	assert frappe.db.get_value("Sales Material Log", log.name, "purpose") == "试样"

	# filling the dispatch keeps the approval: no question, saved, still approved
	clerk.open_form("Sales Material Log", log.name)
	clerk.frm(
		"(frm.set_value('dispatch_method', 'Courier'), frm.set_value('courier', "
		f"{base.COURIER!r}), frm.set_value('tracking_number', 'SF-BROWSER-24'), "
		"frm.set_value('shipping_cost', 15))"
	)
	clerk.save()
	assert clerk.page.locator(".modal.show:visible").count() == 0
	frappe.db.rollback()
	assert frappe.db.get_value("Sales Material Log", log.name, "status") == "Approved"
	clerk.primary_action()
	clerk.confirm_yes()
	clerk.page.wait_for_function("() => cur_frm.doc.docstatus === 1")
	clerk.settle()
	clerk.shot("sample-dispatched-once-approved")
	frappe.db.rollback()
	assert frappe.db.get_value("Sales Material Log", log.name, "status") == "Dispatched"
	assert (
		frappe.db.count("Document Review", {"reference_name": log.name, "creation": (">=", log.creation)})
		== 1
	)


def test_the_delivery_note_list_shows_the_review_state(desk):
	frappe.db.rollback()
	drafts = frappe.get_all("Delivery Note", filters={"docstatus": 0}, pluck="name")
	assert drafts, "the demo has no draft delivery note"
	clerk = desk(user("clerk"))
	clerk.goto("delivery-note?docstatus=0")
	page = clerk.page
	page.locator(".neiqin-review-state").first.wait_for()
	clerk.shot("delivery-note-list")
	states = page.locator(".neiqin-review-state").all_inner_texts()
	assert states and all(
		text.strip().startswith("待复核") or text.strip() in ("已批准", "已驳回") for text in states
	), states
	assert any("/" in text for text in states if text.strip().startswith("待复核"))


@pytest.mark.parametrize(
	"who, typed, found",
	[
		("finance", "支票", "收款票据"),
		("finance", "承兑汇票", "收款票据"),
		("manager", "企业微信", "通知渠道"),
	],
)
def test_the_awesome_bar_finds_a_doctype_by_the_word_the_clerk_types(desk, who, typed, found):
	session = desk(user(who))
	session.goto(frappe.scrub(LANDS_ON[who]).replace("_", "-"))
	search = session.page.locator("#navbar-search")
	search.click()
	search.press_sequentially(typed)
	option = session.page.locator(".awesomplete ul li", has_text=found).first
	option.wait_for()
	session.shot(f"awesome-bar-{typed}")
	option.click()
	session.settle()
	assert "/app/" in session.page.url and session.page.url.rstrip("/").split("/app/")[1].split("?")[0] in (
		frappe.scrub(name).replace("_", "-") for name in ("Receipt Instrument", "Notification Channel")
	)
