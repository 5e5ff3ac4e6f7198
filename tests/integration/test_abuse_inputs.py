"""Abuse cases with hostile input: SQL and script payloads in every report filter and every
neiqin API argument, malformed JSON, wrong types and huge strings. None may reach the
database as SQL, end in a server error (500) or write anything."""

import json
import re
from pathlib import Path
from urllib.parse import urlencode

import frappe
import pytest
from frappe.utils import nowdate

import neiqin
from neiqin.dual_review.exceptions import InvalidReviewInputError
from tests.integration import factories, rest
from tests.integration.factories import as_user, make_review_rule, review_as, review_footprint
from tests.integration.inventory import (
	assert_covered,
	document_method,
	neiqin_reports,
	neiqin_whitelisted_methods,
)

SQL = "x' OR '1'='1'; DELETE FROM `tabDocument Review`; -- "
UNION = "') UNION SELECT name, password FROM `__Auth` -- "
SCRIPT = '<script>alert(1)</script>{{ frappe.db.sql("select 1") }}'
PAYLOADS = (SQL, UNION, SCRIPT)
REVIEW_API = "/api/method/neiqin.dual_review.api.review"
APP = Path(neiqin.__file__).parent
# rows that must survive every payload
WATCHED = (
	"Document Review",
	"Review Rule",
	"Review Content Change",
	"Sales Order",
	"Delivery Note",
	"Sales Material Log",
	"Contract Fulfilment",
	"Purchase Invoice",
	"Stock Entry",
)


@pytest.fixture(scope="module")
def users(base):
	return factories.ensure_abuse_users()


def counts() -> dict:
	return {doctype: frappe.db.count(doctype) for doctype in WATCHED}


@pytest.fixture
def governed(users, committed):
	made = factories.make_governed_delivery(committed, users)
	made.users = users
	yield made
	factories.purge_review_records([name for _doctype, name in committed.docs])


# ----------------------------------------------------------------------------- reports


def report_filters() -> dict[str, dict[str, str]]:
	"""{report name: {filter: fieldtype}} of every neiqin script report, from its script (what
	the desk sends) and its Python (what it reads)."""
	reports = {}
	for js in sorted(APP.glob("*/report/*/*.js")):
		meta = json.loads(js.with_suffix(".json").read_text())
		text = js.read_text()
		fields = dict(re.findall(r'fieldname:\s*"(\w+)",[^{}]*?fieldtype:\s*"(\w+)"', text, re.S))
		for name in re.findall(r'filters\.(?:get\()?"?(\w+)', js.with_suffix(".py").read_text()):
			if name not in ("get", "update", "copy", "items", "keys", "pop", "setdefault"):
				fields.setdefault(name, "Data")
		reports[meta["name"]] = fields
	return reports


REPORTS = report_filters()


def hostile_filters(fields: dict[str, str], payload: str) -> dict:
	filters = {}
	for name, fieldtype in fields.items():
		if fieldtype == "Date":
			filters[name] = nowdate()
		elif fieldtype == "Check":
			filters[name] = 1
		else:
			filters[name] = payload
	filters["company"] = factories.COMPANY if "company" in fields else None
	return {key: value for key, value in filters.items() if value is not None}


def run_report(name: str, filters: dict):
	from frappe.desk.query_report import run

	try:
		return run(name, filters=filters, ignore_prepared_report=True)
	except frappe.ValidationError as refusal:  # a translated refusal of the filter is fine
		return refusal


def test_report_list_covers_every_neiqin_report():
	assert_covered(REPORTS, neiqin_reports(), "report")
	assert all(REPORTS.values()), [name for name, fields in REPORTS.items() if not fields]


@pytest.mark.parametrize("report", neiqin_reports())
def test_sql_and_script_payloads_in_every_report_filter_are_harmless(base, report):
	before = counts()
	for payload in PAYLOADS:
		frappe.db.savepoint("nq_report_payload")
		try:
			result = run_report(report, hostile_filters(REPORTS[report], payload))
		except (frappe.db.ProgrammingError, frappe.db.OperationalError, frappe.db.InternalError) as error:
			raise AssertionError(f"{report}: the payload reached SQL: {error}") from error
		if isinstance(result, dict):
			rows = [row for row in result.get("result") or [] if isinstance(row, dict)]
			# a payload matches no document: at most a total row comes back
			assert len(rows) <= 1, f"{report} returned {len(rows)} rows for {payload!r}"
			assert "<script>" not in frappe.as_json(rows)
		# what the report wrote is still in this transaction here: compare before undoing it
		assert counts() == before, f"{report} wrote with {payload!r}"
		frappe.db.rollback(save_point="nq_report_payload")


