"""Customer qualifications (客户资质) decide whether a selling document may be submitted."""

import frappe
import pytest
from frappe.utils import add_days, getdate, nowdate

from neiqin.dual_review.checks import run_check
from neiqin.sales_compliance.exceptions import (
	QualificationDateError,
	QualificationMissingError,
	QualificationVerificationError,
	RequirementDocumentTypeError,
)
from tests.integration import factories


def delivery(customer, submit=False):
	return factories.make_direct_delivery_note(
		customer, [{"item_code": "_NQ Widget", "qty": 1}], submit=submit
	)


@pytest.fixture
def licence(base):
	return factories.make_qualification_type(warn_days=30).name


def test_a_delivery_to_a_customer_whose_licence_expired_yesterday_is_refused(base, licence):
	customer = factories.make_customer().name
	factories.make_qualification_requirement(licence, "Delivery Note", "Block")
	factories.make_customer_qualification(
		customer, licence, add_days(nowdate(), -400), add_days(nowdate(), -1)
	)
	dn = delivery(customer)
	with pytest.raises(QualificationMissingError) as refused:
		dn.submit()
	message = str(refused.value)
	assert customer in message and licence in message and "expired on" in message
	assert frappe.utils.format_date(add_days(nowdate(), -1)) in message
	assert frappe.db.get_value("Delivery Note", dn.name, "docstatus") == 0

	# renewed: the delivery goes out
	factories.make_customer_qualification(customer, licence, nowdate(), add_days(nowdate(), 365))
	dn.reload()
	dn.submit()
	assert dn.docstatus == 1


def test_a_warn_requirement_submits_with_a_visible_warning_and_a_timeline_note(base, licence):
	customer = factories.make_customer().name
	factories.make_qualification_requirement(licence, "Delivery Note", "Warn")
	factories.make_customer_qualification(customer, licence, None, add_days(nowdate(), -1))
	frappe.local.message_log = []
	dn = delivery(customer)
	dn.submit()
	assert dn.docstatus == 1
	shown = [frappe.parse_json(m) for m in frappe.local.message_log]
	assert any("expired on" in m.get("message", "") and m.get("indicator") == "orange" for m in shown)
	notes = factories.timeline("Delivery Note", dn.name)
	assert any("qualification warning" in n and licence in n and "expired on" in n for n in notes), notes
	# the note reads in the reader's language, whoever submitted (the stored text is not shown)
	chinese = factories.timeline("Delivery Note", dn.name, lang="zh")
	assert chinese and not any("qualification warning" in n or '{"' in n for n in chinese), chinese


def test_missing_and_not_yet_valid_are_named_and_other_doctypes_are_untouched(base, licence):
	customer = factories.make_customer().name
	factories.make_qualification_requirement(licence, "Delivery Note", "Block")
	with pytest.raises(QualificationMissingError, match="has no"):
		delivery(customer).submit()
	factories.make_customer_qualification(customer, licence, add_days(nowdate(), 5), None)
	with pytest.raises(QualificationMissingError, match="is not valid before"):
		delivery(customer).submit()
	# the requirement names Delivery Note only: an order is not refused
	so = factories.make_sales_order(customer=customer)
	assert so.docstatus == 1
	# a return of goods is never refused
	factories.make_customer_qualification(customer, licence, add_days(nowdate(), -5), add_days(nowdate(), 1))
	dn = delivery(customer, submit=True)
	frappe.db.set_value("Customer Qualification", {"customer": customer}, "valid_to", add_days(nowdate(), -2))
	assert factories.make_return(dn).docstatus == 1


def test_the_document_date_decides_and_groups_scope_the_requirement(base, licence):
	group = factories.ensure_tree("Customer Group", "_NQ Pharma Chains", "All Customer Groups")
	in_group = factories.make_customer(customer_group=group).name
	elsewhere = factories.make_customer().name
	factories.make_qualification_requirement(licence, "Sales Invoice", "Block", customer_group=group)
	factories.make_customer_qualification(
		in_group, licence, add_days(nowdate(), -30), add_days(nowdate(), -10)
	)
	items = [{"item_code": "_NQ Service", "qty": 1}]
	# back-dated to a day it was valid: refused all the same, it has expired by the day of submit
	si = factories.make_direct_sales_invoice(
		in_group, items, posting_date=add_days(nowdate(), -15), submit=False
	)
	with pytest.raises(QualificationMissingError, match="expired on"):
		si.submit()
	with pytest.raises(QualificationMissingError):
		factories.make_direct_sales_invoice(in_group, items)
	assert factories.make_direct_sales_invoice(elsewhere, items).docstatus == 1
	# the group is read from the customer master: changing it on the invoice does not help
	si = factories.make_direct_sales_invoice(in_group, items, submit=False)
	si.customer_group = "All Customer Groups"
	with pytest.raises(QualificationMissingError):
		si.submit()


