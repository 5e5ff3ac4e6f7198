"""Seal usage: the Review Rule set-up creates, the approval before use, refusals, the register."""

import frappe
import pytest
from frappe.utils import nowdate

from neiqin.dual_review.exceptions import ReviewRequiredError
from neiqin.registers import setup
from neiqin.registers.exceptions import SealCopiesError, SealDisabledError, SealDocumentError
from tests.integration import factories


@pytest.fixture
def users(base):
	return factories.ensure_register_users()


def seal_rule():
	return frappe.get_doc("Review Rule", {"document_type": "Seal Usage Log", "title": setup.SEAL_RULE_TITLE})


def test_install_created_one_enabled_manager_rule_and_migrate_keeps_it_so():
	rule = seal_rule()
	assert rule.enabled == 1
	assert rule.min_reviewers == 1
	assert [row.role for row in rule.reviewer_roles] == ["Sales Manager"]
	assert setup.create_seal_rule() == rule.name
	assert frappe.db.count("Review Rule", {"document_type": "Seal Usage Log"}) == 1
	# an admin's edit (here: disabling it) survives the next migrate
	rule.enabled = 0
	rule.save()
	setup.create_seal_rule()
	assert frappe.db.get_value("Review Rule", rule.name, "enabled") == 0


def test_the_rule_title_is_shown_in_the_readers_language():
	from frappe import _

	assert _(seal_rule().title, lang="zh") == "用印：经理批准"


def test_a_seal_is_used_only_after_a_sales_manager_approved(base, users):
	seal = factories.make_seal(keeper=users.clerk)
	frappe.set_user(users.clerk)
	log = factories.make_seal_usage(seal)
	assert log.status == "Requested"
	with pytest.raises(ReviewRequiredError):
		log.submit()
	frappe.set_user("Administrator")
	assert frappe.db.get_value("Seal Usage Log", log.name, "docstatus") == 0

	# the requester's colleague without the manager role cannot approve it
	from neiqin.dual_review.exceptions import ReviewNotAllowedError

	with pytest.raises(ReviewNotAllowedError):
		factories.review_as(users.sales, log)
	factories.review_as(users.manager, log)
	frappe.set_user(users.clerk)
	log.reload()
	log.submit()
	assert log.status == "Used"
	assert frappe.db.get_value("Seal Usage Log", log.name, "status") == "Used"


@pytest.mark.parametrize(
	"values, error, message",
	[
		({"copies": 0}, SealCopiesError, "at least 1"),
		({"copies": -2}, SealCopiesError, "at least 1"),
		({"document_description": ""}, SealDocumentError, "Name the document"),
		({"reference_doctype": "Sales Order", "document_description": ""}, SealDocumentError, "both"),
		(
			{
				"reference_doctype": "Sales Order",
				"reference_name": "SO-NOT-THERE",
				"document_description": "",
			},
			frappe.LinkValidationError,
			"SO-NOT-THERE",
		),
	],
)
def test_bad_seal_usage_is_refused_and_nothing_saved(base, values, error, message):
	seal = factories.make_seal()
	before = frappe.db.count("Seal Usage Log")
	with pytest.raises(error, match=message):
		factories.make_seal_usage(seal, **values)
	assert frappe.db.count("Seal Usage Log") == before


def test_a_disabled_seal_cannot_be_used(base):
	seal = factories.make_seal(disabled=1)
	with pytest.raises(SealDisabledError):
		factories.make_seal_usage(seal)


def test_a_stamped_document_of_the_system_is_accepted(base):
	order = factories.make_sales_order(base.customer, submit=False)
	log = factories.make_seal_usage(
		factories.make_seal(),
		reference_doctype="Sales Order",
		reference_name=order.name,
		document_description="",
	)
	assert log.reference_name == order.name


def test_seal_usage_register_lists_the_uses_of_the_period(base, users):
	from neiqin.registers.report.seal_usage_register.seal_usage_register import execute

	seal = factories.make_seal(keeper=users.clerk)
	log = factories.make_seal_usage(seal, copies=3)
	_columns, rows, _msg, chart = execute(
		{"company": base.company, "from_date": nowdate(), "to_date": nowdate(), "seal": seal.name}
	)
	assert [(r.name, r.copies, r.keeper, r.document) for r in rows] == [
		(log.name, 3, users.clerk, "Annual supply contract, 2 pages")
	]
	assert chart["data"]["datasets"][0]["values"] == [3]
