"""Expiry reminders, the two compliance reports, and the rules over REST."""

import frappe
import pytest
from frappe.utils import add_days, getdate, nowdate

from neiqin.sales_compliance.reminders import send_expiry_reminders
from tests.integration import factories, rest

CLERK = "nq-compliance-admin@example.com"
MANAGER = "nq-compliance-manager@example.com"
SELLER = "nq-compliance-seller@example.com"
ACCOUNT_MANAGER = "nq-compliance-am@example.com"


@pytest.fixture(scope="module")
def users(base):
	return frappe._dict(
		clerk=factories.ensure_user(CLERK, ["Sales Admin", "Sales User"]),
		manager=factories.ensure_user(MANAGER, ["Sales Manager", "Sales User"]),
		seller=factories.ensure_user(SELLER, ["Sales User"]),
		account_manager=factories.ensure_user(ACCOUNT_MANAGER, ["Sales User"]),
	)


def bell(qualification) -> list[str]:
	return frappe.get_all(
		"Notification Log",
		filters={"document_type": "Customer Qualification", "document_name": qualification.name},
		pluck="for_user",
	)


# ----------------------------------------------------------------------------- reminders


def test_expiring_qualifications_are_announced_once_per_expiry_date(base, users):
	today = getdate(nowdate())
	licence = factories.make_qualification_type(warn_days=20).name
	customer = factories.make_customer(account_manager=users.account_manager).name
	soon = factories.make_customer_qualification(customer, licence, None, add_days(today, 20))
	later = factories.make_customer_qualification(customer, licence, None, add_days(today, 21))
	gone = factories.make_customer_qualification(customer, licence, None, add_days(today, -1))
	send_expiry_reminders(today)
	told = bell(soon)
	assert users.clerk in told and users.account_manager in told
	assert users.seller not in told
	assert bell(later) == [] and bell(gone) == []
	subject = frappe.db.get_value("Notification Log", {"document_name": soon.name}, "subject")
	assert licence in subject and "in 20 days" in subject

	frappe.db.set_value("User", users.account_manager, "language", "zh")
	send_expiry_reminders(add_days(today, 1))  # already announced for that date
	assert len(bell(soon)) == len(told)
	assert users.clerk in bell(later)  # now within 20 days

	soon.valid_to = add_days(today, 10)  # a new expiry date is announced again
	soon.save()
	send_expiry_reminders(add_days(today, 1))
	assert len(bell(soon)) == 2 * len(told)
	# each reader in their own language
	subjects = frappe.get_all(
		"Notification Log",
		filters={"document_name": soon.name, "creation": (">", frappe.utils.add_to_date(None, minutes=-5))},
		fields=["for_user", "subject"],
		order_by="creation desc",
	)
	newest = {row.for_user: row.subject for row in reversed(subjects)}
	assert "到期" in newest[users.account_manager] and "expires on" in newest[users.clerk]


# ----------------------------------------------------------------------------- reports


def run_report(name, **filters):
	from frappe.desk.query_report import run

	return run(name, filters=filters, ignore_prepared_report=True)


def test_promotion_budget_usage_shows_figures_and_the_documents_behind_them(base):
	pa = factories.make_promotion_approval(budget_amount=1000, title="_NQ Spring Promotion")
	dn = factories.make_direct_delivery_note(
		base.customer, [{"item_code": "_NQ Widget", "qty": 10, "rate": 80}]
	)
	je = factories.make_journal_receipt(base.customer, 150)
	pa.reload()
	pa.append(
		"write_offs",
		{
			"description": "Rebate",
			"amount": 150,
			"reference_doctype": "Journal Entry",
			"reference_name": je.name,
		},
	)
	pa.save()
	result = run_report("Promotion Budget Usage", company=base.company)
	rows = result["result"]
	head = next(r for r in rows if r.get("promotion_approval") == pa.name)
	assert (head["budget_amount"], head["consumed_amount"], head["written_off_amount"]) == (1000, 200, 150)
	assert head["remaining_amount"] == 800 and head["percent_used"] == 20
	index = rows.index(head)
	children = rows[index + 1 : index + 3]
	assert {(r["document_type"], r["document"]) for r in children} == {
		("Delivery Note", dn.name),
		("Journal Entry", je.name),
	}
	assert all(r["indent"] == 1 for r in children)
	assert not [
		r
		for r in run_report("Promotion Budget Usage", company=base.company, status="Expired")["result"]
		if r.get("promotion_approval") == pa.name
	]


