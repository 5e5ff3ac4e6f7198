"""The Sales Back Office (销售内勤) workspace: its links resolve and its cards count."""

import json

import frappe
from frappe.utils import add_days, nowdate

from neiqin.neiqin.cards import awaiting_my_review
from tests.integration import factories

WORKSPACE = "Sales Back Office"


def test_workspace_links_shortcuts_and_cards_resolve():
	workspace = frappe.get_doc("Workspace", WORKSPACE)
	assert workspace.public
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
	assert {role.role for role in workspace.roles} >= {"Sales Admin", "Sales Reviewer", "Sales Manager"}


def sidebar_pages(user: str) -> list[str]:
	from frappe.desk.desktop import get_workspace_sidebar_items

	frappe.set_user(user)
	try:
		frappe.clear_cache(user=user)
		return [page["name"] for page in get_workspace_sidebar_items()["pages"]]
	finally:
		frappe.set_user("Administrator")


def test_every_neiqin_role_finds_the_workspace_in_the_sidebar(base):
	"""A reviewer who holds nothing but Sales Reviewer sees it too (its module must be one the
	role can read), and so do the clerk and the manager; a plain Stock User does not."""
	users = {
		"clerk": factories.ensure_user("nq-ws-clerk@example.com", ["Sales Admin"]),
		"reviewer": factories.ensure_user("nq-ws-only-reviewer@example.com", ["Sales Reviewer"]),
		"manager": factories.ensure_user("nq-ws-manager@example.com", ["Sales Manager"]),
	}
	for who, user in users.items():
		assert WORKSPACE in sidebar_pages(user), f"the {who} does not see {WORKSPACE}"
	outsider = factories.ensure_user("nq-ws-outsider@example.com", ["Stock User"])
	assert WORKSPACE not in sidebar_pages(outsider)


def test_reviewers_see_awaiting_my_review_first():
	blocks = json.loads(frappe.get_doc("Workspace", WORKSPACE).content)
	cards = [block for block in blocks if block["type"] in ("number_card", "shortcut", "chart", "card")]
	first = cards[0]["data"]
	assert first.get("number_card_name") == "Awaiting My Review"
	shortcuts = [block["data"]["shortcut_name"] for block in blocks if block["type"] == "shortcut"]
	assert shortcuts[0] == "Awaiting My Review"


def test_a_sales_admin_lands_on_the_workspace_unless_they_chose_another(base):
	clerk = factories.ensure_user("nq-ws-new-clerk@example.com", ["Sales User"])
	frappe.db.set_value("User", clerk, "default_workspace", None)
	user = frappe.get_doc("User", clerk)
	user.add_roles("Sales Admin")
	assert frappe.db.get_value("User", clerk, "default_workspace") == WORKSPACE

	chooser = factories.ensure_user("nq-ws-chooser@example.com", ["Sales User"])
	frappe.db.set_value("User", chooser, "default_workspace", "Selling")
	frappe.get_doc("User", chooser).add_roles("Sales Admin")
	assert frappe.db.get_value("User", chooser, "default_workspace") == "Selling"


def test_migrate_gives_existing_sales_admins_the_workspace_and_uninstall_takes_it_back(base):
	from neiqin.overrides.user import clear_default_workspaces, set_default_workspaces

	clerk = factories.ensure_user("nq-ws-old-clerk@example.com", ["Sales Admin"])
	frappe.db.set_value("User", clerk, "default_workspace", None)
	set_default_workspaces()
	assert frappe.db.get_value("User", clerk, "default_workspace") == WORKSPACE
	clear_default_workspaces()
	assert not frappe.db.get_value("User", clerk, "default_workspace")


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
