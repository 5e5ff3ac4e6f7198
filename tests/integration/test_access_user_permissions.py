"""Reports and data methods honour User Permissions (issue 20, point 5).

A Sales Manager restricted by a User Permission to one company, territory, customer or sales
person runs EVERY neiqin report and every whitelisted data method — the lists come from the app
(`inventory.neiqin_reports()`, `inventory.neiqin_whitelisted_methods()`), so a new report or
method that is not in the tables here fails the test instead of skipping the check.

How "sees none of the other's rows or amounts" is proved, for every report and method alike:
"mine" (a territory, a customer in it, a sales person on its sales team, and the documents every
report reads: orders, deliveries, invoices, payments, receipts, fapiao, invoice requests, visits,
instruments, material logs, qualifications, promotions, balance confirmations, reviews) is built
and everything is run once, as the restricted manager and as an unrestricted manager (same
roles); then "theirs" (the same again in another territory, customer and sales person, with
amounts of their own) is built and everything is run again. Each report and method must
- change for the unrestricted manager (theirs is there to be seen: the check is not empty), and
- return exactly the same rows, totals, charts and cards to the restricted manager (nothing of
  theirs shows, nor is added into a total).
Methods that take one document refuse the restricted manager theirs and serve him his.
"""

from __future__ import annotations

import json

import frappe
import pytest
from frappe.desk.query_report import run
from frappe.utils import add_days, getdate, nowdate

from neiqin.registers import rules as register_rules
from tests.integration import documents_back_support as receipts
from tests.integration import factories
from tests.integration.inventory import assert_covered, neiqin_reports, neiqin_whitelisted_methods
from tests.integration.test_documents_back_requests import invoicing_details
from tests.integration.test_documents_back_requests import request as invoice_request
from tests.integration.test_permissions import COMPANY_FREE, report_filters

OTHER_COMPANY = "_NQ Setup Company"  # a second company of the test site, without neiqin data
ROLES = ["Sales Manager"]
RESTRICTED = "nq-access-restricted@example.com"
UNRESTRICTED = "nq-access-unrestricted@example.com"

CHART_SOURCE = (
	"neiqin.neiqin.dashboard_chart_source.contract_fulfilment_status.contract_fulfilment_status.get"
)

# whitelisted methods that return data: {path: arguments}; run like the reports
DATA_METHODS = {
	"neiqin.neiqin.cards.awaiting_my_review": {},
	"neiqin.neiqin.cards.my_drafts_awaiting_review": {},
	"neiqin.neiqin.cards.instruments_handed_to_me": {},
	"neiqin.neiqin.cards.overdue_contract_deliveries": {},
	"neiqin.documents_back.cards.signed_receipts_overdue": {},
	"neiqin.documents_back.cards.invoices_without_fapiao": {},
	"neiqin.sales_plans.cards.broken_promises": {},
	"neiqin.sales_plans.cards.summaries_missing": {},
	"neiqin.sales_expenses.cards.requests_awaiting_me": {},
	"neiqin.sales_expenses.cards.advances_overdue": {},
	CHART_SOURCE: {},
	"neiqin.registers.api.maturing_bills": {"company": factories.COMPANY, "days": 90},
	"neiqin.dual_review.api.get_available_checks": {},
}