DATED = sorted(name for name, fields in REPORTS.items() if "Date" in fields.values())


@pytest.mark.parametrize("report", DATED)
def test_payloads_in_report_date_filters_are_refused_as_invalid_dates(base, report):
	dates = [name for name, fieldtype in REPORTS[report].items() if fieldtype == "Date"]
	filters = hostile_filters(REPORTS[report], "")
	filters.update({name: SQL for name in dates})
	with pytest.raises(frappe.ValidationError):
		from frappe.desk.query_report import run

		run(report, filters=filters, ignore_prepared_report=True)


# ----------------------------------------------------------------------------- API arguments


def api_calls(users, dn) -> list[tuple[str, dict]]:
	"""(method path, arguments) of every whitelisted neiqin method, `{p}` marking a payload; a
	document's method takes the document's name as `dn`. A method missing here fails the test."""
	p = "{p}"
	return [
		("neiqin.dual_review.api.get_review_status", {"doctype": p, "name": p}),
		("neiqin.dual_review.api.get_review_status", {"doctype": "Delivery Note", "name": p}),
		("neiqin.dual_review.api.review", {"doctype": p, "name": p, "decision": "Approved"}),
		("neiqin.dual_review.api.review", {"doctype": "Delivery Note", "name": dn.name, "decision": p}),
		(
			"neiqin.dual_review.api.review",
			{"doctype": "Delivery Note", "name": dn.name, "decision": "Approved", "review_rule": p},
		),
		(
			"neiqin.dual_review.api.review",
			{"doctype": "Delivery Note", "name": dn.name, "decision": "Approved", "checklist": p},
		),
		(
			"neiqin.dual_review.api.review",
			{"doctype": "Delivery Note", "name": dn.name, "decision": "Approved", "content_hash": p},
		),
		("neiqin.contract_fulfilment.api.get_fulfilment", {"sales_order": p}),
		("neiqin.contract_fulfilment.api.rebuild", {"sales_order": p}),
		("neiqin.neiqin.cards.awaiting_my_review", {"filters": p}),
		("neiqin.neiqin.cards.my_drafts_awaiting_review", {"filters": p}),
		("neiqin.neiqin.cards.instruments_handed_to_me", {"filters": p}),
		(
			"neiqin.neiqin.dashboard_chart_source.contract_fulfilment_status.contract_fulfilment_status.get",
			{"filters": json.dumps([["Contract Fulfilment", "name", "=", p]])},
		),
		("neiqin.sales_materials.api.mark_delivered", {"name": p, "delivered_on": p}),
		("neiqin.sales_materials.api.confirm_receipt", {"name": p, "received_by": p}),
		("neiqin.sales_materials.api.record_return", {"name": p, "items": p}),
		("neiqin.sales_materials.api.mark_lost", {"name": p, "reason": p}),
		(
			"neiqin.sales_materials.api.make_courier_invoice",
			{"company": p, "courier": p, "from_date": p, "to_date": p},
		),
		("neiqin.dual_review.api.get_available_checks", {}),
		("neiqin.dual_review.api.save_voids_approvals", {"doctype": p, "name": p, "doc": p}),
		("neiqin.dual_review.api.review_states", {"doctype": p, "names": p}),
		("neiqin.dual_review.api.review_states", {"doctype": "Delivery Note", "names": json.dumps([p])}),
		(
			"neiqin.dual_review.api.save_voids_approvals",
			{"doctype": "Delivery Note", "name": dn.name, "doc": p},
		),
		("neiqin.neiqin.cards.overdue_contract_deliveries", {"filters": p}),
		("neiqin.registers.api.sign_for_instrument", {"name": p}),
		("neiqin.registers.api.change_instrument_status", {"name": p, "status": p, "reason": p}),
		("neiqin.documents_back.api.mark_receipt_returned", {"name": p, "returned_on": p, "returned_by": p}),
		("neiqin.documents_back.api.archive_receipt", {"name": p, "archive_location": p}),
		("neiqin.documents_back.api.report_receipt_lost", {"name": p, "reason": p}),
		("neiqin.documents_back.api.mark_receipt_lost", {"name": p, "reason": p}),
		("neiqin.documents_back.api.verify_buyer_details", {"name": p}),
		("neiqin.documents_back.api.make_mailing_log", {"name": p}),
		("neiqin.documents_back.api.mark_fapiao_received", {"name": p, "received_on": p}),
		("neiqin.documents_back.api.void_fapiao", {"name": p, "reason": p}),
		("neiqin.documents_back.api.preview_fapiao_import", {"company": p, "file_url": p}),
		("neiqin.documents_back.api.import_fapiao", {"company": p, "file_url": p}),
		("neiqin.documents_back.cards.signed_receipts_overdue", {"filters": p}),
		("neiqin.documents_back.cards.invoices_without_fapiao", {"filters": p}),
		("neiqin.sales_plans.cards.broken_promises", {"filters": p}),
		("neiqin.sales_plans.cards.summaries_missing", {"filters": p}),
		("neiqin.documents_back.invoice_requests.make_sales_invoice", {"source_name": p}),
		(
			"neiqin.documents_back.invoice_requests.source_lines",
			{"customer": p, "company": p, "doctype": p, "names": p},
		),
		("neiqin.registers.api.draft_payment_entry", {"name": p}),
		("neiqin.sales_expenses.api.make_advance_payment", {"name": p}),
		("neiqin.sales_expenses.api.make_employee_payment", {"name": p}),
		("neiqin.sales_expenses.cards.requests_awaiting_me", {"filters": p}),
		("neiqin.sales_expenses.cards.advances_overdue", {"filters": p}),
		("neiqin.registers.api.maturing_bills", {"on_date": p, "days": p, "company": p}),
		("neiqin.registers.api.maturing_bills", {"on_date": nowdate(), "days": 30, "company": p}),
		("neiqin.registers.api.create_balance_confirmations", {"company": p, "period_end": p, "send": p}),
		(
			"neiqin.registers.api.create_balance_confirmations",
			{"company": factories.COMPANY, "period_end": p},
		),
		("neiqin.registers.api.send_balance_statements", {"names": p}),
		("neiqin.sales_compliance.api.get_customer_qualifications", {"customer": p}),
		(
			"neiqin.sales_compliance.doctype.customer_qualification.customer_qualification.CustomerQualification.verify",
			{"dn": p},
		),
		(
			"neiqin.channels.doctype.notification_channel.notification_channel.NotificationChannel.send_test_message",
			{"dn": p},
		),
	]


