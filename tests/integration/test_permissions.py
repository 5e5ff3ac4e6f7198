"""A clerk who holds only neiqin's Sales Admin role can read what it checks and run every report."""

import frappe
import pytest
from frappe.desk.query_report import run
from frappe.utils import add_days, nowdate

from neiqin.permissions import CHECKED_DOCUMENTS, DOCUMENT_RIGHTS, LINKED_DOCTYPES, grant_role_rights
from tests.integration import factories
from tests.integration.inventory import assert_covered, neiqin_reports


def report_filters() -> dict[str, dict]:
	"""{report: the filters the clerk runs it with} for every neiqin report (dates from the
	site's clock, now); a report missing here fails test_sales_admin_runs_every_report."""
	today = nowdate()
	period = {"from_date": add_days(today, -30), "to_date": add_days(today, 30)}
	return {
		"Contract Entry SLA": {**period, "only_late": 0},
		"Contract Fulfilment Statistics": {**period, "periodicity": "Monthly", "group_by": "Customer"},
		"Contract Receivables": {"as_of_date": today, "range": "30, 60, 90"},
		"Awaiting My Review": {},
		"My Drafts Awaiting Review": {},
		"Review Audit Trail": dict(period),
		"Courier Fee Settlement": dict(period),
		"Material Dispatch Register": dict(period),
		"Sales Material Ledger": dict(period),
		"Daily Receipts Detail": dict(period),
		"Daily Sales Report": {**period, "group_by": "Customer"},
		"Daily Sales Statistics": dict(period),
		"Sales Finance Reconciliation": dict(period),
		"Balance Confirmation Status": {"period_end": today},
		"Customer Visit Summary": {**period, "group_by": "Customer"},
		"Receipt Document Tracking": {"date": today, "maturity_days": 30},
		"Seal Usage Register": dict(period),
		"Customer Qualification Status": {"expiring_within_days": 30},
		"Promotion Budget Usage": dict(period),
		"Signed Receipt Tracking": {**period, "view": "All"},
		"Invoice Request SLA": {**period, "only_late": 0},
		"Fapiao Register": {**period, "group_by": "Customer"},
		"Fapiao Reconciliation": dict(period),
		"Sales Expense Ledger": {**period, "group_by": "Sales Person"},
		"Employee Advance Balance": {"as_of_date": today},
		"Expense Budget Usage": dict(period),
		"Collections and Expenses by Territory": dict(period),
		"Collection Follow-up Board": {"report_date": today, "range": "30, 60, 90, 120"},
		"Weekly Summary Roll-up": {},
		"Plan Attainment": {"fiscal_year": factories.ensure_fiscal_year(today), "periodicity": "Monthly"},
	}


COMPANY_FREE = {
	"Awaiting My Review",
	"My Drafts Awaiting Review",
	"Review Audit Trail",
	"Customer Visit Summary",
	"Customer Qualification Status",
}


@pytest.fixture(scope="module")
def clerk(base):
	return factories.ensure_user("nq-only-sales-admin@example.com", ["Sales Admin"])


@pytest.fixture
def chain(base):
	so = factories.make_sales_order(items=[{"item_code": base.widget, "qty": 4}])
	dn = factories.make_delivery_note(so, qty={base.widget: 2})
	si = factories.make_sales_invoice(dn)
	pe = factories.make_payment_entry(si, amount=50)
	return so, dn, si, pe


def test_sales_admin_reads_the_documents_it_checks_but_does_not_enter_them(clerk, chain):
	so, dn, si, pe = chain
	frappe.set_user(clerk)
	for doc in (so, dn, si, pe):
		assert frappe.has_permission(doc.doctype, "read", doc.name), doc.doctype
		assert frappe.has_permission(doc.doctype, "print", doc.name), doc.doctype
		assert not frappe.has_permission(doc.doctype, "create"), doc.doctype
		assert not frappe.has_permission(doc.doctype, "cancel", doc.name), doc.doctype
	assert frappe.get_doc("Sales Order", so.name).grand_total == so.grand_total


def test_every_neiqin_report_has_its_filters_here():
	assert_covered(report_filters(), neiqin_reports(), "report")


@pytest.mark.parametrize("report", neiqin_reports())
def test_sales_admin_runs_every_report(report, clerk, chain, base):
	filters = dict(report_filters()[report])
	if report not in COMPANY_FREE:
		filters["company"] = base.company
	frappe.set_user(clerk)
	result = run(report, filters=filters, ignore_prepared_report=True)
	assert isinstance(result["result"], list)
	assert result["columns"]
	if report in ("Daily Sales Report", "Contract Fulfilment Statistics", "Daily Receipts Detail"):
		assert result["result"], f"{report} shows nothing for the clerk's company"


def test_rights_are_granted_idempotently_and_only_added(clerk):
	rules = frappe.db.count("Custom DocPerm")
	grant_role_rights()
	grant_role_rights()
	assert frappe.db.count("Custom DocPerm") == rules
	for doctype in CHECKED_DOCUMENTS:
		rule = frappe.db.get_value(
			"Custom DocPerm",
			{"parent": doctype, "role": "Sales Admin", "permlevel": 0, "if_owner": 0},
			list(DOCUMENT_RIGHTS),
			as_dict=True,
		)
		assert rule and all(rule.values()), doctype
	for doctype in LINKED_DOCTYPES:
		seen = frappe.has_permission(doctype, "select", user=clerk) or frappe.has_permission(
			doctype, "read", user=clerk
		)
		assert seen, doctype