# whitelisted methods that read or act on one document, customer or company: {path: world -> arguments};
# the restricted manager is refused theirs (frappe.PermissionError)
DOCUMENT_METHODS = {
	"neiqin.contract_fulfilment.api.get_fulfilment": lambda w: {"sales_order": w.so.name},
	"neiqin.contract_fulfilment.api.rebuild": lambda w: {"sales_order": w.so.name},
	"neiqin.dual_review.api.get_review_status": lambda w: {
		"doctype": "Promotion Approval",
		"name": w.promotion.name,
	},
	"neiqin.dual_review.api.review": lambda w: {
		"doctype": "Invoice Request",
		"name": w.invoice_request.name,
		"decision": "Approved",
	},
	"neiqin.dual_review.api.save_voids_approvals": lambda w: {
		"doctype": "Invoice Request",
		"name": w.invoice_request.name,
		"doc": "{}",
	},
	"neiqin.dual_review.api.review_states": lambda w: {
		"doctype": "Invoice Request",
		"names": [w.invoice_request.name],
	},
	"neiqin.sales_compliance.api.get_customer_qualifications": lambda w: {"customer": w.customer},
	"neiqin.documents_back.invoice_requests.source_lines": lambda w: {
		"customer": w.customer,
		"company": factories.COMPANY,
		"doctype": "Sales Order",
		"names": [w.so.name],
	},
	"neiqin.documents_back.invoice_requests.make_sales_invoice": lambda w: {
		"source_name": w.invoice_request.name
	},
	"neiqin.registers.api.sign_for_instrument": lambda w: {"name": w.instrument.name},
	"neiqin.registers.api.change_instrument_status": lambda w: {
		"name": w.instrument.name,
		"status": "Cancelled",
		"reason": "access test",
	},
	"neiqin.registers.api.draft_payment_entry": lambda w: {"name": w.instrument.name},
	"neiqin.registers.api.send_balance_statements": lambda w: {"names": [w.confirmation.name]},
	"neiqin.sales_materials.api.mark_delivered": lambda w: {"name": w.material.name},
	"neiqin.sales_materials.api.confirm_receipt": lambda w: {"name": w.material.name},
	"neiqin.sales_materials.api.record_return": lambda w: {"name": w.material.name, "items": []},
	"neiqin.sales_materials.api.mark_lost": lambda w: {"name": w.material.name, "reason": "access test"},
	"neiqin.documents_back.api.mark_receipt_returned": lambda w: {"name": w.receipt.name},
	"neiqin.documents_back.api.archive_receipt": lambda w: {
		"name": w.receipt.name,
		"archive_location": "Cabinet 1",
	},
	"neiqin.documents_back.api.report_receipt_lost": lambda w: {
		"name": w.receipt.name,
		"reason": "access test",
	},
	"neiqin.documents_back.api.mark_receipt_lost": lambda w: {"name": w.receipt.name},
	"neiqin.documents_back.api.verify_buyer_details": lambda w: {"name": w.invoice_request.name},
	"neiqin.documents_back.api.make_mailing_log": lambda w: {"name": w.fapiao.name},
	"neiqin.documents_back.api.mark_fapiao_received": lambda w: {"name": w.fapiao.name},
	"neiqin.documents_back.api.void_fapiao": lambda w: {"name": w.fapiao.name, "reason": "access test"},
	"neiqin.sales_expenses.api.make_advance_payment": lambda w: {"name": w.expense_request.name},
	"neiqin.sales_expenses.api.make_employee_payment": lambda w: {"name": w.expense_claim.name},
}

# of these, an empty answer is a refusal too (they list what the user may read)
ANSWER_EMPTY = {
	"neiqin.dual_review.api.review_states",
	"neiqin.sales_compliance.api.get_customer_qualifications",
	"neiqin.documents_back.invoice_requests.source_lines",
}

# whitelisted methods not called through the tables above: why (their roles are held by
# test_abuse_inputs)
OUTSIDE = {
	"neiqin.registers.api.create_balance_confirmations": "creates for the company; System Manager / Accounts",
	"neiqin.sales_materials.api.make_courier_invoice": "a purchase invoice to a courier; Accounts",
	"neiqin.documents_back.api.preview_fapiao_import": "test_the_fapiao_import_maps_nothing_of_theirs",
	"neiqin.documents_back.api.import_fapiao": "test_the_fapiao_import_maps_nothing_of_theirs",
	"neiqin.sales_compliance.doctype.customer_qualification.customer_qualification.CustomerQualification.verify": (
		"a document method: run_doc_method checks read on the document first"
	),
	"neiqin.channels.doctype.notification_channel.notification_channel.NotificationChannel.send_test_message": (
		"a robot, no customer data; System Manager"
	),
}


def test_every_report_and_whitelisted_method_is_in_a_table():
	assert_covered(report_filters(), neiqin_reports(), "report")
	assert_covered([*DATA_METHODS, *DOCUMENT_METHODS, *OUTSIDE], neiqin_whitelisted_methods(), "method")