def request(method: str, arguments: dict) -> tuple[str, str, dict | None]:
	"""(HTTP method, path, body) that calls `method` as the desk does."""
	if doc_method := document_method(method):
		doctype, name = doc_method
		return "POST", "/api/method/run_doc_method", {"dt": doctype, "method": name, **arguments}
	if frappe.allowed_http_methods_for_whitelisted_func.get(frappe.get_attr(method)) == ["GET"]:
		return "GET", f"/api/method/{method}?{urlencode(arguments)}", None
	return "POST", f"/api/method/{method}", arguments


def test_the_api_table_covers_every_whitelisted_neiqin_method():
	calls = api_calls(users=None, dn=frappe._dict(name="DN-NONE"))
	assert_covered({method for method, _arguments in calls}, neiqin_whitelisted_methods(), "method")


def with_payload(arguments: dict, payload: str) -> dict:
	return {key: payload if value == "{p}" else value for key, value in arguments.items()}


def test_sql_and_script_payloads_in_every_api_argument_are_refused_cleanly(governed):
	users, dn = governed.users, governed.dn
	before, footprint = counts(), review_footprint("Delivery Note", dn.name)
	failures = []
	for method, arguments in api_calls(users, dn):  # every method: see the test above
		for payload in PAYLOADS:
			http, path, body = request(method, with_payload(arguments, payload))
			response = rest.call(http, path, user=users.reviewer, json=body)
			echoed = response.status_code == 200 and "<script>" in response.text.replace("\\/", "/")
			if response.status_code >= 500 or echoed:
				failures.append((method, payload, response.status_code, response.text[:300]))
	assert not failures, failures
	assert counts() == before
	assert review_footprint("Delivery Note", dn.name) == footprint


