"""The Sales Back Office (销售内勤) workspace: its links resolve and its cards count."""

import json

import frappe

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
	for block in blocks:
		if block["type"] == "number_card":
			assert frappe.db.exists("Number Card", block["data"]["number_card_name"])
		if block["type"] == "chart":
			assert frappe.db.exists("Dashboard Chart", block["data"]["chart_name"])
	assert {role.role for role in workspace.roles} >= {"Sales Admin", "Sales Reviewer"}


def test_document_type_cards_count_what_they_say(base):
	from frappe.desk.doctype.number_card.number_card import get_result

	card = frappe.get_doc("Number Card", "Materials In Transit")
	before = get_result(card.as_json(), card.filters_json)
	log = factories.make_material_log(kind="Brochure", submit=True)
	assert log.status == "Dispatched"
	assert get_result(card.as_json(), card.filters_json) == before + 1

	overdue = frappe.get_doc("Number Card", "Overdue Contract Deliveries")
	assert get_result(overdue.as_json(), overdue.filters_json) == frappe.db.count(
		"Contract Fulfilment", {"is_overdue": 1}
	)


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
