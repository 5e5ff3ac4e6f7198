"""The gate and the review API through Frappe's real request handling, with real users:
REST submit paths, direct writes to Document Review, concurrent reviewers, bulk submit and
data import."""

import csv
import io
import json
import threading

import frappe
import pytest

from tests.integration import factories, rest
from tests.integration.conftest import SITE
from tests.integration.factories import make_review_rule, review_as

REVIEW_API = "/api/method/neiqin.dual_review.api.review"
STATUS_API = "/api/method/neiqin.dual_review.api.get_review_status"


@pytest.fixture(scope="module")
def users(base):
	users = factories.ensure_review_setup()
	users.sysman = factories.ensure_user("nq-rv-sysman@example.com", ["System Manager", "Sales Reviewer"])
	return users


@pytest.fixture
def scenario(users, committed):
	"""A committed rule and a committed draft Delivery Note owned by the clerk; afterwards the
	reviews, notifications and comments about them are purged before `committed` cleans up."""
	made = frappe._dict(users=users, committed=committed)

	def setup(min_reviewers=1, document_type="Delivery Note", **rule_values):
		made.so = committed.add(factories.make_sales_order(items=[{"item_code": "_NQ Widget", "qty": 10}]))
		made.rule = committed.add(make_review_rule(document_type, min_reviewers=min_reviewers, **rule_values))
		if document_type == "Delivery Note":
			frappe.set_user(users.clerk)
			made.dn = committed.add(
				factories.make_delivery_note(made.so, qty={"_NQ Widget": 4}, submit=False)
			)
			frappe.set_user("Administrator")
		frappe.db.commit()
		return made

	made.setup = setup
	yield made
	frappe.db.rollback()
	names = [name for _doctype, name in committed.docs]
	purge_reviews(names)


def purge_reviews(names):
	reviews = frappe.get_all("Document Review", filters={"reference_name": ("in", names)}, pluck="name")
	if reviews:
		for child in ("Document Review Checklist Answer", "Document Review Check Result"):
			frappe.db.delete(child, {"parent": ("in", reviews)})
		frappe.db.delete("Document Review", {"name": ("in", reviews)})
	frappe.db.delete("Notification Log", {"document_name": ("in", names)})
	frappe.db.commit()


def doc_path(doc):
	return f"/api/resource/{doc.doctype}/{doc.name}"


def test_rest_submit_is_refused_until_reviewed(scenario):
	s = scenario.setup(checklist=[{"question": "Contract on file", "mandatory": 1}])
	users, dn = s.users, s.dn

	response = rest.call("PUT", doc_path(dn), user=users.clerk, json={"docstatus": 1})
	assert response.status_code == 417, response.text
	assert "cannot be submitted until its reviews are complete" in response.exception
	assert frappe.db.get_value("Delivery Note", dn.name, "docstatus") == 0

	doc = rest.call("GET", doc_path(dn), user=users.clerk).json["data"]
	response = rest.call("POST", "/api/method/frappe.client.submit", user=users.clerk, json={"doc": doc})
	assert response.status_code == 417, response.text
	assert "ReviewRequiredError" in response.exception
	assert frappe.db.get_value("Delivery Note", dn.name, "docstatus") == 0

	# the desk's Submit button
	response = rest.call(
		"POST",
		"/api/method/frappe.desk.form.save.savedocs",
		user=users.clerk,
		json={"doc": json.dumps(doc), "action": "Submit"},
	)
	assert response.status_code == 417, response.text
	assert "cannot be submitted until its reviews are complete" in response.exception
	assert frappe.db.get_value("Delivery Note", dn.name, "docstatus") == 0

	status = rest.call(
		"GET", f"{STATUS_API}?doctype=Delivery%20Note&name={dn.name}", user=users.reviewer
	).json["message"]
	assert status["governed"] and not status["can_submit"] and status["can_approve"]
	assert {p["user"] for p in status["rules"][0]["pending_reviewers"]} >= {users.reviewer, users.reviewer2}
	assert users.clerk not in {p["user"] for p in status["rules"][0]["pending_reviewers"]}

	own = {"doctype": "Delivery Note", "name": dn.name, "decision": "Approved"}
	response = rest.call("POST", REVIEW_API, user=users.clerk, json=own)
	assert response.status_code == 403, response.text

	checklist = json.dumps([{"question": "Contract on file", "answer": 1}])  # as the desk sends it
	response = rest.call("POST", REVIEW_API, user=users.reviewer, json={**own, "checklist": checklist})
	assert response.status_code == 200, response.text
	assert response.json["message"]["can_submit"]

	response = rest.call("PUT", doc_path(dn), user=users.clerk, json={"docstatus": 1})
	assert response.status_code == 200, response.text
	assert frappe.db.get_value("Delivery Note", dn.name, "docstatus") == 1


def test_document_reviews_cannot_be_written_directly_even_by_administrators(scenario):
	s = scenario.setup()
	users, dn = s.users, s.dn
	review_as(users.reviewer, dn)
	frappe.db.commit()
	name = frappe.db.get_value("Document Review", {"reference_name": dn.name})
	row = {
		"reference_doctype": "Delivery Note",
		"reference_name": dn.name,
		"review_rule": s.rule.name,
		"reviewer": users.reviewer2,
		"decision": "Approved",
	}
	for user in (users.sysman, "Administrator"):
		response = rest.call("POST", "/api/resource/Document Review", user=user, json=row)
		assert response.status_code == 403, response.text
		response = rest.call(
			"PUT", f"/api/resource/Document Review/{name}", user=user, json={"status": "Voided"}
		)
		assert response.status_code == 403, response.text
		response = rest.call("DELETE", f"/api/resource/Document Review/{name}", user=user)
		assert response.status_code == 403, response.text
	assert frappe.db.count("Document Review", {"reference_name": dn.name}) == 1
	assert frappe.db.get_value("Document Review", name, "status") == "Valid"
	# readable for reviewers
	response = rest.call("GET", f"/api/resource/Document Review/{name}", user=users.reviewer2)
	assert response.status_code == 200 and response.json["data"]["decision"] == "Approved"


