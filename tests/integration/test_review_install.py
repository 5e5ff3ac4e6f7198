"""Install: example rules for Delivery Note, Sales Invoice and Sales Order, disabled, once."""

import frappe

from neiqin.dual_review import setup as review_setup
from neiqin.install import SETUP_STEPS

EXAMPLES = {
	"neiqin-example-delivery-note": "Delivery Note",
	"neiqin-example-sales-invoice": "Sales Invoice",
	"neiqin-example-sales-order": "Sales Order",
}


def test_install_creates_disabled_example_rules():
	assert "neiqin.dual_review.setup.setup" in SETUP_STEPS
	for name, doctype in EXAMPLES.items():
		rule = frappe.get_doc("Review Rule", name)
		assert rule.document_type == doctype
		assert not rule.enabled
		assert rule.get_roles() and rule.checklist and rule.automatic_checks
	assert frappe.get_doc("Review Rule", "neiqin-example-sales-order").min_reviewers == 2
	assert {
		row.check for row in frappe.get_doc("Review Rule", "neiqin-example-delivery-note").automatic_checks
	} == {
		"items_match_order",
		"customer_qualification_valid",
		"price_not_below_list",
		"credit_available",
	}


def test_every_example_rule_checks_qualifications_and_the_price_floor_early():
	for name in EXAMPLES:
		checks = {
			row.check: row.allow_override for row in frappe.get_doc("Review Rule", name).automatic_checks
		}
		assert {"customer_qualification_valid", "price_not_below_list"} <= set(checks), name
	# goods leave with a delivery: what submit refuses cannot be approved over (as shipped; a
	# site's rule keeps what its admin set)
	delivery = next(r for r in review_setup.example_rules() if r["document_type"] == "Delivery Note")
	shipped = {row["check"]: row["allow_override"] for row in delivery["automatic_checks"]}
	assert shipped["customer_qualification_valid"] == shipped["price_not_below_list"] == 0


def test_a_site_installed_before_gets_the_missing_checks_and_keeps_its_edits():
	from neiqin.patches.v1 import example_rules_check_qualifications

	rule = frappe.get_doc("Review Rule", "neiqin-example-delivery-note")
	rule.automatic_checks = [
		row for row in rule.automatic_checks if row.check != "customer_qualification_valid"
	]
	for row in rule.automatic_checks:
		if row.check == "credit_available":
			row.allow_override = 0  # the admin's edit
	rule.save()
	example_rules_check_qualifications.execute()
	example_rules_check_qualifications.execute()
	rule.reload()
	checks = [row.check for row in rule.automatic_checks]
	assert checks.count("customer_qualification_valid") == 1
	assert {row.check: row.allow_override for row in rule.automatic_checks}["credit_available"] == 0


def test_setup_is_idempotent_and_keeps_the_admins_edits():
	rule = frappe.get_doc("Review Rule", "neiqin-example-delivery-note")
	rule.title = "Our own delivery check"
	rule.min_reviewers = 3
	rule.enabled = 1
	rule.save()
	before = frappe.db.count("Review Rule")
	review_setup.setup()
	review_setup.setup()
	assert frappe.db.count("Review Rule") == before
	rule.reload()
	assert (rule.title, rule.min_reviewers, rule.enabled) == ("Our own delivery check", 3, 1)


def test_a_deleted_example_does_not_come_back():
	frappe.delete_doc("Review Rule", "neiqin-example-sales-invoice", ignore_permissions=True)
	review_setup.setup()
	assert not frappe.db.exists("Review Rule", "neiqin-example-sales-invoice")


def test_examples_are_stored_in_english_and_shown_in_the_readers_language():
	frappe.db.set_single_value("System Settings", "language", "zh")
	rules = {r["document_type"]: r for r in review_setup.example_rules()}
	assert rules["Delivery Note"]["title"] == "Delivery Note: second check before shipping"
	question = rules["Sales Invoice"]["checklist"][0]["question"]
	assert question == "Invoiced items, rates and quantities match the order"
	frappe.local.lang = "zh"
	try:
		assert frappe._(rules["Delivery Note"]["title"]) == "销售出货单：发货前复核"
		assert frappe._(question) == "开票品种、单价及数量与订单内容相符"
	finally:
		frappe.local.lang = "en"
