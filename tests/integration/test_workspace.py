"""neiqin's landings, one per role (`neiqin.workspaces`): their links resolve and cover what each
role may use, each role lands on its own, and their cards count and open what they count."""

import json

import frappe
import pytest
from frappe.utils import add_days, nowdate

from neiqin import workspaces
from neiqin.neiqin.cards import awaiting_my_review, my_drafts_awaiting_review
from tests.integration import factories
from tests.integration.inventory import neiqin_doctypes, neiqin_reports

WORKSPACE = "Sales Back Office"


ROLES = {
	"Sales Back Office": "Sales Admin",
	"Sales Review": "Sales Reviewer",
	"Sales Management": "Sales Manager",
	"Sales Finance": "Accounts User",
}


def only(role: str) -> str:
	"""A user who holds nothing but `role` (and what every desk user has)."""
	return factories.ensure_user(f"nq-ws-only-{frappe.scrub(role).replace('_', '-')}@example.com", [role])


def test_one_landing_per_role_from_the_tables():
	assert {landing.name: landing.role for landing in workspaces.LANDINGS} == ROLES


@pytest.mark.parametrize("name", sorted(ROLES))
def test_workspace_links_shortcuts_and_cards_resolve(name):
	workspace = frappe.get_doc("Workspace", name)
	assert workspace.public and workspace.module
	targets = [(link.link_type, link.link_to) for link in workspace.links if link.type == "Link"]
	targets += [(shortcut.type, shortcut.link_to) for shortcut in workspace.shortcuts]
	for kind, target in targets:
		assert frappe.db.exists(kind, target), f"{kind} {target} in the workspace does not exist"
	blocks = json.loads(workspace.content)
	cards = [block["data"]["number_card_name"] for block in blocks if block["type"] == "number_card"]
	assert cards, "the workspace shows no number card"
	for card in cards:
		assert frappe.db.exists("Number Card", card), card
	for block in blocks:
		if block["type"] == "card":
			assert any(
				link.type == "Card Break" and link.label == block["data"]["card_name"]
				for link in workspace.links
			)
	assert ROLES[name] in {role.role for role in workspace.roles}


def desk_links(user: str, name: str) -> set[tuple[str, str]]:
	"""What frappe's desk shows `user` on the workspace (its own permission filter)."""
	from frappe.desk.desktop import get_desktop_page

	frappe.set_user(user)
	try:
		frappe.clear_cache(user=user)
		page = get_desktop_page(json.dumps({"name": name, "title": name}))
		return {
			(link["link_type"], link["link_to"]) for card in page["cards"]["items"] for link in card["links"]
		}
	finally:
		frappe.set_user("Administrator")


@pytest.mark.parametrize("name", sorted(ROLES))
def test_each_landing_links_everything_its_role_may_use_and_nothing_dead(base, name):
	role = ROLES[name]
	shown = desk_links(only(role), name)
	linked = {
		(link.link_type, link.link_to)
		for link in frappe.get_doc("Workspace", name).links
		if link.type == "Link"
	}
	assert linked == shown, f"links {role} cannot open: {linked - shown}"
	usable = {
		("DocType", doctype)
		for doctype in neiqin_doctypes(child=False)
		if doctype not in workspaces.NOT_LINKED and workspaces.role_may_use(role, "DocType", doctype)
	}
	usable |= {
		("Report", report) for report in neiqin_reports() if workspaces.role_may_use(role, "Report", report)
	}
	assert usable <= linked, f"{role} may use these but its landing does not link them: {usable - linked}"


def test_every_neiqin_doctype_and_report_is_in_a_group_or_named_as_not_linked():
	grouped = {item for group in workspaces.GROUPS for item in group.items}
	for doctype in neiqin_doctypes(child=False):
		assert ("DocType", doctype) in grouped or doctype in workspaces.NOT_LINKED, doctype
	for report in neiqin_reports():
		assert ("Report", report) in grouped, report


def test_a_capability_adds_itself_with_a_line(monkeypatch):
	extra = workspaces.Group("Sales Plans", (("DocType", "ToDo"),), roles=("Sales Manager",))
	monkeypatch.setattr(workspaces, "GROUPS", (*workspaces.GROUPS, extra))
	monkeypatch.setattr(workspaces, "role_may_use", lambda role, kind, name: True)
	workspaces.sync()
	links = frappe.get_doc("Workspace", "Sales Management").links
	assert ("Card Break", "Sales Plans") in {(link.type, link.label) for link in links}
	assert "ToDo" in {link.link_to for link in links}
	assert "Sales Plans" not in {link.label for link in frappe.get_doc("Workspace", "Sales Finance").links}


def test_sync_is_idempotent():
	before = {name: frappe.get_doc("Workspace", name).as_dict() for name in ROLES}
	workspaces.sync()
	workspaces.sync()
	for name in ROLES:
		after = frappe.get_doc("Workspace", name)
		assert after.content == before[name]["content"]
		assert len(after.links) == len(before[name]["links"])


def sidebar_pages(user: str) -> list[str]:
	from frappe.desk.desktop import get_workspace_sidebar_items

	frappe.set_user(user)
	try:
		frappe.clear_cache(user=user)
		return [page["name"] for page in get_workspace_sidebar_items()["pages"]]
	finally:
		frappe.set_user("Administrator")


def test_every_neiqin_role_finds_its_landing_in_the_sidebar(base):
	"""A user who holds nothing but the role sees its landing (its module must be one the role can
	read); a plain Stock User sees none of them."""
	for name, role in ROLES.items():
		assert name in sidebar_pages(only(role)), f"{role} does not see {name}"
	outsider = factories.ensure_user("nq-ws-outsider@example.com", ["Stock User"])
	assert not set(ROLES) & set(sidebar_pages(outsider))


