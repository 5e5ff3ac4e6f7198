"""The awesome bar finds neiqin's doctypes by the words a clerk types (支票, 承兑汇票, 印章, 机器人,
企业微信 …): frappe 15 matches the titles of `frappe.boot.page_info` (search_utils.get_pages) and
opens their route; neiqin adds one entry per doctype or report the user may open."""

import frappe
import pytest
from frappe.boot import get_bootinfo

from neiqin import search_keywords
from tests.integration import factories

# what the clerk types -> what it must find (doctype or report) for a user of this role
EXPECTED = {
	"支票": ("Accounts User", "Receipt Instrument"),
	"承兑汇票": ("Accounts User", "Receipt Instrument"),
	"汇票": ("Sales Admin", "Receipt Instrument"),
	"印章": ("Sales Admin", "Company Seal"),
	"用印": ("Sales Admin", "Seal Usage Log"),
	"机器人": ("Sales Manager", "Notification Channel"),
	"企业微信": ("Sales Manager", "Notification Channel"),
	"钉钉": ("Sales Manager", "Notification Channel"),
	"飞书": ("Sales Manager", "Notification Channel"),
	"资质": ("Sales Admin", "Customer Qualification"),
	"促销": ("Sales Admin", "Promotion Approval"),
	"cheque": ("Accounts User", "Receipt Instrument"),
	"wecom": ("Sales Manager", "Notification Channel"),
}


def boot_pages(user: str, lang: str = "zh") -> dict:
	frappe.db.set_value("User", user, "language", lang)  # frappe's boot reads in the user's language
	frappe.set_user(user)
	frappe.local.lang = lang
	try:
		frappe.clear_cache(user=user)
		return get_bootinfo().page_info
	finally:
		frappe.set_user("Administrator")
		frappe.local.lang = "en"


def found(pages: dict, typed: str) -> set[str]:
	"""What the awesome bar offers for `typed` among the pages (its fuzzy match finds every
	title that contains the typed text, case-insensitively)."""
	return {
		page["route"].split("/", 1)[1]
		for key, page in pages.items()
		if key.startswith(search_keywords.PREFIX) and typed.lower() in (page.get("title") or "").lower()
	}


@pytest.mark.parametrize("typed", sorted(EXPECTED))
def test_the_awesome_bar_finds_the_doctype_by_its_keyword(base, typed):
	role, target = EXPECTED[typed]
	user = factories.ensure_user(f"nq-kw-{frappe.scrub(role).replace('_', '-')}@example.com", [role])
	assert target in found(boot_pages(user), typed)


def test_titles_are_in_the_readers_language_and_routes_open_the_list():
	user = factories.ensure_user("nq-kw-accounts-user@example.com", ["Accounts User"])
	page = boot_pages(user)[f"{search_keywords.PREFIX}doctype-receipt_instrument"]
	assert page["title"].startswith("收款票据 · ") and page["route"] == "List/Receipt Instrument"
	page = boot_pages(user, "en")[f"{search_keywords.PREFIX}doctype-receipt_instrument"]
	assert page["title"].startswith("Receipt Instrument · ")


def test_nothing_is_offered_that_the_user_may_not_open(base):
	outsider = factories.ensure_user("nq-kw-outsider@example.com", ["Stock User"])
	pages = boot_pages(outsider)
	offered = {page["name"] for key, page in pages.items() if key.startswith(search_keywords.PREFIX)}
	frappe.set_user(outsider)
	try:
		assert all(
			frappe.has_permission(name, "read") if frappe.db.exists("DocType", name) else True
			for name in offered
		)
	finally:
		frappe.set_user("Administrator")
	assert "Receipt Instrument" not in offered and "Notification Channel" not in offered
	# frappe's own pages are still there
	assert any(not key.startswith(search_keywords.PREFIX) for key in pages)


def test_every_keyword_entry_names_something_that_exists():
	for kind, name in search_keywords.KEYWORDS:
		assert frappe.db.exists(kind, name), (kind, name)
