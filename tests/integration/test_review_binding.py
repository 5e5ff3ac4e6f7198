"""Approvals bind what the approver judges: fields the normal flow fills after the approval
(dispatch, the customer's receipt) never void it; a change of what was judged does, and the
form can ask before saving it (`save_voids_approvals`)."""

import json
from pathlib import Path

import frappe
import pytest

from neiqin.dual_review import api as review_api
from neiqin.dual_review import content, fingerprint
from neiqin.dual_review.exceptions import InvalidReviewInputError
from tests.integration import factories, rest

REQUESTER = "nq-bind-requester@example.com"
CLERK = "nq-bind-clerk@example.com"
MANAGER = "nq-bind-manager@example.com"
OUTSIDER = "nq-bind-outsider@example.com"
DOC = Path(__file__).resolve().parents[2] / "docs" / "review-fingerprint.md"


@pytest.fixture(scope="module")
def users(base):
	return frappe._dict(
		requester=factories.ensure_user(REQUESTER, ["Sales User"]),
		clerk=factories.ensure_user(CLERK, ["Sales Admin", "Sales User", "Stock User"]),
		manager=factories.ensure_user(MANAGER, ["Sales Manager"], first_name="Manager Qian"),
		outsider=factories.ensure_user(OUTSIDER, ["Purchase User"]),
	)


def requested_sample(users):
	"""A sample requested without dispatch details, approved by the manager."""
	with factories.as_user(users.requester):
		log = factories.make_material_log(
			"Sample", dispatch_method=None, courier=None, tracking_number=None, purpose="Trial at the plant"
		)
	factories.review_as(users.manager, log)
	assert frappe.db.get_value("Sales Material Log", log.name, "status") == "Approved"
	return log


def valid_approvals(log) -> int:
	return frappe.db.count(
		"Document Review",
		{"reference_name": log.name, "decision": "Approved", "status": "Valid"},
	)


def dispatch_values() -> dict:
	return {
		"dispatch_method": "Courier",
		"courier": factories.ensure_supplier(),
		"tracking_number": f"SF{frappe.generate_hash(length=8).upper()}",
		"shipping_cost": 23,
	}


def test_filling_the_dispatch_keeps_the_approval_and_dispatches_without_a_second(base, users):
	log = requested_sample(users)
	with factories.as_user(users.clerk):
		doc = frappe.get_doc("Sales Material Log", log.name)
		doc.update(dispatch_values())
		doc.save()
		assert doc.status == "Approved"
		assert valid_approvals(log) == 1
		doc.submit()
	assert (doc.docstatus, doc.status) == (1, "Dispatched")
	# (a name reused after a deleted log keeps that log's voided reviews: only this one's count)
	assert (
		frappe.db.count("Document Review", {"reference_name": log.name, "creation": (">=", log.creation)})
		== 1
	)


def test_changing_what_the_manager_judged_voids_the_approval(base, users):
	log = requested_sample(users)
	with factories.as_user(users.requester):
		doc = frappe.get_doc("Sales Material Log", log.name)
		doc.purpose = "Trial at another plant"
		doc.save()
	assert valid_approvals(log) == 0
	assert doc.status == "Requested"


def test_the_generic_spec_leaves_out_exactly_the_fields_filled_after_approval():
	bound = set(content.generic_spec("Sales Material Log").fields)
	assert not bound & fingerprint.FILLED_AFTER_APPROVAL["Sales Material Log"]
	assert {"kind", "party", "purpose", "company"} <= bound
	assert "items" in content.generic_spec("Sales Material Log").tables


def test_the_form_learns_before_saving_whether_approvals_would_be_voided(base, users):
	log = requested_sample(users)
	modified = frappe.db.get_value("Sales Material Log", log.name, "modified")
	with factories.as_user(users.clerk):
		doc = frappe.get_doc("Sales Material Log", log.name).as_dict()
		answer = review_api.save_voids_approvals(
			log.doctype, log.name, json.dumps({**doc, **dispatch_values()}, default=str)
		)
		assert answer == {"voids": False, "approved_by": [], "changes": ""}
		doc["items"][0]["qty"] = 99
		answer = review_api.save_voids_approvals(log.doctype, log.name, json.dumps(doc, default=str))
	assert answer["voids"] is True
	assert answer["approved_by"] == ["Manager Qian"]
	assert "Quantity" in answer["changes"]
	# nothing was saved
	assert frappe.db.get_value("Sales Material Log", log.name, "modified") == modified
	assert valid_approvals(log) == 1