def test_reviewers_see_awaiting_my_review_first():
	for name in ("Sales Back Office", "Sales Review", "Sales Management"):
		blocks = json.loads(frappe.get_doc("Workspace", name).content)
		cards = [block for block in blocks if block["type"] in ("number_card", "shortcut", "chart", "card")]
		assert cards[0]["data"].get("number_card_name") == "Awaiting My Review", name
		shortcuts = [block["data"]["shortcut_name"] for block in blocks if block["type"] == "shortcut"]
		assert shortcuts[0] == "Awaiting My Review", name


@pytest.mark.parametrize("role", sorted(ROLES.values()))
def test_each_role_lands_on_its_workspace_unless_they_chose_another(base, role):
	name = next(n for n, r in ROLES.items() if r == role)
	user = factories.ensure_user(
		f"nq-ws-new-{frappe.scrub(role).replace('_', '-')}@example.com", ["Sales User"]
	)
	frappe.db.set_value("User", user, "default_workspace", None)
	frappe.get_doc("User", user).add_roles(role)
	assert frappe.db.get_value("User", user, "default_workspace") == name

	chooser = factories.ensure_user("nq-ws-chooser@example.com", ["Sales User"])
	frappe.db.set_value("User", chooser, "default_workspace", "Selling")
	frappe.get_doc("User", chooser).add_roles(role)
	assert frappe.db.get_value("User", chooser, "default_workspace") == "Selling"


def test_a_clerk_who_also_keeps_the_books_lands_on_the_back_office(base):
	user = factories.ensure_user("nq-ws-clerk-accounts@example.com", ["Accounts User", "Sales Admin"])
	frappe.db.set_value("User", user, "default_workspace", None)
	from neiqin.overrides.user import set_default_workspaces

	set_default_workspaces()
	assert frappe.db.get_value("User", user, "default_workspace") == "Sales Back Office"


def test_migrate_gives_existing_users_their_landing_and_uninstall_takes_it_back(base):
	from neiqin.overrides.user import clear_default_workspaces, set_default_workspaces

	clerk = factories.ensure_user("nq-ws-old-clerk@example.com", ["Sales Admin"])
	finance = factories.ensure_user("nq-ws-old-finance@example.com", ["Accounts User"])
	for user in (clerk, finance):
		frappe.db.set_value("User", user, "default_workspace", None)
	set_default_workspaces()
	assert frappe.db.get_value("User", clerk, "default_workspace") == WORKSPACE
	assert frappe.db.get_value("User", finance, "default_workspace") == "Sales Finance"
	clear_default_workspaces()
	assert not frappe.db.get_value("User", clerk, "default_workspace")
	assert not frappe.db.get_value("User", finance, "default_workspace")


def test_every_card_opens_what_it_counts(base):
	"""Custom cards return the route of their list or report; document type cards carry the
	filters frappe's card turns into the list's filters."""
	for name in {card for landing in workspaces.LANDINGS for card in landing.cards}:
		card = frappe.get_doc("Number Card", name)
		if card.type == "Custom":
			result = frappe.get_attr(card.method)()
			assert result.get("route"), f"{name} opens nothing"
			kind, target = (
				("Report", result["route"][1])
				if result["route"][0] == "query-report"
				else (
					"DocType",
					result["route"][1],
				)
			)
			assert frappe.db.exists(kind, target), name
		else:
			assert card.type == "Document Type" and json.loads(card.filters_json), name


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


def test_my_drafts_card_and_report_show_who_is_still_pending(base):
	from neiqin.dual_review.report.my_drafts_awaiting_review import my_drafts_awaiting_review as report

	users = factories.ensure_review_setup()
	factories.make_review_rule("Delivery Note", min_reviewers=2, title="_NQ my drafts rule")
	frappe.set_user(users.clerk)
	before = my_drafts_awaiting_review()["value"]
	frappe.set_user("Administrator")
	so = factories.make_sales_order(items=[{"item_code": "_NQ Widget", "qty": 10}])
	with factories.as_user(users.clerk):
		dn = factories.make_delivery_note(so, qty={"_NQ Widget": 2}, submit=False)
	factories.review_as(users.reviewer, dn)
	with factories.as_user(users.clerk):
		assert my_drafts_awaiting_review()["value"] == before + 1
		_columns, data, *_rest = report.execute({"document_type": "Delivery Note"})
	row = next(row for row in data if row["document"] == dn.name)
	assert row["approvals"] == "1 / 2" and row["rule_title"] == "_NQ my drafts rule"
	pending = row["pending_reviewers"]
	assert frappe.utils.get_fullname(users.reviewer2) in pending
	assert frappe.utils.get_fullname(users.reviewer) not in pending  # approved already
	# the reviewers' own card does not count it: it is not their draft
	with factories.as_user(users.reviewer2):
		_columns, theirs, *_rest = report.execute({})
	assert dn.name not in {row["document"] for row in theirs}


def test_instruments_handed_to_me_counts_what_finance_must_sign_for(base):
	from neiqin.neiqin.cards import instruments_handed_to_me

	users = factories.ensure_register_users()
	finance = users.finance
	with factories.as_user(finance):
		before = instruments_handed_to_me()["value"]
	with factories.as_user(users.clerk):
		factories.make_instrument(base.customer, handed_over_to=finance)
	with factories.as_user(finance):
		result = instruments_handed_to_me()
	assert result["value"] == before + 1
	assert result["route_options"]["handed_over_to"] == finance
