"""Install/migrate step of the sales expenses (listed in `neiqin.install.SETUP_STEPS`): the
common expense types and the Review Rules the requests and claims rely on."""

import frappe

from neiqin.review_rule_setup import ensure_enabled_rule

REQUEST = "Sales Expense Request"
CLAIM = "Sales Expense Claim"
GENERAL_MANAGER = "General Manager"
# the employee's own user never reviews his request or claim (besides requested_by and the owner)
REQUESTER_FIELDS = "employee_user"
# stored in English, translated where shown (zh.csv)
REQUEST_RULE_TITLE = "Sales expense request: sales manager approval"
GM_RULE_TITLE = "Sales expense request: general manager approval"
GM_CONDITION = "doc.needs_general_manager"
CLAIM_MANAGER_RULE_TITLE = "Sales expense claim: sales manager approval"
CLAIM_ACCOUNTS_RULE_TITLE = "Sales expense claim: accounts approval"
# (name, special, requires receipt): the seed's words, stored as they are
EXPENSE_TYPES = (
	("差旅费", 0, 1),
	("业务招待费", 0, 1),
	("市场推广费", 0, 1),
	("快递费", 0, 1),
	("印刷费", 0, 1),
	("特殊费用", 1, 1),
)


def setup():
	create_expense_types()
	create_rules()


def create_expense_types() -> None:
	"""The common expense types, without accounts (finance adds each company's)."""
	for name, special, requires_receipt in EXPENSE_TYPES:
		if frappe.db.exists("Sales Expense Type", name):
			continue
		frappe.get_doc(
			{
				"doctype": "Sales Expense Type",
				"expense_type_name": name,
				"special": special,
				"requires_receipt": requires_receipt,
			}
		).insert(ignore_permissions=True)


def create_rules() -> list[str | None]:
	"""Every request → one Sales Manager who is not the requester; special types, amounts above
	the General Manager Threshold or beyond the budget → also one General Manager; every claim →
	one Sales Manager and one Accounts User. Created once; an admin may edit or disable them."""
	common = {"requester_fields": REQUESTER_FIELDS}
	return [
		ensure_enabled_rule(REQUEST, REQUEST_RULE_TITLE, ("Sales Manager",), 1, sequence=10, **common),
		ensure_enabled_rule(
			REQUEST, GM_RULE_TITLE, (GENERAL_MANAGER,), 1, condition=GM_CONDITION, sequence=20, **common
		),
		ensure_enabled_rule(CLAIM, CLAIM_MANAGER_RULE_TITLE, ("Sales Manager",), 1, sequence=10, **common),
		ensure_enabled_rule(CLAIM, CLAIM_ACCOUNTS_RULE_TITLE, ("Accounts User",), 1, sequence=20, **common),
	]
