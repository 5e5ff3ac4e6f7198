"""Builders of masters and transactions through ERPNext's own API, shared by the demo and the
tests (`tests/integration/factories.py` builds on them). No test-only assumptions: every
name, company and price list is passed in."""

from __future__ import annotations

import frappe
from frappe.utils import flt, getdate


def complete_setup_wizard(
	company_name: str,
	abbr: str,
	currency: str,
	country: str,
	language: str,
	email: str,
	password: str,
	full_name: str = "Administrator",
) -> None:
	"""Run ERPNext's setup wizard once, as an administrator would in the desk (no-op when the
	site already has a company). `language` is a language code such as "zh" or "en"."""
	if frappe.db.a_row_exists("Company"):
		return
	from frappe.desk.page.setup_wizard.setup_wizard import setup_complete

	year = getdate().year
	language_name = frappe.db.get_value("Language", language, "language_name") or "English"
	setup_complete(
		{
			"currency": currency,
			"full_name": full_name,
			"company_name": company_name,
			"timezone": "Asia/Shanghai",
			"company_abbr": abbr,
			"country": country,
			"fy_start_date": f"{year}-01-01",
			"fy_end_date": f"{year}-12-31",
			"language": language_name,
			"company_tagline": company_name,
			"email": email,
			"password": password,
			"chart_of_accounts": "Standard",
		}
	)
	frappe.db.commit()


def ensure_fiscal_year(date, prefix: str = "") -> str:
	year = getdate(date).year
	existing = frappe.db.get_value(
		"Fiscal Year",
		{"year_start_date": ("<=", getdate(date)), "year_end_date": (">=", getdate(date)), "disabled": 0},
	)
	if existing:
		return existing
	doc = frappe.get_doc(
		{
			"doctype": "Fiscal Year",
			"year": f"{prefix}{year}",
			"year_start_date": f"{year}-01-01",
			"year_end_date": f"{year}-12-31",
		}
	).insert(ignore_permissions=True)
	return doc.name


def ensure_tree(doctype: str, name: str, parent: str) -> str:
	if not frappe.db.exists(doctype, name):
		field = frappe.scrub(doctype)
		frappe.get_doc(
			{"doctype": doctype, f"{field}_name": name, f"parent_{field}": parent, "is_group": 0}
		).insert(ignore_permissions=True)
	return name


def tree_root(doctype: str) -> str:
	"""The root of a tree doctype ("All Customer Groups" — named in the site's language)."""
	field = f"parent_{frappe.scrub(doctype)}"
	return frappe.get_all(
		doctype, filters={"is_group": 1, field: ("in", ("", None))}, pluck="name", order_by="lft", limit=1
	)[0]


def ensure_reference_price_list(company: str, price_list: str) -> None:
	"""The company's lines are held to this price list (Neiqin Settings › Reference Price Lists)."""
	settings = frappe.get_single("Neiqin Settings")
	if any(row.company == company for row in settings.get("reference_price_lists") or []):
		return
	settings.append("reference_price_lists", {"company": company, "price_list": price_list})
	settings.save(ignore_permissions=True)


def ensure_price_list(name: str, currency: str) -> str:
	if not frappe.db.exists("Price List", name):
		frappe.get_doc(
			{
				"doctype": "Price List",
				"price_list_name": name,
				"currency": currency,
				"selling": 1,
				"enabled": 1,
			}
		).insert(ignore_permissions=True)
	return name


def set_item_price(code: str, rate: float, price_list: str, valid_from=None) -> None:
	"""The item's rate in the price list (valid from `valid_from`, default today)."""
	name = frappe.db.get_value("Item Price", {"item_code": code, "price_list": price_list})
	values = {"price_list_rate": rate, **({"valid_from": valid_from} if valid_from else {})}
	if name:
		frappe.db.set_value("Item Price", name, values)
	else:
		frappe.get_doc(
			{"doctype": "Item Price", "item_code": code, "price_list": price_list, **values}
		).insert(ignore_permissions=True)


def ensure_item(
	code: str,
	item_group: str,
	company: str,
	price_list: str,
	is_stock: int = 1,
	rate: float = 100.0,
	warehouse: str | None = None,
	item_name: str | None = None,
	valid_from=None,
) -> str:
	if not frappe.db.exists("Item", code):
		frappe.get_doc(
			{
				"doctype": "Item",
				"item_code": code,
				"item_name": item_name or code,
				"item_group": item_group,
				"stock_uom": "Nos",
				"is_stock_item": is_stock,
				"include_item_in_manufacturing": 0,
				"valuation_rate": rate / 2,
				"item_defaults": [{"company": company, "default_warehouse": warehouse}] if warehouse else [],
			}
		).insert(ignore_permissions=True)
	set_item_price(code, rate, price_list, valid_from)
	return code


def ensure_supplier(name: str) -> str:
	if not frappe.db.exists("Supplier", name):
		group = frappe.db.get_value("Supplier Group", {"is_group": 0}) or "All Supplier Groups"
		frappe.get_doc({"doctype": "Supplier", "supplier_name": name, "supplier_group": group}).insert(
			ignore_permissions=True
		)
	return name