def post_at_the_same_moment(calls: list[tuple[str, str, dict]]) -> list[rest.Response]:
	"""POST each (user, path, payload) from its own thread and database connection, released
	together by a barrier."""
	from frappe.utils import get_test_client

	tokens = [factories.api_token(user) for user, _path, _payload in calls]
	frappe.db.commit()
	barrier = threading.Barrier(len(calls))
	results = [None] * len(calls)

	def worker(index, token, path, payload):
		client = get_test_client()
		headers = {"Authorization": f"token {token}", "X-Frappe-Site-Name": SITE}
		barrier.wait()
		results[index] = client.post(path, json=payload, headers=headers)

	threads = [
		threading.Thread(target=worker, args=(i, token, path, payload))
		for i, (token, (_user, path, payload)) in enumerate(zip(tokens, calls, strict=True))
	]
	for thread in threads:
		thread.start()
	for thread in threads:
		thread.join(timeout=120)
	frappe.db.commit()  # fresh snapshot
	return [rest.Response(raw) for raw in results]


def test_two_reviewers_approving_at_the_same_moment_both_count(scenario):
	s = scenario.setup(min_reviewers=2)
	users, dn = s.users, s.dn
	payload = {"doctype": "Delivery Note", "name": dn.name, "decision": "Approved"}
	responses = post_at_the_same_moment(
		[(users.reviewer, REVIEW_API, payload), (users.reviewer2, REVIEW_API, payload)]
	)
	assert [r.status_code for r in responses] == [200, 200], [r.text for r in responses]
	approvals = frappe.get_all(
		"Document Review",
		filters={"reference_name": dn.name, "status": "Valid", "decision": "Approved"},
		pluck="reviewer",
	)
	assert sorted(approvals) == sorted([users.reviewer, users.reviewer2])
	assert any(r.json["message"]["can_submit"] for r in responses)  # the later one saw both
	response = rest.call("PUT", doc_path(dn), user=users.clerk, json={"docstatus": 1})
	assert response.status_code == 200, response.text


def test_bulk_submit_from_the_list_is_gated(scenario):
	s = scenario.setup()
	users, dn = s.users, s.dn
	response = rest.call(
		"POST",
		"/api/method/frappe.desk.doctype.bulk_update.bulk_update.submit_cancel_or_update_docs",
		user=users.clerk,
		json={"doctype": "Delivery Note", "docnames": [dn.name], "action": "submit"},
	)
	assert response.status_code == 200, response.text
	assert response.json["message"] == [dn.name]  # the failed ones
	assert frappe.db.get_value("Delivery Note", dn.name, "docstatus") == 0


def import_orders(committed, rows: list[list], submit: bool) -> tuple[str, str]:
	"""Run a Data Import of Sales Orders from CSV rows as an admin would: (status, errors)."""
	header = [
		"Customer",
		"Company",
		"Date",
		"Delivery Date",
		"Currency",
		"Price List",
		"Customer's Purchase Order",
		"Item Code (Items)",
		"Quantity (Items)",
		"Rate (Items)",
		"Delivery Date (Items)",
	]
	buffer = io.StringIO()
	csv.writer(buffer).writerows([header, *rows])
	file = frappe.get_doc(
		{"doctype": "File", "file_name": f"nq-orders-{frappe.generate_hash(length=6)}.csv", "is_private": 1}
	)
	file.content = buffer.getvalue().encode()
	file.insert(ignore_permissions=True)
	data_import = frappe.get_doc(
		{
			"doctype": "Data Import",
			"reference_doctype": "Sales Order",
			"import_type": "Insert New Records",
			"import_file": file.file_url,
			"submit_after_import": int(submit),
			"mute_emails": 1,
		}
	).insert(ignore_permissions=True)
	committed.add(file)
	committed.add(data_import)
	frappe.db.commit()
	try:
		data_import.start_import()  # runs the import job now, in tests, like a worker would
	finally:
		frappe.flags.in_import = False
		frappe.db.commit()  # as the worker does after the job
	errors = frappe.get_all(
		"Data Import Log", filters={"data_import": data_import.name, "success": 0}, pluck="exception"
	)
	frappe.db.delete("Data Import Log", {"data_import": data_import.name})
	frappe.db.commit()
	return frappe.db.get_value("Data Import", data_import.name, "status"), "\n".join(errors)


def test_data_import_with_submit_is_gated(scenario):
	scenario.setup(document_type="Sales Order")
	marker = f"NQ-IMPORT-{frappe.generate_hash(length=6)}"
	today = frappe.utils.nowdate()
	row = ["_NQ Customer A", factories.COMPANY, today, today, "CNY", factories.PRICE_LIST, marker]
	row += ["_NQ Widget", 2, 100, today]

	status, errors = import_orders(scenario.committed, [row], submit=True)
	assert status == "Error" and "ReviewRequiredError" in errors
	assert not frappe.db.exists("Sales Order", {"po_no": marker})  # the failed row was rolled back

	# the same file without submitting imports fine: the gate is what stopped it
	assert import_orders(scenario.committed, [row], submit=False)[0] == "Success"
	imported = frappe.db.get_value("Sales Order", {"po_no": marker}, ["name", "docstatus"], as_dict=True)
	assert imported.docstatus == 0
	scenario.committed.add("Sales Order", imported.name)
