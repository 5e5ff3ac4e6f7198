"""Abuse cases against the records of the review: `Document Review` rows (an approval is only
ever written by the review API) and `Review Content Change` rows (who edited; erasing one
would make an editor eligible again). Desk, REST, bulk edit, import and server code with
`ignore_permissions` are all refused, by System Managers and Administrator too."""

import csv
import io

import frappe
import pytest
from frappe.custom.doctype.property_setter.property_setter import make_property_setter

from neiqin.dual_review.exceptions import ReviewRecordProtectedError
from tests.integration import factories, rest
from tests.integration.factories import as_user, make_review_rule, review_as

REVIEWS = "/api/resource/Document Review"
CHANGES = "/api/resource/Review Content Change"
BULK = "/api/method/frappe.desk.doctype.bulk_update.bulk_update.submit_cancel_or_update_docs"


@pytest.fixture(scope="module")
def users(base):
	return factories.ensure_abuse_users()


@pytest.fixture
def reviewed(users, committed):
	"""A committed draft Delivery Note under a two-reviewer rule: one approval by `reviewer`,
	one rejection by `reviewer2`, and the clerk's edit record."""
	made = factories.make_governed_delivery(committed, users, min_reviewers=2)
	review_as(users.reviewer, made.dn)
	review_as(users.reviewer2, made.dn, "Rejected", comment="wrong quantity")
	frappe.db.commit()
	made.approval = frappe.db.get_value(
		"Document Review", {"reference_name": made.dn.name, "decision": "Approved"}
	)
	made.rejection = frappe.db.get_value(
		"Document Review", {"reference_name": made.dn.name, "decision": "Rejected"}
	)
	made.edit = frappe.db.get_value(
		"Review Content Change", {"reference_name": made.dn.name, "event": "Edited", "user": users.clerk}
	)
	made.users = users
	yield made
	factories.purge_review_records([name for _doctype, name in committed.docs])


def rows_of(dn) -> list[dict]:
	reviews = frappe.get_all(
		"Document Review",
		filters={"reference_name": dn.name},
		fields=["name", "reviewer", "decision", "status", "comment", "content_hash", "modified"],
		order_by="name",
	)
	changes = frappe.get_all(
		"Review Content Change",
		filters={"reference_name": dn.name},
		fields=["name", "user", "event", "content_hash"],
		order_by="name",
	)
	return [*map(dict, reviews), *map(dict, changes)]


def test_a_reviewer_cannot_post_an_approval_row_over_rest(reviewed):
	users, dn = reviewed.users, reviewed.dn
	before = rows_of(dn)
	row = {
		"reference_doctype": "Delivery Note",
		"reference_name": dn.name,
		"review_rule": reviewed.rule.name,
		"reviewer": users.reviewer3,
		"decision": "Approved",
		"status": "Valid",
	}
	for path, method in ((REVIEWS, "POST"), ("/api/method/frappe.client.insert", "POST")):
		body = row if path == REVIEWS else {"doc": {"doctype": "Document Review", **row}}
		response = rest.call(method, path, user=users.reviewer3, json=body)
		assert response.status_code == 403, response.text
	assert rows_of(dn) == before


def test_a_system_manager_cannot_turn_a_rejection_into_an_approval_over_rest(reviewed):
	users, dn = reviewed.users, reviewed.dn
	before = rows_of(dn)
	response = rest.call(
		"PUT", f"{REVIEWS}/{reviewed.rejection}", user=users.sysman, json={"decision": "Approved"}
	)
	assert response.status_code == 403, response.text
	response = rest.call(
		"POST",
		"/api/method/frappe.client.set_value",
		user=users.sysman,
		json={
			"doctype": "Document Review",
			"name": reviewed.rejection,
			"fieldname": "decision",
			"value": "Approved",
		},
	)
	assert response.status_code == 403, response.text
	assert rows_of(dn) == before


def test_administrator_cannot_unvoid_a_voided_approval_over_rest(reviewed):
	users, dn = reviewed.users, reviewed.dn
	with as_user(users.clerk):  # a change of content voids both reviews
		doc = frappe.get_doc("Delivery Note", dn.name)
		doc.items[0].qty = 3
		doc.save()
	frappe.db.commit()
	assert frappe.db.get_value("Document Review", reviewed.approval, "status") == "Voided"
	before = rows_of(dn)
	response = rest.call(
		"PUT",
		f"{REVIEWS}/{reviewed.approval}",
		user="Administrator",
		json={
			"status": "Valid",
			"void_reason": "",
			"content_hash": frappe.db.get_value(
				"Review Content Change", {"reference_name": dn.name}, "content_hash", order_by="creation desc"
			),
		},
	)
	assert response.status_code == 403, response.text
	assert rows_of(dn) == before


def test_a_system_manager_cannot_delete_a_rejection_over_rest(reviewed):
	users, dn = reviewed.users, reviewed.dn
	before = rows_of(dn)
	response = rest.call("DELETE", f"{REVIEWS}/{reviewed.rejection}", user=users.sysman)
	assert response.status_code == 403, response.text
	response = rest.call(
		"POST",
		"/api/method/frappe.client.delete",
		user=users.sysman,
		json={"doctype": "Document Review", "name": reviewed.rejection},
	)
	assert response.status_code == 403, response.text
	assert rows_of(dn) == before