def test_customer_qualification_status_per_customer_and_required_type(base):
	today = getdate(nowdate())
	licence = factories.make_qualification_type(warn_days=30).name
	gsp = factories.make_qualification_type().name
	group = factories.ensure_tree("Customer Group", "_NQ Report Chains", "All Customer Groups")
	customer = factories.make_customer(customer_group=group).name
	factories.make_qualification_requirement(licence, "Delivery Note", "Block", customer_group=group)
	factories.make_qualification_requirement(gsp, "Sales Invoice", "Warn", customer_group=group)
	factories.make_customer_qualification(customer, licence, None, add_days(today, 12))
	rows = run_report("Customer Qualification Status", customer_group=group)["result"]
	state = {r["qualification_type"]: r for r in rows if r.get("customer") == customer}
	assert state[licence]["state"] == "Expiring" and state[licence]["days_left"] == 12
	assert state[gsp]["state"] == "Missing" and state[gsp]["valid_to"] is None
	assert "Delivery Note" in state[licence]["required_for"]
	within = run_report("Customer Qualification Status", customer_group=group, expiring_within_days=10)[
		"result"
	]
	assert not [r for r in within if r.get("customer") == customer]
	within = run_report("Customer Qualification Status", customer_group=group, expiring_within_days=12)[
		"result"
	]
	assert [r["qualification_type"] for r in within if r.get("customer") == customer] == [licence]


# ----------------------------------------------------------------------------- REST


def test_over_rest_only_managers_submit_and_bad_input_is_refused(base, users, committed):
	body = {
		"title": f"_NQ REST {frappe.generate_hash(length=5)}",
		"company": base.company,
		"customer": base.customer_b,
		"valid_from": nowdate(),
		"valid_to": add_days(nowdate(), 5),
		"budget_amount": 500,
		"items": [{"item_code": "_NQ Gadget", "promo_rate": 200}],
	}
	assert rest.call("POST", "/api/resource/Promotion Approval", SELLER, body).status_code == 403
	response = rest.call("POST", "/api/resource/Promotion Approval", CLERK, body)
	assert response.status_code == 200, response.text
	name = committed.add("Promotion Approval", response.json["data"]["name"])
	path = f"/api/resource/Promotion Approval/{name}"
	assert rest.call("PUT", path, CLERK, {"docstatus": 1}).status_code == 403
	bad = rest.call("PUT", path, MANAGER, {"budget_amount": 0})
	assert bad.status_code == 417 and "budget must be greater than zero" in bad.exception
	assert frappe.db.get_value("Promotion Approval", name, "budget_amount") == 500
	# nobody approves what they asked for: the shipped rule wants a Sales Manager's approval first
	assert rest.call("PUT", path, MANAGER, {"docstatus": 1}).status_code == 417
	review = {"doctype": "Promotion Approval", "name": name, "decision": "Approved"}
	assert rest.call("POST", "/api/method/neiqin.dual_review.api.review", MANAGER, review).status_code == 200
	assert rest.call("PUT", path, MANAGER, {"docstatus": 1}).status_code == 200
	assert frappe.db.get_value("Promotion Approval", name, "status") == "Active"
	factories.purge_review_records([name])


def test_over_rest_a_delivery_below_list_without_approval_is_refused(base, users, committed):
	warehouse = base.warehouse
	dn = factories.make_direct_delivery_note(
		base.customer_b,
		[{"item_code": "_NQ Gadget", "qty": 1, "rate": 150, "warehouse": warehouse}],
		submit=False,
	)
	committed.add(dn)
	response = rest.call("PUT", f"/api/resource/Delivery Note/{dn.name}", "Administrator", {"docstatus": 1})
	assert response.status_code == 417 and "no promotion approval covers it" in response.exception
	assert frappe.db.get_value("Delivery Note", dn.name, "docstatus") == 0
