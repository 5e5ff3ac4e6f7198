"""With the desk in Chinese, no English string that neiqin defines is shown: the workspace, the
lists and forms of NEIQIN_DOCTYPES and the reports of test_flow.REPORTS. Every other neiqin
list and report is named in NOT_WALKED / test_flow.NO_DEMO_DATA (the demo has no data for
them yet), so a new one fails this module until it is walked or named there. English that
ERPNext or frappe leave untranslated (and data such as item codes) is listed apart in
artifacts/browser/english-leftovers.txt."""

from __future__ import annotations

import csv
import re

import frappe
import pytest

from neiqin.demo.users import user
from neiqin.translation_sources import APP_DIR, app_strings
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_flow import NO_DEMO_DATA, REPORTS
from tests.integration.inventory import assert_covered, neiqin_doctypes, neiqin_reports

LATIN = re.compile(r"[A-Za-z]{2,}")
NEIQIN_DOCTYPES = (
	"Contract Fulfilment",
	"Sales Material Log",
	"Review Rule",
	"Document Review",
	"Contract Delivery Reminder Log",
	"Sales Plan",
	"Collection Follow-up",
	"Visit Plan",
	"Weekly Sales Summary",
	# registers and compliance (neiqin.demo.registers), documents back, channels: a list with no
	# demo rows is walked all the same (its filters, columns and buttons are words too)
	"Channel Message",
	"Company Seal",
	"Courier Tracking Settings",
	"Customer Balance Confirmation",
	"Customer Qualification",
	"Customer Visit Log",
	"Fapiao",
	"Invoice Request",
	"Notification Channel",
	"Promotion Approval",
	"Qualification Reminder Log",
	"Qualification Requirement",
	"Qualification Type",
	"Receipt Instrument",
	"Seal Usage Log",
	"Shipment Tracking",
	"Signed Delivery Receipt",
	"Review Content Change",
	# sales expenses: no demo data walked yet
	"Sales Expense Type",
	"Sales Expense Request",
	"Sales Expense Claim",
	"Sales Expense Budget",
)
# doctypes with a list of their own that no page of this test opens (none left)
NOT_WALKED: tuple[str, ...] = ()
# who opens a doctype's pages when the clerk may not
WALKED_BY = {"Review Rule": "manager", "Document Review": "manager", "Channel Message": "manager"}


# frappe's rendering of stored values in a form's activity: a Version's old and new values, shown as
# stored (frappe translates none of them) — listed apart with ERPNext's leftovers
FRAPPE_RENDERED = 'a[href^="/app/version/"]'


def neiqin_strings() -> set[str]:
	"""neiqin's own English strings (labels, options, messages, report texts, and every text it
	translates — titles and questions stored at install among them) — excluding strings that are
	only placeholders or codes."""
	with (APP_DIR / "translations" / "zh.csv").open(encoding="utf-8", newline="") as f:
		translated = [row[0] for row in csv.reader(f) if row]
	return {
		text.strip() for text in (*app_strings(), *translated) if LATIN.search(text) and len(text.strip()) > 1
	}


def pages() -> list[tuple[str, str]]:
	"""(who, route) for the workspace, each neiqin list and one form of each, each report."""
	routes = [("clerk", "sales-back-office"), ("clerk", "neiqin-settings")]
	# each role's landing (neiqin.workspaces.LANDINGS)
	routes += [("reviewer", "sales-review"), ("manager", "sales-management"), ("finance", "sales-finance")]
	for doctype in NEIQIN_DOCTYPES:
		slug = doctype.lower().replace(" ", "-")
		who = WALKED_BY.get(doctype, "clerk")
		routes.append((who, slug))
		name = frappe.get_all(doctype, pluck="name", order_by="modified desc", limit=1)
		if name:
			routes.append((who, f"{slug}/{name[0]}"))
	routes += [(who, f"query-report/{report}") for report, (who, _f, _c) in REPORTS.items()]
	return routes


def english_shown(texts: list[str], ours: set[str]) -> tuple[list[str], list[str]]:
	"""(neiqin's English strings among `texts`, other English texts)."""
	mine, others = [], []
	for text in dict.fromkeys(texts):
		if not LATIN.search(text):
			continue
		if text in ours or text.rstrip(":：*") in ours:
			mine.append(text)
		else:
			others.append(text)
	return mine, others


def test_every_neiqin_list_and_report_is_opened_or_listed_as_not_walked():
	assert_covered([*NEIQIN_DOCTYPES, *NOT_WALKED], neiqin_doctypes(child=False, single=False), "doctype")
	assert_covered([*REPORTS, *NO_DEMO_DATA], neiqin_reports(), "report")


def test_english_detector_tells_neiqins_strings_from_erpnexts():
	ours = {"Courier Fee Settlement", "Sales Material Log"}
	mine, others = english_shown(["快递费用结算", "Courier Fee Settlement", "Naming Series", "DEMO-01"], ours)
	assert mine == ["Courier Fee Settlement"]
	assert others == ["Naming Series", "DEMO-01"]


@pytest.mark.parametrize("who,route", pages())
def test_no_english_that_neiqin_defines_on_the_zh_desk(desk, who, route):
	session = desk(user(who))
	session.goto(route)
	session.page.wait_for_timeout(1500)  # cards, charts and report rows render after the route
	session.settle()
	mine, others = english_shown(session.texts(skip=FRAPPE_RENDERED), neiqin_strings())
	others += [text for text in session.page.locator(FRAPPE_RENDERED).all_inner_texts() if LATIN.search(text)]
	with (ARTIFACTS / "english-leftovers.txt").open("a", encoding="utf-8") as f:
		f.writelines(f"{route}\t{text}\n" for text in others)
	if mine:
		session.shot("english")
		with (ARTIFACTS / "neiqin-english.txt").open("a", encoding="utf-8") as f:
			f.writelines(f"{route}\t{text}\n" for text in mine)
	assert not mine, f"English neiqin strings on /app/{route} in the zh desk: {mine}"
