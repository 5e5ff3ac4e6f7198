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


def test_overdue_card_counts_contracts_overdue_today_without_a_daily_write(base):
	from freezegun import freeze_time

	from neiqin.contract_fulfilment.reports import overdue_filters
	from neiqin.neiqin.cards import overdue_contract_deliveries

	overdue = frappe.get_doc("Number Card", "Overdue Contract Deliveries")
	assert (overdue.type, overdue.method) == ("Custom", "neiqin.neiqin.cards.overdue_contract_deliveries")
	before = overdue_contract_deliveries()["value"]
	late = factories.make_sales_order(
		transaction_date=add_days(nowdate(), -5), delivery_date=add_days(nowdate(), -1)
	)
	soon = factories.make_sales_order(delivery_date=add_days(nowdate(), 2))  # not due yet
	assert overdue_contract_deliveries()["value"] == before + 1
	assert frappe.db.get_value("Contract Fulfilment", late.name, "is_overdue") == 1
	with freeze_time(add_days(nowdate(), 4)):  # nothing written since: the card reads the dates
		assert overdue_contract_deliveries()["value"] >= before + 2
		listed = set(frappe.get_list("Contract Fulfilment", filters=overdue_filters(), pluck="name"))
		assert {late.name, soon.name} <= listed
		assert frappe.db.get_value("Contract Fulfilment", soon.name, "is_overdue") == 0


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