def test_no_approval_no_warning(base, users):
	with factories.as_user(users.requester):
		log = factories.make_material_log("Sample")
		doc = log.as_dict()
		doc["purpose"] = "changed"
		answer = review_api.save_voids_approvals(log.doctype, log.name, json.dumps(doc, default=str))
	assert answer["voids"] is False


def test_the_question_needs_write_and_readable_input(base, users):
	log = requested_sample(users)
	with factories.as_user(users.outsider):
		with pytest.raises(frappe.PermissionError):
			review_api.save_voids_approvals(log.doctype, log.name, "{}")
	with factories.as_user(users.clerk):
		for bad in ("[1, 2]", "not json", "7"):
			with pytest.raises(InvalidReviewInputError):
				review_api.save_voids_approvals(log.doctype, log.name, bad)


def test_over_rest_an_outsider_learns_nothing(base, users, committed):
	with factories.as_user(users.requester):
		log = committed.add(factories.make_material_log("Brochure"))
	frappe.db.commit()
	response = rest.call(
		"POST",
		"/api/method/neiqin.dual_review.api.save_voids_approvals",
		user=users.outsider,
		json={"doctype": log.doctype, "name": log.name, "doc": "{}"},
	)
	assert response.status_code == 403, response.text
	response = rest.call(
		"GET",
		"/api/method/neiqin.dual_review.api.save_voids_approvals",
		user=users.clerk,
	)
	assert response.status_code in (403, 405), response.text


def test_the_fingerprint_document_lists_what_binds_each_governed_neiqin_doctype():
	text = DOC.read_text(encoding="utf-8")
	for doctype in ("Sales Material Log", "Seal Usage Log", "Invoice Request", "Promotion Approval"):
		assert f"## {doctype}" in text, doctype
		section = text.split(f"## {doctype}", 1)[1].split("\n## ", 1)[0]
		spec = content.generic_spec(doctype)
		for field in spec.fields:
			assert (
				f"| `{field}` |" in section
				and "**bound**" in section.split(f"| `{field}` |", 1)[1].split("\n")[0]
			), f"{doctype}.{field} not listed as bound"
		for field in fingerprint.FILLED_AFTER_APPROVAL.get(doctype, ()):
			line = section.split(f"| `{field}` |", 1)[1].split("\n")[0]
			assert "filled after the approval" in line, f"{doctype}.{field}"


def test_an_upgrade_keeps_approvals_and_submit_records_made_under_the_former_binding(base, users):
	"""Before the upgrade the courier bound the review: the hashes recorded then are rebound."""
	from neiqin.patches.v1 import rebind_reviews_to_what_binds as patch
	from neiqin.sales_materials import api as materials_api

	old_spec = patch.former_spec("Sales Material Log")
	assert "courier" in old_spec.fields

	def as_before_the_upgrade(log):
		doc = frappe.get_doc("Sales Material Log", log.name)
		old = fingerprint.content_hash(content.values(doc, old_spec), old_spec)
		for table in ("Document Review", "Review Content Change"):
			frappe.db.set_value(
				table, {"reference_name": log.name}, "content_hash", old, update_modified=False
			)
		return old

	approved = requested_sample(users)
	dispatched = requested_sample(users)
	with factories.as_user(users.clerk):
		doc = frappe.get_doc("Sales Material Log", dispatched.name)
		doc.update(dispatch_values())
		doc.submit()
	for log in (approved, dispatched):
		as_before_the_upgrade(log)
	assert valid_approvals(approved) == 1  # (the row is there; its hash is the former one)

	patch.execute()

	now = content.content_hash(frappe.get_doc("Sales Material Log", approved.name))
	assert frappe.db.get_value("Document Review", {"reference_name": approved.name}, "content_hash") == now
	with factories.as_user(users.clerk):
		doc = frappe.get_doc("Sales Material Log", approved.name)
		doc.update(dispatch_values())
		doc.submit()  # the approval made before the upgrade still counts
		materials_api.mark_delivered(dispatched.name)  # an after-submit step is not refused
	assert frappe.db.get_value("Sales Material Log", dispatched.name, "delivered_on")