# ----------------------------------------------------------------------------- the two worlds


@pytest.fixture(scope="module")
def managers(base):
	return frappe._dict(
		restricted=factories.ensure_user(RESTRICTED, ROLES),
		unrestricted=factories.ensure_user(UNRESTRICTED, ROLES),
		# ERPNext's Accounts Receivable is for Accounts Users
		accounts=factories.ensure_user("nq-access-accounts@example.com", [*ROLES, "Accounts User"]),
	)


@pytest.fixture(scope="module")
def expense_users(base):
	"""The sales expenses' users, employees and accounts (made once and committed, before any
	world: a world is rolled back with its test)."""
	from tests.integration import expenses_support as expenses

	return expenses.ensure_expenses(base)


@pytest.fixture
def setting(base, expense_users):
	"""What every world needs: signed receipts for all customers (due after a day), a qualification
	every customer must hold (so the Customer Qualification Status lists them)."""
	receipts.receipts_for_all(receipt_return_days=1, invoice_only_after_signed_receipt="Off")
	qualification = factories.make_qualification_type().name
	factories.make_qualification_requirement(qualification, document_type="Sales Order", enforcement="Warn")
	return frappe._dict(qualification=qualification, seal=factories.make_seal(), expenses=expense_users)


def make_world(setting, rate: float) -> frappe._dict:
	"""A territory, a customer in it served by one sales person, and a document of each kind."""
	today = getdate(nowdate())
	w = frappe._dict(territory=factories.make_territory().name, person=factories.make_sales_person().name)
	team = [{"sales_person": w.person, "allocated_percentage": 100}]
	customer = factories.make_customer(territory=w.territory, sales_team=team)
	w.customer, w.customer_name = customer.name, customer.customer_name
	factories.make_customer_qualification(
		w.customer, setting.qualification, valid_from=add_days(today, -10), valid_to=add_days(today, 20)
	)
	invoicing_details(w.customer)
	w.so = factories.make_sales_order(
		w.customer,
		items=[{"item_code": "_NQ Widget", "qty": 4, "rate": rate}],
		transaction_date=add_days(today, -10),
		delivery_date=add_days(today, -5),
		contract_signed_date=add_days(today, -10),
		sales_team=team,
	)
	w.dn = factories.make_delivery_note(w.so, qty={"_NQ Widget": 2})
	w.receipt = receipts.receipt_of(w.dn)
	frappe.db.set_value(w.receipt.doctype, w.receipt.name, "due_date", add_days(today, -2))  # overdue
	w.si = factories.make_sales_invoice(w.dn, due_date=add_days(today, 20))
	w.pe = factories.make_payment_entry(w.si, amount=rate)
	w.fapiao = receipts.make_fapiao([w.si])
	w.uncovered = factories.make_direct_sales_invoice(
		w.customer, [{"item_code": "_NQ Service", "qty": 1, "rate": rate}], sales_team=team
	)
	w.seal_usage = factories.make_seal_usage(
		setting.seal, reference_doctype="Sales Order", reference_name=w.so.name
	)
	w.invoice_request = invoice_request([(w.so, w.so.items[0], 1)], customer=w.customer)  # a draft
	w.visit = factories.make_visit_log(w.customer)
	w.instrument = factories.make_instrument(
		w.customer, amount=rate * 3, instrument_type="Bank Acceptance Bill", due_date=add_days(today, 30)
	)
	w.material = factories.make_material_log(party=w.customer, submit=True)
	w.promotion = factories.make_promotion_approval(customer=w.customer, budget_amount=rate * 10)
	w.confirmation = frappe.get_doc(
		{
			"doctype": "Customer Balance Confirmation",
			"customer": w.customer,
			"company": factories.COMPANY,
			"period_end": register_rules.last_half_year_end(today),
		}
	).insert()
	plans_world(w, rate)
	w.expenses = setting.expenses
	expenses_world(w, rate)
	return w