def ensure_user(
	email: str, roles: list[str] | tuple[str, ...], password: str, first_name: str | None = None, **values
) -> str:
	"""A desk user with exactly these roles and this password."""
	if not frappe.db.exists("User", email):
		frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": first_name or email.split("@")[0],
				"send_welcome_email": 0,
				"user_type": "System User",
				"new_password": password,
				**values,
			}
		).insert(ignore_permissions=True)
	user = frappe.get_doc("User", email)
	if sorted(r.role for r in user.roles) != sorted(roles):
		user.set("roles", [])
		user.add_roles(*roles)  # saves
	return email


def add_stock(
	item_code: str, warehouse: str, qty: float, rate: float | None = None, posting_date=None, submit=True
):
	"""A Material Receipt of `qty` into `warehouse` (on `posting_date`, default today)."""
	company = frappe.db.get_value("Warehouse", warehouse, "company")
	doc = frappe.get_doc(
		{
			"doctype": "Stock Entry",
			"stock_entry_type": "Material Receipt",
			"company": company,
			"items": [
				{
					"item_code": item_code,
					"qty": qty,
					"t_warehouse": warehouse,
					"basic_rate": rate or frappe.db.get_value("Item", item_code, "valuation_rate") or 1,
				}
			],
		}
	)
	if posting_date:
		ensure_fiscal_year(posting_date)
		doc.set_posting_time = 1
		doc.posting_date = posting_date
	doc.insert(ignore_permissions=True)
	if submit:
		doc.submit()
	return doc


def ensure_stock(item_code: str, warehouse: str, qty: float, on=None) -> None:
	"""At least `qty` in stock (on the date `on`, received that day; default today)."""
	from erpnext.stock.utils import get_stock_balance

	balance = flt(get_stock_balance(item_code, warehouse, posting_date=on))
	if balance < qty:
		add_stock(item_code, warehouse, qty - balance, posting_date=on)


def ensure_account(company: str, name: str, parent: str, account_type: str = "", **values) -> str:
	"""A ledger account of `company` under the group account `parent` (its full name), created once."""
	abbr = frappe.get_cached_value("Company", company, "abbr")
	full = f"{name} - {abbr}"
	if not frappe.db.exists("Account", full):
		frappe.get_doc(
			{
				"doctype": "Account",
				"account_name": name,
				"company": company,
				"parent_account": parent,
				"account_type": account_type,
				**values,
			}
		).insert(ignore_permissions=True)
	return full


def parent_of(account: str) -> str:
	return frappe.db.get_value("Account", account, "parent_account")


def ensure_expense_setup(company: str, expense_account: str | None = None) -> frappe._dict:
	"""The company's employee advance and payable accounts in Neiqin Settings and an expense
	account for every Sales Expense Type (the accounts made when missing, beside the company's
	default receivable, payable and expense accounts, whatever the chart's language)."""
	defaults = frappe.get_cached_value(
		"Company",
		company,
		["default_receivable_account", "default_payable_account", "default_expense_account"],
		as_dict=True,
	)
	advance = ensure_account(
		company, "Employee Sales Advances", parent_of(defaults.default_receivable_account), "Receivable"
	)
	payable = ensure_account(
		company, "Employee Expenses Payable", parent_of(defaults.default_payable_account), "Payable"
	)
	expense = expense_account or ensure_account(
		company, "Sales Expenses", parent_of(parent_of(defaults.default_expense_account))
	)
	settings = frappe.get_single("Neiqin Settings")
	if not any(row.company == company for row in settings.get("sales_expense_accounts") or []):
		settings.append(
			"sales_expense_accounts",
			{"company": company, "employee_advance_account": advance, "employee_payable_account": payable},
		)
		settings.save(ignore_permissions=True)
	for name in frappe.get_all("Sales Expense Type", pluck="name"):
		kind = frappe.get_doc("Sales Expense Type", name)
		if not any(row.company == company for row in kind.accounts):
			kind.append("accounts", {"company": company, "expense_account": expense})
			kind.save(ignore_permissions=True)
	return frappe._dict(advance_account=advance, payable_account=payable, expense_account=expense)


def ensure_employee(company: str, first_name: str, user: str | None = None, **values) -> str:
	"""An active Employee of `company` (linked to `user`), created once per name. ERPNext's
	default User Permission on the user's own Employee is not made (it would hide every other
	employee's documents from a manager)."""
	existing = frappe.db.get_value("Employee", {"first_name": first_name, "company": company})
	if existing:
		if user and frappe.db.get_value("Employee", existing, "user_id") != user:
			frappe.db.set_value("Employee", existing, "user_id", user)
		for name in frappe.get_all(
			"User Permission",
			filters={"user": user, "allow": "Employee", "for_value": existing},
			pluck="name",
		):
			frappe.delete_doc("User Permission", name, ignore_permissions=True)
		return existing
	return (
		frappe.get_doc(
			{
				"doctype": "Employee",
				"first_name": first_name,
				"gender": "Male",
				"date_of_birth": "1990-01-01",
				"date_of_joining": "2020-01-01",
				"status": "Active",
				"company": company,
				"user_id": user,
				"create_user_permission": 0,
				**values,
			}
		)
		.insert(ignore_permissions=True)
		.name
	)
