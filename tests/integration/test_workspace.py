"""The Sales Back Office (销售内勤) workspace: its links resolve and its cards count."""

import json

import frappe
from frappe.utils import add_days, nowdate

from neiqin.neiqin.cards import awaiting_my_review
from tests.integration import factories

WORKSPACE = "Sales Back Office"


def test_workspace_links_shortcuts_and_cards_resolve():
	workspace = frappe.get_doc("Workspace", WORKSPACE)
	assert workspace.module == "Neiqin" and workspace.public
	targets = [(link.link_type, link.link_to) for link in workspace.links if link.type == "Link"]
	targets += [(shortcut.type, shortcut.link_to) for shortcut in workspace.shortcuts]
	for kind, name in targets:
		assert frappe.db.exists(kind, name), f"{kind} {name} in the workspace does not exist"
	blocks = json.loads(workspace.content)
	cards = [block["data"]["number_card_name"] for block in blocks if block["type"] == "number_card"]
	charts = [block["data"]["chart_name"] for block in blocks if block["type"] == "chart"]
	assert cards and charts, "the workspace shows no number card or no chart"
	for card in cards:
		assert frappe.db.exists("Number Card", card), card
	for chart in charts:
		assert frappe.db.exists("Dashboard Chart", chart), chart
	assert {role.role for role in workspace.roles} >= {"Sales Admin", "Sales Reviewer"}


def test_document_type_cards_count_what_they_say(base):
	from frappe.desk.doctype.number_card.number_card import get_result

	card = frappe.get_doc("Number Card", "Materials In Transit")
	before = get_result(card.as_json(), card.filters_json)
	log = factories.make_material_log(kind="Brochure", submit=True)
	assert log.status == "Dispatched"
	assert get_result(card.as_json(), card.filters_json) == before + 1

	overdue = frappe.get_doc("Number Card", "Overdue Contract Deliveries")
	before = get_result(overdue.as_json(), overdue.filters_json)
	assert before == frappe.db.count("Contract Fulfilment", {"is_overdue": 1})
	late = factories.make_sales_order(
		transaction_date=add_days(nowdate(), -5), delivery_date=add_days(nowdate(), -1)
	)
	assert frappe.db.get_value("Contract Fulfilment", late.name, "is_overdue") == 1
	factories.make_sales_order()  # due in ten days: not counted
	assert get_result(overdue.as_json(), overdue.filters_json) == before + 1


def test_awaiting_my_review_card_counts_documents_for_the_reviewer(base):
	reviewer = factories.ensure_user("nq-ws-reviewer@example.com", ["Sales Reviewer", "Sales User"])
	frappe.get_doc(
		{
			"doctype": "Review Rule",
			"title": "_NQ workspace card rule",
			"document_type": "Sales Order",
			"enabled": 1,
			"min_reviewers": 1,
			"reviewer_users": [{"user": reviewer}],
		}
	).insert(ignore_permissions=True)
	frappe.set_user(reviewer)
	before = awaiting_my_review()["value"]
	frappe.set_user("Administrator")
	factories.make_sales_order(submit=False)
	frappe.set_user(reviewer)
	assert awaiting_my_review()["value"] == before + 1