def expenses_world(w: frappe._dict, rate: float) -> None:
	"""Sales expenses: a budget for the territory; a request for the customer by the sales person,
	approved, its advance paid 40 days ago (overdue) and partly claimed; a draft request awaiting
	a Sales Manager."""
	from tests.integration import expenses_support as expenses

	ex = w.expenses
	world = frappe._dict(company=factories.COMPANY, territory=w.territory)
	budget = frappe.get_doc(
		{
			"doctype": "Sales Expense Budget",
			"company": factories.COMPANY,
			"fiscal_year": factories.ensure_fiscal_year(nowdate()),
			"period": "Year",
			"lines": [{"territory": w.territory, "amount": rate * 100}],
		}
	).insert()
	budget.submit()
	values = {"territory": w.territory, "sales_person": w.person, "customer": w.customer}
	w.expense_request = expenses.approved_request(world, ex, amount=rate * 3, advance=rate * 2, **values)
	payment = expenses.pay_advance(w.expense_request)
	frappe.db.set_value("Payment Entry", payment.name, "posting_date", add_days(nowdate(), -40))
	w.expense_claim = expenses.submitted_claim(
		world, ex, [expenses.claim_line(w.expense_request, rate * 1.5)]
	)
	expenses.make_request(world, ex, amount=rate, **values)


def plans_world(w: frappe._dict, rate: float) -> None:
	"""Plans and follow-up: the sales person is an active employee with a login, and his broken
	promise."""
	from neiqin.sales_plans import rules as plan_rules

	today = getdate(nowdate())
	login = frappe.get_doc(
		{
			"doctype": "User",
			"email": f"nq-access-sp-{frappe.generate_hash(length=6).lower()}@example.com",
			"first_name": "access sales person",
			"send_welcome_email": 0,
		}
	).insert(ignore_permissions=True)
	employee = frappe.get_doc(
		{
			"doctype": "Employee",
			"first_name": w.person,
			"gender": frappe.db.get_value("Gender", {}, "name") or "Male",
			"date_of_birth": "1990-01-01",
			"date_of_joining": "2020-01-01",
			"company": factories.COMPANY,
			"user_id": login.name,
			"status": "Active",
		}
	).insert(ignore_permissions=True)
	frappe.db.set_value("Sales Person", w.person, "employee", employee.name)
	w.follow_up = frappe.get_doc(
		{
			"doctype": "Collection Follow-up",
			"customer": w.customer,
			"company": factories.COMPANY,
			"sales_person": w.person,
			"followed_up_by": "Administrator",
			"followed_up_on": today,
			"promised_amount": rate,
			"promised_date": today,
		}
	).insert()
	frappe.db.set_value(
		"Collection Follow-up", w.follow_up.name, "status", plan_rules.BROKEN
	)  # the daily job
	# no summary: a draft awaits the Sales Manager's review (Awaiting My Review); the roll-up and
	# the missing summaries list the active sales person without one


RESTRICTIONS = {
	"company": lambda w: ("Company", OTHER_COMPANY),
	"territory": lambda w: ("Territory", w.territory),
	"customer": lambda w: ("Customer", w.customer),
	"sales person": lambda w: ("Sales Person", w.person),
}


def restrict_to(user: str, allow: str, value: str) -> None:
	frappe.get_doc({"doctype": "User Permission", "user": user, "allow": allow, "for_value": value}).insert(
		ignore_permissions=True
	)
	frappe.clear_cache(user=user)


# ----------------------------------------------------------------------------- what each user sees


def report_run(report: str) -> str:
	filters = dict(report_filters()[report])
	if report == "Balance Confirmation Status":  # the half-year the worlds' confirmations are for
		filters["period_end"] = register_rules.last_half_year_end(getdate(nowdate()))
	if report not in COMPANY_FREE:
		filters["company"] = factories.COMPANY
	try:
		result = run(report, filters=filters, ignore_prepared_report=True)
	except frappe.PermissionError as refusal:
		return f"refused {refusal} {frappe.local.message_log}"
	except frappe.ValidationError as refusal:
		return f"refused: {refusal}"
	finally:
		frappe.local.message_log = []
	seen = {key: result.get(key) for key in ("result", "chart", "report_summary", "message")}
	return json.dumps(seen, sort_keys=True, default=str)