def test_review_check_shows_the_same_facts_per_type(base, licence):
	gsp = factories.make_qualification_type().name
	customer = factories.make_customer().name
	for qtype in (licence, gsp):
		factories.make_qualification_requirement(qtype, "Delivery Note", "Warn")
	dn = delivery(customer)
	result = run_check("customer_qualification_valid", dn)
	assert not result.passed and result.message.count("has no") == 2
	factories.make_customer_qualification(customer, licence, None, add_days(nowdate(), 90))
	factories.make_customer_qualification(customer, gsp)
	result = run_check("customer_qualification_valid", dn)
	assert result.passed, result.message
	assert "valid until" in result.message and "without expiry" in result.message
	order = factories.make_sales_order(customer=customer, submit=False)  # nothing required of orders
	assert "No qualification is required" in run_check("customer_qualification_valid", order).message


def test_bad_input_is_refused_and_nothing_is_saved(base, licence):
	with pytest.raises(QualificationDateError):
		factories.make_customer_qualification(base.customer, licence, nowdate(), add_days(nowdate(), -1))
	assert not frappe.db.exists("Customer Qualification", {"qualification_type": licence})
	with pytest.raises(RequirementDocumentTypeError, match="not a selling document"):
		factories.make_qualification_requirement(licence, "Purchase Order")
	assert not frappe.db.exists("Qualification Requirement", {"qualification_type": licence})


def test_status_is_derived_and_verification_cannot_be_forged(base, licence):
	doc = factories.make_customer_qualification(
		base.customer,
		licence,
		None,
		add_days(nowdate(), 10),
		verified=False,
		verified_by="Administrator",
		verified_on=nowdate(),
	)
	assert doc.status == "Expiring" and not doc.verified_by  # recorded only by verify()
	with pytest.raises(QualificationVerificationError):
		doc.verify()  # not by its creator
	factories.verify_as(factories.QUALIFICATION_VERIFIER, doc)
	assert (doc.verified_by, getdate(doc.verified_on)) == (
		factories.QUALIFICATION_VERIFIER,
		getdate(nowdate()),
	)
	doc.valid_to = add_days(nowdate(), 100)
	doc.save()
	assert doc.status == "Valid" and not doc.verified_by  # what was verified changed


@pytest.fixture(scope="module")
def users(base):
	"""Created (and committed) before any test data, so that nothing of a test is committed."""
	return frappe._dict(
		clerk=factories.ensure_user("nq-compliance-admin@example.com", ["Sales Admin", "Sales User"]),
		seller=factories.ensure_user("nq-compliance-seller@example.com", ["Sales User"]),
		manager=factories.ensure_user("nq-compliance-manager@example.com", ["Sales Manager", "Sales User"]),
	)


def test_sales_user_reads_qualifications_sales_admin_writes_them(users, licence):
	clerk, seller, manager = users.clerk, users.seller, users.manager
	doc = factories.make_customer_qualification(factories.CUSTOMERS[0], licence)
	assert frappe.has_permission("Customer Qualification", "write", doc, user=clerk)
	assert frappe.has_permission("Customer Qualification", "read", doc, user=seller)
	assert not frappe.has_permission("Customer Qualification", "write", doc, user=seller)
	# the clerk whose deliveries a requirement blocks cannot switch it off; a manager can
	requirement = factories.make_qualification_requirement(licence)
	assert frappe.has_permission("Qualification Requirement", "read", requirement, user=clerk)
	assert not frappe.has_permission("Qualification Requirement", "write", requirement, user=clerk)
	assert frappe.has_permission("Qualification Requirement", "write", requirement, user=manager)
	frappe.set_user(seller)
	with pytest.raises(frappe.PermissionError):
		frappe.get_doc("Customer Qualification", doc.name).verify()
	frappe.set_user(clerk)
	frappe.get_doc("Customer Qualification", doc.name).verify()
	frappe.set_user("Administrator")
	assert frappe.db.get_value("Customer Qualification", doc.name, "verified_by") == clerk


def test_customer_connections_show_qualifications(base):
	licence = factories.make_qualification_type().name
	customer = factories.make_customer().name
	factories.make_customer_qualification(customer, licence)
	factories.make_customer_qualification(customer, licence, valid_from=add_days(nowdate(), 300))
	groups = frappe.get_meta("Customer").get_dashboard_data().transactions
	assert any("Customer Qualification" in group["items"] for group in groups)
	found = factories.connection_counts("Customer", customer)
	assert found["Customer Qualification"] == 2


def test_the_customer_form_lists_qualifications_with_their_state_for_readers_only(base):
	from neiqin.sales_compliance.api import get_customer_qualifications

	outsider = factories.ensure_user("nq-compliance-stock@example.com", ["Stock User"])  # commits
	licence = factories.make_qualification_type(warn_days=30).name
	gsp = factories.make_qualification_type().name
	customer = factories.make_customer().name
	factories.make_qualification_requirement(gsp, "Sales Order", "Warn")
	factories.make_customer_qualification(customer, licence, None, add_days(nowdate(), 5))
	states = {row["qualification_type"]: row["status"] for row in get_customer_qualifications(customer)}
	assert states == {licence: "Expiring", gsp: "Missing"}
	frappe.set_user(outsider)
	with pytest.raises(frappe.PermissionError):
		get_customer_qualifications(customer)
