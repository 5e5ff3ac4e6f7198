"""Demo masters: the company (set up through ERPNext's setup wizard, in Chinese, CNY), its
customers, items and stock, the courier, and the settings the courier settlement needs."""

from __future__ import annotations

import frappe
from frappe.utils import add_days, nowdate

from neiqin.demo import builders

COMPANY = "演示商贸有限公司"
ABBR = "DEMO"
CURRENCY = "CNY"
LANGUAGE = "zh"
ADMIN_EMAIL = "admin@neiqin.demo"
PRICE_LIST = "标准销售价"
CUSTOMER_GROUP = "经销商"
TERRITORY = "华东"
ITEM_GROUP = "饲料产品"
MATERIAL_GROUP = "广促品"
COURIER = "顺丰速运"
COURIER_SERVICE = "DEMO-快递服务"
STOCK_QTY = 5000
PRICES_FROM = "2020-01-01"

# code -> (name, is stock item, price list rate, item group)
ITEMS = {
	"DEMO-FEED-01": ("育肥猪配合饲料 40kg", 1, 180.0, ITEM_GROUP),
	"DEMO-FEED-02": ("蛋鸡预混料 20kg", 1, 260.0, ITEM_GROUP),
	"DEMO-FEED-03": ("水产膨化饲料 25kg", 1, 320.0, ITEM_GROUP),
	"DEMO-BROCHURE": ("产品彩页", 1, 2.0, MATERIAL_GROUP),
	"DEMO-GIFT": ("定制保温杯", 1, 45.0, MATERIAL_GROUP),
	"DEMO-SAMPLE": ("饲料样品袋 1kg", 1, 8.0, MATERIAL_GROUP),
	COURIER_SERVICE: ("快递服务费", 0, 0.0, MATERIAL_GROUP),
}
CUSTOMERS = ("华东农牧有限公司", "苏州康达养殖场", "杭州绿源饲料经销部", "南京丰收农资")


def load() -> None:
	builders.complete_setup_wizard(COMPANY, ABBR, CURRENCY, "China", LANGUAGE, ADMIN_EMAIL, "Neiqin-Demo-1")
	frappe.db.set_single_value("System Settings", "language", LANGUAGE)
	builders.ensure_fiscal_year(nowdate(), prefix="FY ")
	builders.ensure_fiscal_year(add_days(nowdate(), -60), prefix="FY ")
	company = company_name()
	for doctype, name in (
		("Customer Group", CUSTOMER_GROUP),
		("Territory", TERRITORY),
		("Item Group", ITEM_GROUP),
		("Item Group", MATERIAL_GROUP),
	):
		builders.ensure_tree(doctype, name, builders.tree_root(doctype))
	builders.ensure_price_list(PRICE_LIST, CURRENCY)
	builders.ensure_reference_price_list(company, PRICE_LIST)
	store = warehouse()
	for code, (name, is_stock, rate, group) in ITEMS.items():
		builders.ensure_item(
			code, group, company, PRICE_LIST, is_stock, rate, store, item_name=name, valid_from=PRICES_FROM
		)
	for name in CUSTOMERS:
		ensure_customer(name)
	for code, (_name, is_stock, _rate, _group) in ITEMS.items():
		if is_stock:
			builders.ensure_stock(code, store, STOCK_QTY, on=add_days(nowdate(), -60))
	builders.ensure_supplier(COURIER)
	set_courier_settings(company)


def company_name() -> str:
	"""The demo company: the one the wizard made, or the site's first one when it was set up
	before."""
	if frappe.db.exists("Company", COMPANY):
		return COMPANY
	return (
		frappe.db.get_single_value("Global Defaults", "default_company")
		or frappe.get_all("Company", pluck="name", limit=1)[0]
	)


def warehouse() -> str:
	company = company_name()
	default = frappe.db.get_single_value("Stock Settings", "default_warehouse")
	if default and frappe.db.get_value("Warehouse", default, "company") == company:
		return default
	return frappe.get_all(
		"Warehouse",
		filters={"company": company, "is_group": 0, "warehouse_type": ("!=", "Transit")},
		pluck="name",
		order_by="creation",
		limit=1,
	)[0]


def ensure_customer(name: str) -> str:
	if not frappe.db.exists("Customer", name):
		frappe.get_doc(
			{
				"doctype": "Customer",
				"customer_name": name,
				"customer_type": "Company",
				"customer_group": CUSTOMER_GROUP,
				"territory": TERRITORY,
				"default_price_list": PRICE_LIST,
			}
		).insert(ignore_permissions=True)
	return name


def set_courier_settings(company: str) -> None:
	"""The courier fee settlement drafts a Purchase Invoice of this service item, booked to the
	company's default expense account."""
	settings = frappe.get_single("Neiqin Settings")
	if not settings.courier_service_item:
		settings.courier_service_item = COURIER_SERVICE
	if not settings.courier_expense_account:
		settings.courier_expense_account = frappe.db.get_value(
			"Company", company, "default_expense_account"
		) or frappe.db.get_value(
			"Account", {"company": company, "account_type": "Expense Account", "is_group": 0}
		)
	settings.save(ignore_permissions=True)