def method_run(path: str) -> str:
	try:
		value = frappe.call(frappe.get_attr(path), **DATA_METHODS[path])
	except frappe.PermissionError:
		return "refused"
	return json.dumps(value, sort_keys=True, default=str)


def everything(user: str) -> dict[str, str]:
	frappe.clear_cache(user=user)
	with factories.as_user(user):
		seen = {report: report_run(report) for report in neiqin_reports()}
		seen.update({path: method_run(path) for path in DATA_METHODS})
	return seen


# customers and their visits belong to no company: ERPNext's own Customer list shows every
# customer to a user restricted to one company, and so do these two reports
NOT_RESTRICTED = {
	# a budget line names a territory (or a sales person), no customer: a User Permission on
	# Customer does not restrict it (frappe's rule), nor one on Sales Person a territory's line;
	# what it counts as committed and claimed are the user's requests only
	("customer", "Expense Budget Usage"),
	("sales person", "Expense Budget Usage"),
	("company", "Customer Qualification Status"),
	("company", "Customer Visit Summary"),
	# a weekly summary names a sales person and a company, no customer or territory (frappe's rule:
	# a User Permission on Territory or Customer does not restrict it, in its list either); the
	# roll-up and the missing summaries list sales persons, not a customer's rows
	*(
		(restriction, name)
		for restriction in ("territory", "customer")
		for name in ("Weekly Summary Roll-up", "neiqin.sales_plans.cards.summaries_missing")
	),
}

# the warehouse's ledger: a dispatch to theirs moves the warehouse's stock as ERPNext's Stock Ledger
# shows it to everyone who may read the warehouse; whom it went to is hidden (checked below)
ROWS_SHOWN = {
	*NOT_RESTRICTED,
	("territory", "Sales Material Ledger"),
	("customer", "Sales Material Ledger"),
	("sales person", "Sales Material Ledger"),
}

# methods whose answer does not depend on the rows of a customer (the same for every user)
SAME_FOR_EVERYONE = {"neiqin.dual_review.api.get_available_checks"}
# reports and cards of the user's own drafts and of what was handed to the user: the worlds made
# here are nobody's drafts and handed to nobody, so they show for neither manager (the leak check
# still holds them)
OWN_ROWS_ONLY = {
	"My Drafts Awaiting Review",
	"neiqin.neiqin.cards.my_drafts_awaiting_review",
	"neiqin.neiqin.cards.instruments_handed_to_me",
}


@pytest.mark.parametrize("restriction", RESTRICTIONS)
def test_a_restricted_manager_sees_nothing_of_the_others_in_any_report_or_data_method(
	managers, setting, restriction
):
	mine = make_world(setting, rate=100)
	restrict_to(managers.restricted, *RESTRICTIONS[restriction](mine))
	before = everything(managers.restricted), everything(managers.unrestricted)
	theirs = make_world(setting, rate=137.37)
	after = everything(managers.restricted), everything(managers.unrestricted)

	empty = [
		name
		for name in before[1]
		if name not in SAME_FOR_EVERYONE | OWN_ROWS_ONLY and before[1][name] == after[1][name]
	]
	assert not empty, f"theirs does not show for an unrestricted manager (the check is empty): {empty}"
	refused = {name: seen for name, seen in after[1].items() if seen.startswith("refused")}
	assert not refused, refused
	leaking = {
		name: after[0][name]
		for name in before[0]
		if before[0][name] != after[0][name] and (restriction, name) not in ROWS_SHOWN
	}
	assert not leaking, f"restricted to {restriction}, the manager sees theirs in: {sorted(leaking)}"
	for value in (theirs.customer, theirs.customer_name, theirs.territory, theirs.person, theirs.si.name):
		shown = [
			name
			for name, seen in after[0].items()
			if value in seen and (restriction, name) not in NOT_RESTRICTED
		]
		assert not shown, (value, shown)


