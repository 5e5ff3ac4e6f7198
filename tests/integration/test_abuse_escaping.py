"""Text is text: a customer, item, reason or argument written as markup (`<a href=…>`) shows
as those characters in every desk message, review panel, refusal, timeline note, e-mail and
robot card — never as a link.

Enumerated from the app itself (`tests.integration.inventory`): every whitelisted method is
called over REST with markup in every argument, and every report is run with markup in every
filter and over data named with markup; what they render as HTML (messages, summaries, charts,
HTML columns) must hold the markup escaped. A new report or method missing from the tables
below fails `test_the_tables_cover_every_report_and_method`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import frappe
import pytest
from frappe.utils import add_days, nowdate

import neiqin
from neiqin.channels.message import Message
from neiqin.channels.robots import dingtalk, feishu, wecom
from neiqin.dual_review.checks import run_check
from tests.integration import factories, rest
from tests.integration.factories import as_user, make_review_rule
from tests.integration.inventory import assert_covered, neiqin_reports, neiqin_whitelisted_methods

RAW = '<a href="https://nq-evil.example/x">'
MARKUP = f"{RAW}NQ</a>"
APP = Path(neiqin.__file__).parent
P = "{p}"  # an argument replaced by the markup

# Every whitelisted method, with the arguments it is called with (P: the markup). Document
# methods go through run_doc_method on a document the fixture makes ("{doc}").
METHOD_CALLS: dict[str, list[dict]] = {
	"neiqin.channels.doctype.notification_channel.notification_channel.NotificationChannel.send_test_message": [
		{"dt": "Notification Channel", "dn": "{channel}", "method": "send_test_message"}
	],
	"neiqin.sales_compliance.doctype.customer_qualification.customer_qualification.CustomerQualification.verify": [
		{"dt": "Customer Qualification", "dn": "{qualification}", "method": "verify"}
	],
	"neiqin.contract_fulfilment.api.get_fulfilment": [{"sales_order": P}],
	"neiqin.contract_fulfilment.api.rebuild": [{"sales_order": P}],
	"neiqin.dual_review.api.get_available_checks": [{}],
	"neiqin.documents_back.api.archive_receipt": [{"name": P, "archive_location": P}],
	"neiqin.documents_back.api.import_fapiao": [{"company": P, "file_url": P}],
	"neiqin.documents_back.api.make_mailing_log": [{"name": P}],
	"neiqin.documents_back.api.mark_fapiao_received": [{"name": P}],
	"neiqin.documents_back.api.mark_receipt_lost": [{"name": P, "reason": P}],
	"neiqin.documents_back.api.mark_receipt_returned": [{"name": P, "returned_by": P}],
	"neiqin.documents_back.api.preview_fapiao_import": [{"company": P, "file_url": P}],
	"neiqin.documents_back.api.report_receipt_lost": [{"name": P, "reason": P}],
	"neiqin.documents_back.api.verify_buyer_details": [{"name": P}],
	"neiqin.documents_back.api.void_fapiao": [{"name": P, "reason": P}],
	"neiqin.documents_back.cards.invoices_without_fapiao": [{"filters": P}],
	"neiqin.documents_back.cards.signed_receipts_overdue": [{"filters": P}],
	"neiqin.documents_back.invoice_requests.make_sales_invoice": [{"source_name": P}],
	"neiqin.documents_back.invoice_requests.source_lines": [
		{"customer": P, "company": P, "doctype": "Delivery Note", "names": P},
		{"customer": "{customer}", "company": P, "doctype": P},
	],
	"neiqin.dual_review.api.get_review_status": [
		{"doctype": "Delivery Note", "name": P},
		{"doctype": "Delivery Note", "name": "{dn}"},
	],
	"neiqin.dual_review.api.review_states": [
		{"doctype": "Delivery Note", "names": json.dumps([P])},
		{"doctype": "Delivery Note", "names": json.dumps(["{dn}"])},
	],
	"neiqin.dual_review.api.save_voids_approvals": [
		{"doctype": "Delivery Note", "name": P, "doc": P},
		{"doctype": "Delivery Note", "name": "{dn}", "doc": json.dumps({"customer": MARKUP})},
	],
	"neiqin.dual_review.api.review": [
		{"doctype": "Delivery Note", "name": "{dn}", "decision": P},
		{"doctype": "Delivery Note", "name": "{dn}", "decision": "Approved", "review_rule": P},
	],
	"neiqin.neiqin.cards.awaiting_my_review": [{"filters": P}],
	"neiqin.neiqin.cards.my_drafts_awaiting_review": [{"filters": P}],
	"neiqin.neiqin.cards.instruments_handed_to_me": [{"filters": P}],
	"neiqin.neiqin.cards.overdue_contract_deliveries": [{"filters": P}],
	"neiqin.sales_plans.cards.broken_promises": [{"filters": P}],
	"neiqin.sales_plans.cards.summaries_missing": [{"filters": P}],
	"neiqin.neiqin.dashboard_chart_source.contract_fulfilment_status.contract_fulfilment_status.get": [
		{"filters": json.dumps([["Contract Fulfilment", "customer", "=", MARKUP]])}
	],
	"neiqin.registers.api.change_instrument_status": [
		{"name": P, "status": "Endorsed", "reason": P},
		{"name": "{instrument}", "status": P, "reason": P},
	],
	"neiqin.registers.api.create_balance_confirmations": [{"company": P}],
	"neiqin.registers.api.draft_payment_entry": [{"name": P}],
	"neiqin.sales_expenses.api.make_advance_payment": [{"name": P}],
	"neiqin.sales_expenses.api.make_employee_payment": [{"name": P}],
	"neiqin.sales_expenses.cards.advances_overdue": [{"filters": P}],
	"neiqin.sales_expenses.cards.requests_awaiting_me": [{"filters": P}],
	"neiqin.registers.api.maturing_bills": [{"company": P}],
	"neiqin.registers.api.send_balance_statements": [{"names": P}],
	"neiqin.registers.api.sign_for_instrument": [{"name": P}, {"name": "{instrument}"}],
	"neiqin.sales_compliance.api.get_customer_qualifications": [{"customer": P}, {"customer": "{customer}"}],
	"neiqin.sales_materials.api.confirm_receipt": [{"name": P, "received_by": P}],
	"neiqin.sales_materials.api.make_courier_invoice": [
		{"company": P, "courier": P, "from_date": nowdate, "to_date": nowdate}
	],
	"neiqin.sales_materials.api.mark_delivered": [{"name": P}],
	"neiqin.sales_materials.api.mark_lost": [{"name": P, "reason": P}],
	"neiqin.sales_materials.api.record_return": [{"name": P, "items": P}],
}


def report_filters() -> dict[str, dict[str, str]]:
	"""{report: {filter: fieldtype}} of every neiqin report, from its script and its Python."""
	reports = {}
	for js in sorted(APP.glob("*/report/*/*.js")):
		meta = json.loads(js.with_suffix(".json").read_text())
		fields = dict(re.findall(r'fieldname:\s*"(\w+)",[^{}]*?fieldtype:\s*"(\w+)"', js.read_text(), re.S))
		for name in re.findall(r'filters\.(?:get\()?"?(\w+)', js.with_suffix(".py").read_text()):
			if name not in ("get", "update", "copy", "items", "keys", "pop", "setdefault"):
				fields.setdefault(name, "Data")
		reports[meta["name"]] = fields
	return reports


REPORTS = report_filters()


def test_the_tables_cover_every_report_and_method():
	assert_covered(METHOD_CALLS, neiqin_whitelisted_methods(), "whitelisted method")
	assert_covered(REPORTS, neiqin_reports(), "report")


# ----------------------------------------------------------------------------- helpers


def raw_markup_in(value) -> list[str]:
	"""Every string inside `value` (decoded JSON included) that holds the markup unescaped."""
	found = []
	if isinstance(value, dict):
		for item in value.values():
			found += raw_markup_in(item)
	elif isinstance(value, list | tuple):
		for item in value:
			found += raw_markup_in(item)
	elif isinstance(value, str):
		if RAW in value:
			found.append(value)
		elif value[:1] in "[{":
			try:
				found += raw_markup_in(json.loads(value))
			except ValueError:
				pass
	return found


def shown_messages(response: rest.Response) -> list[str]:
	"""What the desk shows of a response as HTML: its messages (refusals included)."""
	return [
		json.loads(m).get("message", "") for m in json.loads(response.json.get("_server_messages") or "[]")
	]


@pytest.fixture(scope="module")
def users(base):
	return factories.ensure_abuse_users()


@pytest.fixture
def markup(base, users, committed):
	"""A customer and an item whose names are markup, a governed draft delivery of them, a
	receipt instrument, a qualification and a notification channel (committed)."""
	made = frappe._dict()
	customer = committed.add(factories.make_customer())
	customer.customer_name = MARKUP
	customer.save()
	assert RAW in customer.customer_name  # frappe keeps the link in a name: what must be escaped
	made.customer = customer.name
	item = committed.add(factories.make_item(item_name=MARKUP, rate=100))
	made.item = item.name
	factories.set_item_price(item.name, 100)
	qualification_type = committed.add(
		factories.make_qualification_type(name=f"_NQ Esc {frappe.generate_hash(length=5)}")
	)
	committed.add(factories.make_qualification_requirement(qualification_type.name))
	made.qualification = committed.add(
		factories.make_customer_qualification(
			customer.name,
			qualification_type.name,
			valid_from=add_days(nowdate(), -400),
			valid_to=add_days(nowdate(), -1),
		)
	).name
	made.rule = committed.add(
		make_review_rule(
			"Delivery Note",
			checks=[
				{"check": "customer_qualification_valid", "allow_override": 0},
				{"check": "price_not_below_list", "allow_override": 0},
			],
		)
	)
	so = committed.add(
		factories.make_sales_order(
			customer=customer.name, items=[{"item_code": item.name, "qty": 5, "rate": 100}]
		)
	)
	with as_user(users.clerk):
		dn = factories.make_delivery_note(so, qty={item.name: 2}, submit=False)
	dn.items[0].rate = 50  # below the price list
	dn.save(ignore_permissions=True)
	made.dn = committed.add(dn).name
	made.instrument = committed.add(
		factories.make_instrument(
			customer.name, drawer_bank=MARKUP, instrument_number=f"NQ-ESC-{frappe.generate_hash(length=5)}"
		)
	).name
	made.channel = committed.add(
		factories.make_notification_channel("WeCom Robot", "http://127.0.0.1:9/cgi-bin/webhook/send?key=k")
	).name
	frappe.db.commit()
	yield made
	factories.purge_review_records([made.dn])


def with_markup(arguments: dict, made) -> dict:
	filled = {}
	for key, value in arguments.items():
		if callable(value):
			value = value()
		elif value == P:
			value = MARKUP
		elif isinstance(value, str) and value.startswith("{") and value.endswith("}") and value[1:-1] in made:
			value = made[value[1:-1]]
		filled[key] = value
	return filled


# ----------------------------------------------------------------------------- methods


def test_every_whitelisted_method_shows_markup_as_text(users, markup):
	failures = []
	for method, calls in sorted(METHOD_CALLS.items()):
		for arguments in calls:
			body = with_markup(arguments, markup)
			path = "/api/method/run_doc_method" if "dt" in body else f"/api/method/{method}"
			response = rest.call("POST", path, user="Administrator", json=body)
			if response.status_code >= 500:
				failures.append((method, "server error", response.text[:300]))
			leaks = raw_markup_in(shown_messages(response)) + raw_markup_in(response.json.get("message"))
			if leaks:
				failures.append((method, body, leaks[:2]))
	assert not failures, "\n".join(map(str, failures))


def test_the_review_panel_and_the_refusal_show_names_as_text(users, markup):
	status = rest.call(
		"POST",
		"/api/method/neiqin.dual_review.api.get_review_status",
		user=users.reviewer,
		json={"doctype": "Delivery Note", "name": markup.dn},
	)
	assert status.status_code == 200, status.exception
	text = json.dumps(status.json["message"])
	assert not raw_markup_in(status.json["message"])
	assert "&lt;a href=" in text  # the customer's and the item's names are there, as text
	refused = rest.call(
		"PUT", f"/api/resource/Delivery Note/{markup.dn}", user=users.clerk, json={"docstatus": 1}
	)
	assert refused.status_code >= 400
	assert not raw_markup_in(shown_messages(refused))
	assert frappe.db.get_value("Delivery Note", markup.dn, "docstatus") == 0


def test_automatic_check_messages_escape_customer_and_item_names(markup):
	dn = frappe.get_doc("Delivery Note", markup.dn)
	for check in (
		"customer_qualification_valid",
		"price_not_below_list",
		"credit_available",
		"items_match_order",
	):
		message = run_check(check, dn).message
		assert RAW not in message, (check, message)
	assert "&lt;a href=" in run_check("customer_qualification_valid", dn).message


def test_robot_cards_follow_their_own_rules():
	message = Message(
		title=f"Delivery of {MARKUP}", facts=[("Customer", MARKUP)], text=f"Reason: {MARKUP} *x*"
	)
	unescaped = re.compile(r"(?<!\\)<a href")
	for content in (
		wecom.payload(message)["markdown"]["content"],
		dingtalk.payload(message)["markdown"]["text"],
	):
		assert not unescaped.search(content) and "\\<a href" in content and "\\*x\\*" in content
	card = feishu.payload(message)["card"]
	assert card["elements"][0]["text"]["tag"] == "plain_text"  # Feishu shows plain text as typed


# ----------------------------------------------------------------------------- reports


def rendered(result) -> list:
	"""What a report draws as HTML: its message, summary, chart and HTML columns."""
	if not isinstance(result, dict):
		return [str(result)]
	parts = [result.get("message"), result.get("report_summary"), result.get("chart")]
	columns = [c for c in result.get("columns") or [] if isinstance(c, dict) and c.get("fieldtype") == "HTML"]
	for row in result.get("result") or []:
		if isinstance(row, dict):
			parts += [row.get(c["fieldname"]) for c in columns]
	return parts


def run_report(name: str, filters: dict):
	from frappe.desk.query_report import run

	try:
		return run(name, filters=filters, ignore_prepared_report=True)
	except frappe.ValidationError as refusal:  # its message is shown as HTML too
		return str(refusal)


@pytest.mark.parametrize("report", sorted(REPORTS))
def test_every_report_shows_markup_as_text(base, markup, report):
	fields = REPORTS[report]
	echo = {
		name: (nowdate() if kind == "Date" else 1 if kind == "Check" else MARKUP)
		for name, kind in fields.items()
	}
	data = {
		name: (add_days(nowdate(), -30) if "from" in name else nowdate())
		for name, kind in fields.items()
		if kind == "Date"
	}
	if "company" in fields:
		data["company"] = base.company
	for filters in (echo, data):
		leaks = raw_markup_in(rendered(run_report(report, filters)))
		assert not leaks, (report, filters, leaks[:2])
		frappe.db.rollback()
