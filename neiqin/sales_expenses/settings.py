"""What Neiqin Settings says about sales expenses (fields of permission level 1: only a System
Manager changes them, `NeiqinSettings.validate_controls`)."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import cint, flt

from neiqin.escaping import bold
from neiqin.sales_expenses.exceptions import AdvanceAccountMissingError

SETTINGS = "Neiqin Settings"
ACCOUNTS_TABLE = "Sales Expense Company Account"
DEFAULT_TOLERANCE = 10.0
DEFAULT_SETTLE_DAYS = 30


def _value(fieldname: str, default):
	value = frappe.db.get_single_value(SETTINGS, fieldname)
	return default if value in (None, "") else value


def general_manager_threshold() -> float:
	return flt(_value("general_manager_threshold", 0))


def claim_tolerance() -> float:
	return flt(_value("claim_tolerance", DEFAULT_TOLERANCE))


def advance_settle_days() -> int:
	return cint(_value("advance_settle_days", DEFAULT_SETTLE_DAYS))


def company_accounts(company: str) -> frappe._dict:
	"""The company's employee advance and payable accounts; refused when not set."""
	row = frappe.db.get_value(
		ACCOUNTS_TABLE,
		{"parent": SETTINGS, "parenttype": SETTINGS, "company": company},
		["employee_advance_account", "employee_payable_account"],
		as_dict=True,
	)
	if not row or not row.employee_advance_account or not row.employee_payable_account:
		frappe.throw(
			_(
				"Neiqin Settings names no employee advance and payable accounts for company {0}; a System Manager sets them under Sales Expenses."
			).format(bold(company)),
			AdvanceAccountMissingError,
		)
	return row


def validate_company_accounts(settings) -> None:
	"""Neiqin Settings validate: one row per company, accounts of that company."""
	seen = set()
	for row in settings.get("sales_expense_accounts") or []:
		if row.company in seen:
			frappe.throw(
				_("Row {0}: company {1} already has its employee accounts.").format(
					row.idx, bold(row.company)
				),
				title=_("Invalid Setting"),
			)
		seen.add(row.company)
		for fieldname in ("employee_advance_account", "employee_payable_account"):
			account = row.get(fieldname)
			if account and frappe.db.get_value("Account", account, "company") != row.company:
				frappe.throw(
					_("Row {0}: account {1} is not an account of company {2}.").format(
						row.idx, bold(account), bold(row.company)
					),
					title=_("Invalid Setting"),
				)
