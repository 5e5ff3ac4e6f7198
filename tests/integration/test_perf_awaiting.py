"""Issue 12, point 5: "Awaiting My Review" is exact and cheap — every draft the user may review
now, newest first, paged, with the same number of queries at 6 and at 600 drafts; rules come
from a cache that any change of a rule clears."""

from datetime import timedelta

import frappe
import pytest
from frappe.utils import get_datetime

from neiqin.dual_review import rules
from neiqin.dual_review.awaiting import documents_awaiting
from neiqin.neiqin.cards import awaiting_my_review as awaiting_card
from tests.integration import factories
from tests.integration.factories import make_review_rule, review_as
from tests.integration.sql_spy import recorded_statements

CONDITION = "doc.grand_total >= 100 and doc.items[0].qty > 0"  # header and child values


@pytest.fixture(scope="module")
def users(base):
	return factories.ensure_review_setup()


def as_user(user, fn, *args, **kwargs):
	frappe.set_user(user)
	try:
		return fn(*args, **kwargs)
	finally:
		frappe.set_user("Administrator")


def add_drafts(template, count: int, owner: str, start: int = 0) -> list[str]:
	"""`count` draft copies of a draft Sales Order, written with the document API's `db_insert`
	(no controller run: 600 full inserts would only slow the suite), created a day apart
	before the template; every other one is below the rule's threshold."""
	names = []
	for i in range(start, start + count):
		copy = frappe.copy_doc(template)
		copy.name = f"{template.name}-NQ{i:04d}"
		copy.owner = owner
		copy.creation = copy.modified = get_datetime(template.creation) - timedelta(days=1 + i, seconds=i)
		if i % 2:
			copy.grand_total = copy.rounded_total = 50  # the rule's condition does not hold
		copy.db_insert()
		for idx, row in enumerate(copy.items, start=1):
			row.parent, row.parenttype, row.parentfield, row.idx = copy.name, "Sales Order", "items", idx
			row.name = frappe.generate_hash(length=10)
			row.db_insert()
		names.append(copy.name)
	return names


def mine(rows, prefix: str) -> list[str]:
	return [row["document"] for row in rows if row["document"].startswith(prefix)]


def test_finds_the_newest_of_600_drafts_with_as_many_queries_as_for_6(users):
	rule = make_review_rule("Sales Order", condition=CONDITION, min_reviewers=2, title="_NQ order review")
	template = as_user(users.clerk, factories.make_sales_order, submit=False)
	reviewed = add_drafts(template, 5, users.clerk)  # six drafts with the template
	review_as(users.reviewer2, frappe.get_doc("Sales Order", reviewed[0]))  # one has a review

	as_user(users.reviewer, documents_awaiting)  # warm the caches
	with recorded_statements() as small:
		rows = as_user(users.reviewer, documents_awaiting)
	expected_small = [template.name, *(name for i, name in enumerate(reviewed) if not i % 2)]
	assert mine(rows, template.name) == expected_small  # newest first, condition applied

	add_drafts(template, 594, users.clerk, start=5)
	newest = as_user(users.clerk, factories.make_sales_order, submit=False)
	with recorded_statements() as large:
		rows = as_user(users.reviewer, documents_awaiting)
	assert rows[0]["document"] == newest.name  # the newest draft is found, first
	assert rows[0]["review_rule"] == rule.name
	listed = mine(rows, template.name)
	assert len(listed) == 1 + 300  # the template and every copy that meets the condition
	assert listed[-1] == f"{template.name}-NQ0598"  # the oldest is there too
	assert len(large) == len(small)

	page = as_user(users.reviewer, documents_awaiting, start=1, page_length=10)
	assert [row["document"] for row in page] == [row["document"] for row in rows[1:11]]
	documents = {(row["document_type"], row["document"]) for row in rows}
	assert as_user(users.reviewer, awaiting_card)["value"] == len(documents)


def test_rules_are_cached_and_every_change_of_a_rule_clears_the_cache(users):
	rule = make_review_rule("Sales Order", title="_NQ cached rule")
	assert [r.name for r in rules.enabled_rules("Sales Order")] == [rule.name]
	with recorded_statements() as statements:
		again = rules.enabled_rules("Sales Order")
	assert statements == [] and again[0].get_roles() == ["Sales Reviewer"]

	rule.db_set("min_reviewers", 3)  # no save hooks: on_change still clears
	assert rules.enabled_rules("Sales Order")[0].min_reviewers == 3
	rule.reload()
	rule.enabled = 0
	rule.save()
	assert rules.enabled_rules("Sales Order") == []
	assert "Sales Order" not in rules.governed_doctypes()


def test_a_rolled_back_rule_leaves_nothing_in_the_cache(users):
	make_review_rule("Sales Invoice", title="_NQ rolled back rule")
	assert rules.enabled_rules("Sales Invoice")
	frappe.db.rollback()
	assert rules.enabled_rules("Sales Invoice") == []
	assert "Sales Invoice" not in rules.governed_doctypes()
