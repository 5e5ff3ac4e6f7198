"""Install step: example review rules for Delivery Note, Sales Invoice and Sales Order, each
with the customer-qualification and price-floor checks (what submit enforces, shown early).

They are created DISABLED, once: a later migrate neither duplicates them, nor overwrites an
admin's edits, nor brings back a rule the admin deleted. Titles and questions are stored as
English source text (`_(…, lang="en")` keeps them in the translation files) and shown in each
reader's language wherever they appear (`_(rule.title)`, `_(question)`).
"""

import frappe
from frappe import _

MARKER = "neiqin_review_examples:{0}"
SOURCE_LANG = "en"


def example_rules(lang: str = SOURCE_LANG) -> list[dict]:
	return [
		{
			"name": "neiqin-example-delivery-note",
			"document_type": "Delivery Note",
			"title": _("Delivery Note: second check before shipping", lang=lang),
			"min_reviewers": 1,
			"sequence": 10,
			"reviewer_roles": [{"role": "Sales Reviewer"}],
			"checklist": [
				{"question": _("The delivery contract or agreement is on file", lang=lang), "mandatory": 1},
				{
					"question": _("The customer's qualification is on file and not expired", lang=lang),
					"mandatory": 1,
				},
				{
					"question": _(
						"Consignee, address and quantities are checked against the order", lang=lang
					),
					"mandatory": 1,
				},
			],
			"automatic_checks": [
				{"check": "items_match_order", "allow_override": 0},
				# goods leave: submit refuses an expired licence and a line below the floor
				# (严禁出库), so the reviewer sees the refusal before approving, not after
				{"check": "customer_qualification_valid", "allow_override": 0},
				{"check": "price_not_below_list", "allow_override": 0},
				{"check": "credit_available", "allow_override": 1},
			],
		},
		{
			"name": "neiqin-example-sales-invoice",
			"document_type": "Sales Invoice",
			"title": _("Sales Invoice: check against the order before invoicing", lang=lang),
			"min_reviewers": 1,
			"sequence": 10,
			"reviewer_roles": [{"role": "Sales Reviewer"}],
			"checklist": [
				{
					"question": _("Invoiced items, rates and quantities match the order", lang=lang),
					"mandatory": 1,
				},
				{
					"question": _(
						"The customer's invoicing details (tax ID, bank, address) are correct", lang=lang
					),
					"mandatory": 1,
				},
			],
			"automatic_checks": [
				{"check": "items_match_order", "allow_override": 0},
				{"check": "customer_qualification_valid", "allow_override": 1},
				{"check": "price_not_below_list", "allow_override": 1},
			],
		},
		{
			"name": "neiqin-example-sales-order",
			"document_type": "Sales Order",
			"title": _("Sales Order: two reviewers for large orders", lang=lang),
			"condition": "doc.base_grand_total >= 100000",
			"min_reviewers": 2,
			"sequence": 10,
			"reviewer_roles": [{"role": "Sales Reviewer"}, {"role": "Sales Manager"}],
			"checklist": [
				{
					"question": _(
						"Contract terms, prices and delivery dates are agreed with the customer", lang=lang
					),
					"mandatory": 1,
				},
			],
			"automatic_checks": [
				{"check": "customer_qualification_valid", "allow_override": 1},
				{"check": "price_not_below_list", "allow_override": 1},
				{"check": "credit_available", "allow_override": 1},
			],
		},
	]


def add_missing_checks() -> None:
	"""Example rules created before a check joined them get it (an added control: it was never
	there for an admin to have removed); rows the admin edited are left as they are."""
	for example in example_rules():
		if not frappe.db.exists("Review Rule", example["name"]):
			continue
		rule = frappe.get_doc("Review Rule", example["name"])
		present = {row.check for row in rule.automatic_checks}
		missing = [row for row in example["automatic_checks"] if row["check"] not in present]
		if not missing:
			continue
		for row in missing:
			rule.append("automatic_checks", row)
		rule.flags.ignore_permissions = True
		rule.save()


def setup() -> None:
	for example in example_rules():
		name = example.pop("name")
		if frappe.db.exists("Review Rule", name) or frappe.db.get_default(MARKER.format(name)):
			continue
		if not frappe.db.exists("DocType", example["document_type"]):
			continue
		doc = frappe.get_doc({"doctype": "Review Rule", "enabled": 0, **example})
		doc.insert(ignore_permissions=True, set_name=name)
		frappe.db.set_default(MARKER.format(name), "1")