def test_bulk_edit_from_the_list_cannot_revalidate_reviews(reviewed):
	dn = reviewed.dn
	before = rows_of(dn)
	response = rest.call(
		"POST",
		BULK,
		user="Administrator",
		json={
			"doctype": "Document Review",
			"docnames": [reviewed.approval, reviewed.rejection],
			"action": "update",
			"data": {"decision": "Approved", "status": "Valid"},
		},
	)
	assert response.status_code in (200, 403, 417), response.text
	if response.status_code == 200:
		assert sorted(response.json["message"]) == sorted([reviewed.approval, reviewed.rejection])
	assert rows_of(dn) == before


def test_an_editor_cannot_erase_the_record_of_their_edit(reviewed):
	users, dn = reviewed.users, reviewed.dn
	assert reviewed.edit
	before = rows_of(dn)
	response = rest.call("DELETE", f"{CHANGES}/{reviewed.edit}", user=users.sysman)
	assert response.status_code == 403, response.text
	response = rest.call(
		"PUT", f"{CHANGES}/{reviewed.edit}", user=users.sysman, json={"user": users.reviewer3}
	)
	assert response.status_code == 403, response.text
	assert rows_of(dn) == before


def test_an_edit_record_cannot_be_forged_to_exclude_a_reviewer(reviewed):
	users, dn = reviewed.users, reviewed.dn
	before = rows_of(dn)
	body = {
		"reference_doctype": "Delivery Note",
		"reference_name": dn.name,
		"event": "Edited",
		"user": users.reviewer3,
		"content_hash": "forged",
	}
	response = rest.call("POST", CHANGES, user=users.sysman, json=body)
	assert response.status_code == 403, response.text
	assert rows_of(dn) == before


def test_server_code_with_ignore_permissions_cannot_change_or_delete_a_review(users):
	make_review_rule("Delivery Note", min_reviewers=2)
	so = factories.make_sales_order()
	with as_user(users.clerk):
		dn = factories.make_delivery_note(so, qty={"_NQ Widget": 2}, submit=False)
	review_as(users.reviewer, dn, "Rejected", comment="no")
	name = frappe.db.get_value("Document Review", {"reference_name": dn.name})
	before = rows_of(dn)
	for user in (users.sysman, "Administrator"):
		with as_user(user):
			doc = frappe.get_doc("Document Review", name)
			doc.decision = "Approved"
			with pytest.raises(ReviewRecordProtectedError):
				doc.save(ignore_permissions=True)
			with pytest.raises(ReviewRecordProtectedError):
				frappe.delete_doc("Document Review", name, ignore_permissions=True, force=True)
			edit = frappe.get_doc("Review Content Change", {"reference_name": dn.name, "event": "Edited"})
			with pytest.raises(ReviewRecordProtectedError):
				edit.delete(ignore_permissions=True)
	assert rows_of(dn) == before


def test_document_review_rows_cannot_be_brought_in_by_data_import(reviewed, committed):
	dn, users = reviewed.dn, reviewed.users
	before = rows_of(dn)
	buffer = io.StringIO()
	csv.writer(buffer).writerows(
		[
			["Reference Document Type", "Reference Name", "Review Rule", "Reviewer", "Decision", "Status"],
			["Delivery Note", dn.name, reviewed.rule.name, users.reviewer3, "Approved", "Valid"],
		]
	)
	file = frappe.get_doc(
		{"doctype": "File", "file_name": f"nq-reviews-{frappe.generate_hash(length=6)}.csv", "is_private": 1}
	)
	file.content = buffer.getvalue().encode()
	file.insert(ignore_permissions=True)
	committed.add(file)

	def new_import():
		return frappe.get_doc(
			{
				"doctype": "Data Import",
				"reference_doctype": "Document Review",
				"import_type": "Insert New Records",
				"import_file": file.file_url,
				"mute_emails": 1,
			}
		)

	# as shipped, frappe refuses to import the doctype at all
	assert not frappe.get_meta("Document Review").allow_import
	with pytest.raises(frappe.ValidationError, match="Data Import is not allowed for Document Review"):
		new_import().insert()
	# a System Manager who allows it (Customize Form) gets every row refused by neiqin itself
	committed.add(make_property_setter("Document Review", None, "allow_import", 1, "Check", for_doctype=True))
	data_import = committed.add(new_import().insert())
	frappe.db.commit()
	try:
		data_import.start_import()
	finally:
		frappe.flags.in_import = False
		frappe.db.commit()
	logs = frappe.get_all(
		"Data Import Log", filters={"data_import": data_import.name}, fields=["success", "exception"]
	)
	frappe.db.delete("Data Import Log", {"data_import": data_import.name})
	frappe.db.commit()
	assert logs and not any(log.success for log in logs), logs
	assert all(ReviewRecordProtectedError.__name__ in (log.exception or "") for log in logs), logs
	assert frappe.db.get_value("Data Import", data_import.name, "status") != "Success"
	assert rows_of(dn) == before