def test_document_methods_refuse_theirs_and_serve_mine(managers, setting):
	mine = make_world(setting, rate=100)
	theirs = make_world(setting, rate=137.37)
	restrict_to(managers.restricted, "Territory", mine.territory)
	served = []
	with factories.as_user(managers.restricted):
		for path, arguments in DOCUMENT_METHODS.items():
			frappe.db.savepoint("nq_access")
			try:
				answer = frappe.call(frappe.get_attr(path), **arguments(theirs))
				if answer or path not in ANSWER_EMPTY:
					served.append(path)
			except frappe.PermissionError:
				pass
			except Exception as error:  # refused for another reason before the permission check
				served.append(f"{path}: {error!r}")
			frappe.db.rollback(save_point="nq_access")
			frappe.local.message_log = []
	assert not served, f"served theirs to a manager restricted to his territory: {served}"
	allowed = []
	with factories.as_user(managers.restricted):
		for path in (
			"neiqin.contract_fulfilment.api.get_fulfilment",
			"neiqin.dual_review.api.get_review_status",
			"neiqin.sales_compliance.api.get_customer_qualifications",
			"neiqin.documents_back.invoice_requests.source_lines",
		):
			allowed.append(frappe.call(frappe.get_attr(path), **DOCUMENT_METHODS[path](mine)))
	assert all(allowed)


def test_contract_receivables_show_that_users_invoices_as_erpnext_accounts_receivable_does(managers, setting):
	mine = make_world(setting, rate=100)
	theirs = make_world(setting, rate=137.37)
	restrict_to(managers.accounts, "Territory", mine.territory)
	filters = {"company": factories.COMPANY, "report_date": nowdate(), "range": "30, 60, 90"}
	with factories.as_user(managers.accounts):
		erpnext = run("Accounts Receivable", filters=filters, ignore_prepared_report=True)["result"]
		neiqin = run(
			"Contract Receivables",
			filters={"company": factories.COMPANY, "as_of_date": nowdate(), "range": "30, 60, 90"},
			ignore_prepared_report=True,
		)["result"]
	erpnext_invoices = {row.get("voucher_no") for row in erpnext if isinstance(row, dict)}
	neiqin_text = json.dumps(neiqin, default=str)
	assert mine.si.name in erpnext_invoices and theirs.si.name not in erpnext_invoices
	assert mine.so.name in neiqin_text and theirs.so.name not in neiqin_text
	assert mine.customer in neiqin_text and theirs.customer not in neiqin_text


def test_the_fapiao_import_maps_nothing_of_theirs(managers, setting):
	"""The tax platform's export names theirs invoice (备注) and has a row of theirs buyer and
	total: the restricted manager's preview maps neither to theirs invoice or customer, and the
	import registers nothing; his own row maps."""
	from neiqin.documents_back import api

	mine = make_world(setting, rate=100)
	theirs = make_world(setting, rate=137.37)
	restrict_to(managers.restricted, "Territory", mine.territory)
	rows = [
		receipts.platform_row(theirs.uncovered),
		receipts.platform_row(theirs.uncovered, remarks=""),
		receipts.platform_row(mine.uncovered),
	]
	file_url = receipts.save_file(receipts.platform_export(rows), user=managers.restricted)
	with factories.as_user(managers.restricted):
		preview = api.preview_fapiao_import(factories.COMPANY, file_url)
		frappe.db.savepoint("nq_import")
		with pytest.raises(frappe.ValidationError):
			api.import_fapiao(factories.COMPANY, file_url)
		frappe.db.rollback(save_point="nq_import")
	mapped = {row["row"]: row for row in preview["rows"]}
	assert [len(mapped[row]["sales_invoices"]) for row in sorted(mapped)] == [0, 0, 1]
	assert mapped[max(mapped)]["sales_invoices"][0]["sales_invoice"] == mine.uncovered.name
	assert theirs.customer not in [row["customer"] for row in preview["rows"]]  # the buyer is not matched
	assert not frappe.db.exists("Fapiao Invoice", {"sales_invoice": theirs.uncovered.name})