# ----------------------------------------------------------------------------- malformed input


def test_a_malformed_json_body_is_refused_and_records_nothing(governed):
	users, dn = governed.users, governed.dn
	before = review_footprint("Delivery Note", dn.name)
	body = '{"doctype": "Delivery Note", "name": "' + dn.name + '", "decision": "Approved",'
	response = rest.call_raw("POST", REVIEW_API, user=users.reviewer, body=body)
	# frappe itself fails to parse the body (frappe.app.make_form_dict) before neiqin is called
	assert response.status_code != 200 and "JSONDecodeError" in response.exception, response.text[:300]
	assert review_footprint("Delivery Note", dn.name) == before


def test_a_malformed_json_checklist_is_refused_with_its_own_error(users):
	make_review_rule("Delivery Note", checklist=[{"question": "Contract on file", "mandatory": 1}])
	so = factories.make_sales_order()
	with as_user(users.clerk):
		dn = factories.make_delivery_note(so, qty={"_NQ Widget": 2}, submit=False)
	before = review_footprint("Delivery Note", dn.name)
	for broken in ('[{"question": "Contract on file", "answer": 1}', "{'question': 1}", "[1, 2"):
		with pytest.raises(InvalidReviewInputError):
			review_as(users.reviewer, dn, checklist=broken)
	assert review_footprint("Delivery Note", dn.name) == before


def post_review(users, body) -> rest.Response:
	return rest.call("POST", REVIEW_API, user=users.reviewer, json=body)


def refused_cleanly(response) -> bool:
	"""A 4xx refusal (a translated message), not a server error."""
	return 400 <= response.status_code < 500


def test_a_deeply_nested_checklist_is_refused_without_a_server_error(governed):
	users, dn = governed.users, governed.dn
	before = review_footprint("Delivery Note", dn.name)
	nested = "[" * 100000 + "]" * 100000
	response = post_review(
		users, {"doctype": "Delivery Note", "name": dn.name, "decision": "Approved", "checklist": nested}
	)
	assert review_footprint("Delivery Note", dn.name) == before
	assert refused_cleanly(response), response.text[:300]


def test_arguments_of_the_wrong_type_are_refused(governed):
	users, dn = governed.users, governed.dn
	before = review_footprint("Delivery Note", dn.name)
	failures = []
	for wrong in (
		{"decision": ["Approved"]},
		{"decision": {"$ne": "Rejected"}},
		{"checklist": 5},
		{"content_hash": ["a", "b"]},
		{"name": [dn.name, dn.name]},
	):
		response = post_review(
			users, {"doctype": "Delivery Note", "name": dn.name, "decision": "Approved", **wrong}
		)
		if not refused_cleanly(response):
			failures.append((wrong, response.status_code, response.exception[:200]))
	assert review_footprint("Delivery Note", dn.name) == before
	assert not failures, failures


def test_a_huge_rejection_comment_is_refused_without_a_server_error(governed):
	users, dn = governed.users, governed.dn
	before = review_footprint("Delivery Note", dn.name)
	response = post_review(
		users,
		{"doctype": "Delivery Note", "name": dn.name, "decision": "Rejected", "comment": "驳回" * 600000},
	)
	assert review_footprint("Delivery Note", dn.name) == before
	assert refused_cleanly(response), response.exception[:300]


def test_huge_names_and_decisions_are_refused_without_a_server_error(governed):
	users, dn = governed.users, governed.dn
	before = review_footprint("Delivery Note", dn.name)
	huge = "A" * 200000
	failures = []
	for body in (
		{"doctype": "Delivery Note", "name": huge, "decision": "Approved"},
		{"doctype": huge, "name": dn.name, "decision": "Approved"},
		{"doctype": "Delivery Note", "name": dn.name, "decision": huge},
		{"doctype": "Delivery Note", "name": dn.name, "decision": "Approved", "review_rule": huge},
	):
		response = post_review(users, body)
		if not refused_cleanly(response):
			failures.append((body.keys(), response.status_code, response.exception[:200]))
	assert review_footprint("Delivery Note", dn.name) == before
	assert not failures, failures
