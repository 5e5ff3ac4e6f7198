"""Factories that build test data through ERPNext's own API.

Masters (company, customers, items, price list, stock, users) are created once per site
by `ensure_base()` and committed; they are named `_NQ …` so they never collide with real
data. Transactions (`make_*`) are created inside the test's transaction and rolled back
with it, unless the test commits and registers them with the `committed` fixture.
"""

from __future__ import annotations

from contextlib import contextmanager

import frappe
from erpnext.stock.doctype.item.item import set_item_default
from frappe.utils import add_days, flt, getdate, nowdate

from neiqin.demo import builders

COMPANY = "_NQ Test Company"
ABBR = "_NQ"
CURRENCY = "CNY"
PRICE_LIST = "_NQ Selling"
CUSTOMER_GROUP = "_NQ Distributors"
TERRITORY = "_NQ East China"
ITEM_GROUP = "_NQ Materials"
STOCK_QTY = 10000
PASSWORD = "Neiqin-Test-Pass-1"

# item code -> (is stock item, price list rate)
ITEMS = {
	"_NQ Widget": (1, 100.0),
	"_NQ Gadget": (1, 250.0),
	"_NQ Service": (0, 80.0),
}
CUSTOMERS = ("_NQ Customer A", "_NQ Customer B")
# a Sales Admin who verifies qualifications, a Sales Manager who approves promotion approvals
QUALIFICATION_VERIFIER = "nq-verifier@example.com"
PROMOTION_APPROVER = "nq-promotion-approver@example.com"


# ----------------------------------------------------------------------------- base


def ensure_base() -> frappe._dict:
	"""Create (once) and return the masters shared by the suite. Commits."""
	ensure_setup_complete()
	ensure_fiscal_year(nowdate())
	company = ensure_company()
	ensure_tree("Customer Group", CUSTOMER_GROUP, "All Customer Groups")
	ensure_tree("Territory", TERRITORY, "All Territories")
	ensure_tree("Item Group", ITEM_GROUP, "All Item Groups")
	ensure_price_list()
	builders.ensure_reference_price_list(COMPANY, PRICE_LIST)
	warehouse = frappe.db.get_value("Warehouse", {"company": COMPANY, "warehouse_name": "Stores"})
	for code, (is_stock, rate) in ITEMS.items():
		ensure_item(code, is_stock=is_stock, rate=rate, warehouse=warehouse)
		# ERPNext's selling controller writes an item's income account into its Item Default on
		# every sale until it holds one (the Item as cached decides): on a live site the items have
		# been sold before. Without it two sales submitted at once both write that master row
		# (ERPNext's own lock, no neiqin step in it) and one may deadlock.
		set_item_default(code, COMPANY, "income_account", company.default_income_account)
		frappe.clear_document_cache("Item", code)
	for name in CUSTOMERS:
		ensure_customer(name)
	for code, (is_stock, _rate) in ITEMS.items():
		if is_stock:
			ensure_stock(code, warehouse, STOCK_QTY)
	# who verifies qualifications and approves promotion approvals in the factories below
	ensure_user(QUALIFICATION_VERIFIER, ["Sales Admin"])
	ensure_user(PROMOTION_APPROVER, ["Sales Manager"])
	frappe.db.commit()
	return frappe._dict(
		company=company.name,
		abbr=ABBR,
		currency=CURRENCY,
		warehouse=warehouse,
		price_list=PRICE_LIST,
		customer=CUSTOMERS[0],
		customer_b=CUSTOMERS[1],
		customer_group=CUSTOMER_GROUP,
		territory=TERRITORY,
		item_group=ITEM_GROUP,
		widget="_NQ Widget",
		gadget="_NQ Gadget",
		service="_NQ Service",
		cost_center=company.cost_center,
		cash_account=company.default_cash_account,
		receivable_account=company.default_receivable_account,
	)


def ensure_setup_complete() -> None:
	"""Run ERPNext's setup wizard once on a fresh site, as an admin would in the desk."""
	builders.complete_setup_wizard(
		"_NQ Setup Company", "_NQS", CURRENCY, "China", "en", "nq-setup@example.com", PASSWORD, "Neiqin Test"
	)


TIME_ZONE = "Asia/Shanghai"  # the test site's clock, UTC+8: its date changes at 16:00 UTC


def ensure_site_clock() -> None:
	"""Put the site on its own clock before any test module is collected (conftest's
	pytest_configure): China's time zone, and ERPNext's setup done, so that the site's date
	(frappe.utils.nowdate()) does not jump when a fixture finishes the setup of a fresh site."""
	from frappe.utils import get_system_timezone

	if frappe.db.get_single_value("System Settings", "time_zone") != TIME_ZONE:
		frappe.db.set_single_value("System Settings", "time_zone", TIME_ZONE)
		frappe.db.set_default("time_zone", TIME_ZONE)
		frappe.db.commit()
		frappe.cache.delete_value("time_zone")
	frappe.clear_document_cache("System Settings", "System Settings")  # and frappe.local's copy
	ensure_setup_complete()
	assert get_system_timezone() == TIME_ZONE, get_system_timezone()


class Days(int):
	"""A date written as a number of days from the site's today, for `pytest.mark.parametrize`
	lists: `dated()` turns it into a date when the test runs, never when the module is collected."""

	def __repr__(self) -> str:
		return f"Days({int(self)})"


def dated(values: dict) -> dict:
	"""`values` with each `Days(n)` replaced by the site's date `n` days from today, now."""
	today = nowdate()
	return {
		key: add_days(today, value) if isinstance(value, Days) else value for key, value in values.items()
	}


class SiteDay:
	"""The dates of a test module, counted from the site's date when its data set is built: at
	module level `day = factories.SiteDay()` (nothing is read yet), an autouse fixture of the
	data set's scope (module or function) calls `day.pin()`, and the tests and fixtures use
	`day(0)` (the pinned date), `day(-20)` ...

	A data set built by a module-scoped fixture just before the site's midnight and read just
	after it keeps agreeing with the dates the tests compare with. A date the product stamps on
	a document made inside a test (a posting date defaulting to today) is read from that
	document, not from here.
	"""

	def __init__(self) -> None:
		self.date = None

	def pin(self):
		self.date = getdate(nowdate())
		return self.date

	def __call__(self, offset: int = 0):
		assert self.date, "SiteDay.pin() runs first (a module-scoped autouse fixture)"
		return getdate(add_days(self.date, offset))


def ensure_fiscal_year(date) -> str:
	return builders.ensure_fiscal_year(date, prefix="_NQ ")


def ensure_company(name: str = COMPANY, abbr: str = ABBR):
	"""A company with ERPNext's standard chart of accounts (created once)."""
	if not frappe.db.exists("Company", name):
		frappe.get_doc(
			{
				"doctype": "Company",
				"company_name": name,
				"abbr": abbr,
				"default_currency": CURRENCY,
				"country": "China",
				"create_chart_of_accounts_based_on": "Standard Template",
				"chart_of_accounts": "Standard",
			}
		).insert(ignore_permissions=True)
	return frappe.get_doc("Company", name)


def ensure_tree(doctype: str, name: str, parent: str) -> str:
	return builders.ensure_tree(doctype, name, parent)


def ensure_price_list() -> str:
	return builders.ensure_price_list(PRICE_LIST, CURRENCY)


def ensure_item(code: str, is_stock: int = 1, rate: float = 100.0, warehouse: str | None = None) -> str:
	return builders.ensure_item(code, ITEM_GROUP, COMPANY, PRICE_LIST, is_stock, rate, warehouse)


def set_item_price(code: str, rate: float, price_list: str = PRICE_LIST) -> None:
	builders.set_item_price(code, rate, price_list)


def ensure_customer(name: str, **values) -> str:
	if not frappe.db.exists("Customer", name):
		make_customer(name, **values)
	return name


def ensure_stock(item_code: str, warehouse: str, qty: float) -> None:
	builders.ensure_stock(item_code, warehouse, qty)


def ensure_user(email: str, roles: list[str] | tuple[str, ...], first_name: str | None = None) -> str:
	"""A desk user with exactly these roles (plus nothing else). Commits."""
	builders.ensure_user(email, roles, PASSWORD, first_name)
	frappe.db.commit()
	return email


def api_token(user: str) -> str:
	"""`api_key:api_secret` for REST calls as `user` (generated once, committed)."""
	from frappe.utils.password import get_decrypted_password

	doc = frappe.get_doc("User", user)
	if not doc.api_key or not get_decrypted_password("User", user, "api_secret", raise_exception=False):
		doc.api_key = frappe.generate_hash(length=15)
		doc.api_secret = frappe.generate_hash(length=15)
		doc.save(ignore_permissions=True)
		frappe.db.commit()
	secret = get_decrypted_password("User", user, "api_secret")
	return f"{doc.api_key}:{secret}"


# ----------------------------------------------------------------------------- masters


def make_customer(name: str | None = None, **values):
	return frappe.get_doc(
		{
			"doctype": "Customer",
			"customer_name": name or f"_NQ Customer {frappe.generate_hash(length=6)}",
			"customer_type": "Company",
			"customer_group": CUSTOMER_GROUP,
			"territory": TERRITORY,
			"default_price_list": PRICE_LIST,
			**values,
		}
	).insert(ignore_permissions=True)


def make_item(code: str | None = None, is_stock: int = 1, rate: float = 100.0, **values):
	code = code or f"_NQ Item {frappe.generate_hash(length=6)}"
	doc = frappe.get_doc(
		{
			"doctype": "Item",
			"item_code": code,
			"item_name": code,
			"item_group": ITEM_GROUP,
			"stock_uom": "Nos",
			"is_stock_item": is_stock,
			"include_item_in_manufacturing": 0,
			"valuation_rate": rate / 2,
			**values,
		}
	).insert(ignore_permissions=True)
	set_item_price(code, rate)
	return doc


def add_stock(
	item_code: str,
	warehouse: str,
	qty: float,
	rate: float | None = None,
	submit: bool = True,
	posting_date=None,
):
	"""Material Receipt of `qty` into `warehouse` (on `posting_date`, default today)."""
	return builders.add_stock(item_code, warehouse, qty, rate, posting_date, submit)


# ----------------------------------------------------------------------------- transactions


def make_sales_order(
	customer: str = CUSTOMERS[0],
	items: list[dict] | None = None,
	transaction_date=None,
	delivery_date=None,
	submit: bool = True,
	**values,
):
	"""Sales Order of `items` ([{item_code, qty, rate?, delivery_date?}]; default one widget)."""
	transaction_date = transaction_date or nowdate()
	delivery_date = delivery_date or add_days(transaction_date, 10)
	warehouse = frappe.db.get_value("Warehouse", {"company": COMPANY, "warehouse_name": "Stores"})
	items = items or [{"item_code": "_NQ Widget", "qty": 10}]
	doc = frappe.get_doc(
		{
			"doctype": "Sales Order",
			"company": COMPANY,
			"customer": customer,
			"transaction_date": transaction_date,
			"delivery_date": delivery_date,
			"selling_price_list": PRICE_LIST,
			"currency": CURRENCY,
			"set_warehouse": warehouse,
			"items": [
				{
					"warehouse": warehouse,
					"delivery_date": delivery_date,
					**item,
				}
				for item in items
			],
			**values,
		}
	)
	doc.insert(ignore_permissions=True)
	if submit:
		doc.submit()
	return doc


def _apply_qty(doc, qty: dict | None, key: str, sign: int = 1):
	"""Set row quantities from `qty` ({item_code or source row name: qty}); drop rows set to 0."""
	if qty is None:
		return doc
	rows = []
	for row in doc.items:
		wanted = qty.get(row.get(key)) if row.get(key) in qty else qty.get(row.item_code)
		if wanted is None or not flt(wanted):
			continue
		row.qty = sign * abs(flt(wanted))
		rows.append(row)
	doc.set("items", rows)
	return doc


def _finish(doc, posting_date=None, submit: bool = True):
	if posting_date:
		doc.set_posting_time = 1
		doc.posting_date = posting_date
	doc.insert(ignore_permissions=True)
	if submit:
		doc.submit()
	return doc


def make_delivery_note(sales_order, qty: dict | None = None, posting_date=None, submit: bool = True):
	"""Delivery Note from a Sales Order; `qty` maps item_code or so_detail to the qty to deliver."""
	from erpnext.selling.doctype.sales_order.sales_order import make_delivery_note as _make

	doc = _apply_qty(_make(_name(sales_order)), qty, "so_detail")
	return _finish(doc, posting_date, submit)


def make_sales_invoice(source, qty: dict | None = None, posting_date=None, submit: bool = True, **values):
	"""Sales Invoice from a Sales Order or a Delivery Note."""
	if source.doctype == "Delivery Note":
		from erpnext.stock.doctype.delivery_note.delivery_note import make_sales_invoice as _make

		key = "dn_detail"
	else:
		from erpnext.selling.doctype.sales_order.sales_order import make_sales_invoice as _make

		key = "so_detail"
	doc = _apply_qty(_make(source.name), qty, key)
	doc.update(values)
	return _finish(doc, posting_date, submit)


def make_return(source, qty: dict | None = None, posting_date=None, submit: bool = True):
	"""Return Delivery Note or credit note for a submitted Delivery Note / Sales Invoice."""
	if source.doctype == "Delivery Note":
		from erpnext.stock.doctype.delivery_note.delivery_note import make_sales_return

		key = "dn_detail"
	else:
		from erpnext.accounts.doctype.sales_invoice.sales_invoice import make_sales_return

		key = "sales_invoice_item"
	doc = _apply_qty(make_sales_return(source.name), qty, key, sign=-1)
	return _finish(doc, posting_date, submit)


def make_payment_entry(
	against, amount: float | None = None, posting_date=None, submit: bool = True, **values
):
	"""Payment Entry (Receive) against a Sales Invoice, or an advance against a Sales Order."""
	from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry

	doc = get_payment_entry(against.doctype, against.name, party_amount=amount)
	doc.reference_no = values.pop("reference_no", f"NQ-{frappe.generate_hash(length=8)}")
	doc.reference_date = posting_date or nowdate()
	if posting_date:
		doc.posting_date = posting_date
	doc.update(values)
	doc.insert(ignore_permissions=True)
	if submit:
		doc.submit()
	return doc


def _name(doc_or_name) -> str:
	return doc_or_name if isinstance(doc_or_name, str) else doc_or_name.name


# ----------------------------------------------------------------------------- cleanup

LEDGERS = ("GL Entry", "Stock Ledger Entry", "Payment Ledger Entry", "Advance Payment Ledger Entry")


class Cleanup:
	"""Deletes committed test documents (newest first), with their ledger rows."""

	def __init__(self):
		self.docs: list[tuple[str, str]] = []

	def add(self, doc_or_doctype, name: str | None = None):
		if name is None:
			self.docs.append((doc_or_doctype.doctype, doc_or_doctype.name))
			return doc_or_doctype
		self.docs.append((doc_or_doctype, name))
		return name

	def run(self):
		frappe.db.rollback()
		frappe.set_user("Administrator")
		for doctype, name in reversed(self.docs):
			if not frappe.db.exists(doctype, name):
				continue
			doc = frappe.get_doc(doctype, name)
			if doc.meta.is_submittable and doc.docstatus == 1:
				doc.flags.ignore_permissions = True
				doc.cancel()
			for ledger in LEDGERS:
				frappe.db.delete(ledger, {"voucher_type": doctype, "voucher_no": name})
			frappe.delete_doc(doctype, name, ignore_permissions=True, force=True, delete_permanently=True)
		frappe.db.commit()


# ----------------------------------------------------------------------------- sales materials

COURIER = "_NQ Courier"


def ensure_supplier(name: str = COURIER) -> str:
	"""A supplier (e.g. a courier company). Commits when it creates one."""
	if not frappe.db.exists("Supplier", name):
		builders.ensure_supplier(name)
		frappe.db.commit()
	return name


def make_material_log(
	kind: str = "Brochure",
	items: list[dict] | None = None,
	party: str = CUSTOMERS[0],
	party_type: str = "Customer",
	submit: bool = False,
	**values,
):
	"""Sales Material Log of `kind` to `party`; default one line of 5 `_NQ Widget` from
	Stores, mailed by `_NQ Courier` (pass dispatch fields in `values` to change them)."""
	warehouse = frappe.db.get_value("Warehouse", {"company": COMPANY, "warehouse_name": "Stores"})
	if items is None:
		items = [] if kind == "Invoice" else [{"item_code": "_NQ Widget", "qty": 5}]
	doc = frappe.get_doc(
		{
			"doctype": "Sales Material Log",
			"kind": kind,
			"company": COMPANY,
			"party_type": party_type,
			"party": party,
			"set_warehouse": warehouse,
			"dispatch_method": "Courier",
			"courier": ensure_supplier(),
			"tracking_number": f"SF{frappe.generate_hash(length=10).upper()}",
			"items": items,
			**values,
		}
	)
	doc.insert()
	if submit:
		doc.submit()
	return doc


def make_supplier(name: str | None = None, **values):
	"""A supplier inside the test's transaction (rolled back with it)."""
	group = frappe.db.get_value("Supplier Group", {"is_group": 0}) or "All Supplier Groups"
	return frappe.get_doc(
		{
			"doctype": "Supplier",
			"supplier_name": name or f"_NQ Supplier {frappe.generate_hash(length=6)}",
			"supplier_group": group,
			**values,
		}
	).insert(ignore_permissions=True)


def receive_stock(item_code: str, warehouse: str, qty: float, posting_date=None, rate: float | None = None):
	"""Material Receipt of `qty` into `warehouse` on `posting_date` (default today), submitted."""
	return add_stock(item_code, warehouse, qty, rate=rate, posting_date=posting_date)


# ----------------------------------------------------------------------------- sales reports

FOREIGN_CURRENCY = "USD"
FOREIGN_RATE = 7.0


def ensure_receivable_account(currency: str = FOREIGN_CURRENCY) -> str:
	"""A receivable account of the test company in `currency` (for foreign customers). Commits."""
	name = frappe.db.get_value(
		"Account",
		{"company": COMPANY, "account_type": "Receivable", "account_currency": currency, "is_group": 0},
	)
	if name:
		return name
	frappe.db.set_value("Currency", currency, "enabled", 1)
	parent = frappe.db.get_value(
		"Account", frappe.get_cached_value("Company", COMPANY, "default_receivable_account"), "parent_account"
	)
	doc = frappe.get_doc(
		{
			"doctype": "Account",
			"account_name": f"Debtors {currency}",
			"company": COMPANY,
			"parent_account": parent,
			"account_type": "Receivable",
			"account_currency": currency,
		}
	).insert(ignore_permissions=True)
	frappe.db.commit()
	return doc.name


def make_currency_exchange(
	date, from_currency: str = FOREIGN_CURRENCY, to_currency: str = CURRENCY, rate: float = FOREIGN_RATE
):
	"""Exchange rate valid from `date`, for selling and buying (ERPNext then needs no network)."""
	existing = frappe.db.get_value(
		"Currency Exchange", {"date": date, "from_currency": from_currency, "to_currency": to_currency}
	)
	if existing:
		frappe.db.set_value("Currency Exchange", existing, "exchange_rate", rate)
		return frappe.get_doc("Currency Exchange", existing)
	return frappe.get_doc(
		{
			"doctype": "Currency Exchange",
			"date": date,
			"from_currency": from_currency,
			"to_currency": to_currency,
			"exchange_rate": rate,
			"for_selling": 1,
			"for_buying": 1,
		}
	).insert(ignore_permissions=True)


def make_foreign_customer(currency: str = FOREIGN_CURRENCY, name: str | None = None, **values):
	"""A customer billed in `currency`, with the company's receivable account in that currency
	(create it first, outside the test's transaction, with `ensure_receivable_account`)."""
	account = frappe.db.get_value(
		"Account",
		{"company": COMPANY, "account_type": "Receivable", "account_currency": currency, "is_group": 0},
	)
	assert account, f"call ensure_receivable_account({currency!r}) first (it commits)"
	return make_customer(
		name, default_currency=currency, accounts=[{"company": COMPANY, "account": account}], **values
	)


def make_territory(name: str | None = None, parent: str = "All Territories"):
	return frappe.get_doc(
		{
			"doctype": "Territory",
			"territory_name": name or f"_NQ Territory {frappe.generate_hash(length=6)}",
			"parent_territory": parent,
			"is_group": 0,
		}
	).insert(ignore_permissions=True)


def make_sales_person(name: str | None = None, parent: str | None = None, is_group: int = 0):
	parent = parent or frappe.db.get_value(
		"Sales Person", {"is_group": 1, "parent_sales_person": ("in", ("", None))}
	)
	return frappe.get_doc(
		{
			"doctype": "Sales Person",
			"sales_person_name": name or f"_NQ Sales Person {frappe.generate_hash(length=6)}",
			"parent_sales_person": parent,
			"is_group": is_group,
			"enabled": 1,
		}
	).insert(ignore_permissions=True)


def make_item_group(name: str | None = None, parent: str = "All Item Groups"):
	return frappe.get_doc(
		{
			"doctype": "Item Group",
			"item_group_name": name or f"_NQ Item Group {frappe.generate_hash(length=6)}",
			"parent_item_group": parent,
			"is_group": 0,
		}
	).insert(ignore_permissions=True)


def _receivable_account(customer: str) -> str:
	from erpnext.accounts.party import get_party_account

	return get_party_account("Customer", customer, COMPANY)


def make_payment_on_account(
	customer: str,
	amount: float,
	posting_date=None,
	mode_of_payment: str | None = None,
	submit: bool = True,
	**values,
):
	"""Payment Entry (Receive) from `customer` that settles nothing yet: all of it is unallocated."""
	posting_date = posting_date or nowdate()
	doc = frappe.get_doc(
		{
			"doctype": "Payment Entry",
			"payment_type": "Receive",
			"company": COMPANY,
			"posting_date": posting_date,
			"party_type": "Customer",
			"party": customer,
			"paid_from": _receivable_account(customer),
			"paid_to": frappe.get_cached_value("Company", COMPANY, "default_cash_account"),
			"paid_amount": amount,
			"received_amount": amount,
			"source_exchange_rate": 1,
			"target_exchange_rate": 1,
			"mode_of_payment": mode_of_payment,
			"reference_no": values.pop("reference_no", f"NQ-{frappe.generate_hash(length=8)}"),
			"reference_date": posting_date,
			**values,
		}
	)
	doc.insert(ignore_permissions=True)
	if submit:
		doc.submit()
	return doc


def make_journal_receipt(
	customer: str,
	amount: float,
	posting_date=None,
	against=None,
	mode_of_payment: str | None = None,
	cheque_no: str | None = None,
	submit: bool = True,
):
	"""Journal Entry receiving `amount` (company currency) from `customer` into the cash account,
	optionally against a Sales Invoice or Sales Order (`against`)."""
	posting_date = posting_date or nowdate()
	credit = {
		"account": _receivable_account(customer),
		"party_type": "Customer",
		"party": customer,
		"credit_in_account_currency": amount,
	}
	if against is not None:
		credit.update(reference_type=against.doctype, reference_name=against.name)
		if against.doctype == "Sales Order":
			credit["is_advance"] = "Yes"
	doc = frappe.get_doc(
		{
			"doctype": "Journal Entry",
			"voucher_type": "Cash Entry",
			"company": COMPANY,
			"posting_date": posting_date,
			"mode_of_payment": mode_of_payment,
			"cheque_no": cheque_no,
			"cheque_date": posting_date if cheque_no else None,
			"accounts": [
				{
					"account": frappe.get_cached_value("Company", COMPANY, "default_cash_account"),
					"debit_in_account_currency": amount,
				},
				credit,
			],
		}
	)
	doc.insert(ignore_permissions=True)
	if submit:
		doc.submit()
	return doc


def make_direct_delivery_note(customer: str, items: list[dict], posting_date=None, submit: bool = True):
	"""Delivery Note without Sales Order (`items`: [{item_code, qty, rate?}])."""
	warehouse = frappe.db.get_value("Warehouse", {"company": COMPANY, "warehouse_name": "Stores"})
	doc = frappe.get_doc(
		{
			"doctype": "Delivery Note",
			"company": COMPANY,
			"customer": customer,
			"selling_price_list": PRICE_LIST,
			"set_warehouse": warehouse,
			"items": [{"warehouse": warehouse, **item} for item in items],
		}
	)
	return _finish(doc, posting_date, submit)


def make_direct_sales_invoice(
	customer: str, items: list[dict], posting_date=None, submit: bool = True, **values
):
	"""Sales Invoice without Sales Order or Delivery Note (`items`: [{item_code, qty, rate?}])."""
	doc = frappe.get_doc(
		{
			"doctype": "Sales Invoice",
			"company": COMPANY,
			"customer": customer,
			"selling_price_list": PRICE_LIST,
			"items": items,
			**values,
		}
	)
	if posting_date:
		doc.due_date = values.get("due_date") or posting_date
	return _finish(doc, posting_date, submit)


def make_sales_book(start, on_account: bool = True) -> frappe._dict:
	"""A small, hand-built month of sales with known totals, in a territory of its own.

	Customer A (CNY) and customer B (USD at FOREIGN_RATE) in a new territory; sales persons P1
	and P2; a non-stock item X in a new item group. Dates are offsets from `start` (S):

	  S-2  SO0  A  4 widgets @100                                  (previous period only)
	  S    SO1  A  10 widgets @100, 2 gadgets @250, 1 X @300 = 1800, team P1 60% / P2 40%
	  S    SO3  A  3 widgets, cancelled
	  S+1  DN1  from SO1: 6 widgets, 2 gadgets = 1100
	  S+1  SO2  B  5 widgets @20 USD = 100 USD = 700 CNY, team P2 100%
	  S+2  SI1  from DN1 = 1100; then return DN1-R of 1 widget and credit note CN1 of 1 widget
	  S+2  SIX  from SO1: 1 X = 300 (a service, invoiced without delivery)
	  S+2  SI2  from SO2, updating stock (delivers): 100 USD = 700 CNY
	  S+3  PE1  A 500 against SI1, Wire Transfer, reference NQ-TT-1 (partial payment)
	  S+3  PE2  B 60 USD = 420 CNY against SI2, Bank Draft (partial payment)
	  S+3  JE1  A 200 cash against SIX, Cash, cheque NQ-C-1
	  S+3  PA   A 150 on account, Cash (unallocated)                  (only with `on_account`)

	Orders, deliveries, invoices and payments agree except for the unallocated PA.
	Needs `ensure_receivable_account()` to have run (it commits).
	"""
	day = lambda offset: add_days(start, offset)  # noqa: E731
	ensure_fiscal_year(day(-2))
	ensure_fiscal_year(day(3))
	make_currency_exchange(day(-30))
	book = frappe._dict(start=getdate(start), territory=make_territory().name)
	book.item_group = make_item_group().name
	book.service = make_item(is_stock=0, rate=300, item_group=book.item_group).name
	book.a = make_customer(territory=book.territory).name
	book.b = make_foreign_customer(territory=book.territory).name
	book.p1, book.p2 = make_sales_person().name, make_sales_person().name
	widget, gadget = "_NQ Widget", "_NQ Gadget"

	book.so0 = make_sales_order(book.a, items=[{"item_code": widget, "qty": 4}], transaction_date=day(-2))
	book.so1 = make_sales_order(
		book.a,
		items=[
			{"item_code": widget, "qty": 10},
			{"item_code": gadget, "qty": 2},
			{"item_code": book.service, "qty": 1, "rate": 300},
		],
		transaction_date=day(0),
		sales_team=[
			{"sales_person": book.p1, "allocated_percentage": 60},
			{"sales_person": book.p2, "allocated_percentage": 40},
		],
	)
	book.so3 = make_sales_order(book.a, items=[{"item_code": widget, "qty": 3}], transaction_date=day(0))
	book.so3.cancel()
	book.dn1 = make_delivery_note(book.so1, qty={widget: 6, gadget: 2}, posting_date=day(1))
	book.so2 = make_sales_order(
		book.b,
		items=[{"item_code": widget, "qty": 5, "rate": 20}],
		transaction_date=day(1),
		currency=FOREIGN_CURRENCY,
		conversion_rate=FOREIGN_RATE,
		plc_conversion_rate=1,
		sales_team=[{"sales_person": book.p2, "allocated_percentage": 100}],
	)
	book.si1 = make_sales_invoice(book.dn1, posting_date=day(2), due_date=day(30))
	book.dn1_return = make_return(book.dn1, qty={widget: 1}, posting_date=day(2))
	book.cn1 = make_return(book.si1, qty={widget: 1}, posting_date=day(2))
	book.six = make_sales_invoice(book.so1, qty={book.service: 1}, posting_date=day(2), due_date=day(30))
	book.si2 = make_sales_invoice(book.so2, posting_date=day(2), due_date=day(30), update_stock=1)
	book.pe1 = make_payment_entry(
		book.si1, amount=500, posting_date=day(3), mode_of_payment="Wire Transfer", reference_no="NQ-TT-1"
	)
	book.pe2 = make_payment_entry(book.si2, amount=60, posting_date=day(3), mode_of_payment="Bank Draft")
	book.je1 = make_journal_receipt(
		book.a, 200, posting_date=day(3), against=book.six, mode_of_payment="Cash", cheque_no="NQ-C-1"
	)
	if on_account:
		book.pa = make_payment_on_account(book.a, 150, posting_date=day(3), mode_of_payment="Cash")
	return book


# ----------------------------------------------------------------------------- dual review

REVIEW_USERS = {
	"clerk": ("nq-rv-clerk@example.com", ["Sales User", "Stock User", "Accounts User", "Sales Admin"]),
	"reviewer": ("nq-rv-reviewer1@example.com", ["Sales Reviewer"]),
	"reviewer2": ("nq-rv-reviewer2@example.com", ["Sales Reviewer"]),
	"manager": ("nq-rv-manager@example.com", ["Sales Manager"]),
	"outsider": ("nq-rv-outsider@example.com", ["Sales User"]),
}


def ensure_review_users() -> frappe._dict:
	"""Clerk (makes documents), two Sales Reviewers, a Sales Manager, a Sales User. Commits."""
	return frappe._dict({key: ensure_user(email, roles) for key, (email, roles) in REVIEW_USERS.items()})


def make_review_rule(
	document_type: str,
	roles: list[str] | tuple[str, ...] = ("Sales Reviewer",),
	users: list[str] | tuple[str, ...] = (),
	min_reviewers: int = 1,
	checklist: list[dict] | None = None,
	checks: list[dict] | None = None,
	**values,
):
	"""An enabled Review Rule (`checks`: [{"check": name, "allow_override": 0/1}])."""
	return frappe.get_doc(
		{
			"doctype": "Review Rule",
			"title": values.pop("title", f"_NQ {document_type} review {frappe.generate_hash(length=5)}"),
			"document_type": document_type,
			"enabled": 1,
			"min_reviewers": min_reviewers,
			"reviewer_roles": [{"role": role} for role in roles],
			"reviewer_users": [{"user": user} for user in users],
			"checklist": checklist or [],
			"automatic_checks": checks or [],
			**values,
		}
	).insert(ignore_permissions=True)


def review_as(user: str, doc, decision: str = "Approved", **kwargs) -> dict:
	"""Record `user`'s decision on `doc` through the review API, then return to Administrator."""
	from neiqin.dual_review.api import review

	frappe.set_user(user)
	try:
		return review(doc.doctype, doc.name, decision, **kwargs)
	finally:
		frappe.set_user("Administrator")


def zh(text: str, context: str | None = None) -> str:
	"""What a reader of the desk in Simplified Chinese reads for `text`."""
	frappe.local.lang = "zh"
	try:
		return frappe._(text, context=context)
	finally:
		frappe.local.lang = "en"


def timeline(doctype: str, name: str, lang: str = "en") -> list[str]:
	"""What apps add to the document's form timeline for the current user reading in `lang`
	(frappe's own form load: `get_docinfo`, the reader's permission checked)."""
	from frappe.desk.form.load import get_docinfo

	frappe.local.lang = lang
	try:
		get_docinfo(doctype=doctype, name=name)
		return [item["content"] for item in frappe.response["docinfo"]["additional_timeline_content"]]
	finally:
		frappe.local.lang = "en"


def ensure_review_setup() -> frappe._dict:
	"""Review users, and read permission for reviewers on the documents they review. Commits."""
	from neiqin.permissions import grant

	users = ensure_review_users()
	for doctype in ("Delivery Note", "Sales Invoice", "Sales Order"):
		for role in ("Sales Reviewer", "Sales Manager"):
			readers = {p.role for p in frappe.get_meta(doctype).permissions if p.read and not p.permlevel}
			if role not in readers:
				grant(doctype, role, ("read",))
	frappe.db.commit()
	return users


# ----------------------------------------------------------------------------- channels


def make_notification_channel(
	channel_type: str,
	webhook_url: str,
	events: list[str] | tuple[str, ...] = (),
	secret: str | None = None,
	**values,
):
	"""An enabled Notification Channel (inside the test's transaction)."""
	return frappe.get_doc(
		{
			"doctype": "Notification Channel",
			"channel_name": values.pop(
				"channel_name", f"_NQ {channel_type} {frappe.generate_hash(length=6)}"
			),
			"channel_type": channel_type,
			"webhook_url": webhook_url,
			"secret": secret,
			"enabled": 1,
			"events": [{"event": event} for event in events],
			**values,
		}
	).insert(ignore_permissions=True)


def make_courier_tracking(
	courier: str, provider: str | None = None, carrier_code: str | None = None, **values
):
	"""Courier Tracking Settings for `courier` (inside the test's transaction)."""
	return frappe.get_doc(
		{
			"doctype": "Courier Tracking Settings",
			"courier": courier,
			"tracking_url": values.pop("tracking_url", "https://track.example.com/q?no={tracking_number}"),
			"provider": provider,
			"carrier_code": carrier_code,
			**values,
		}
	).insert(ignore_permissions=True)


# ----------------------------------------------------------------------------- abuse suite

ABUSE_USERS = {
	# a reviewer who may also edit deliveries (and so could change a colleague's draft)
	"editor": ("nq-ab-editor@example.com", ["Sales Reviewer", "Stock User", "Sales User"]),
	"sysman": ("nq-ab-sysman@example.com", ["System Manager", "Stock Manager"]),
	"admin": ("nq-ab-admin@example.com", ["Sales Admin"]),
	"purchaser": ("nq-ab-purchaser@example.com", ["Purchase User"]),
	# a third reviewer, for rules that need more eyes than the two of REVIEW_USERS
	"reviewer3": ("nq-ab-reviewer3@example.com", ["Sales Reviewer"]),
}


def ensure_abuse_users() -> frappe._dict:
	"""The review users plus an editing reviewer, a System Manager, a Sales Admin, a Purchase
	User and a third reviewer. Commits."""
	users = ensure_review_setup()
	users.update({key: ensure_user(email, roles) for key, (email, roles) in ABUSE_USERS.items()})
	return users


@contextmanager
def as_user(user: str):
	"""Run the block as `user`, then return to Administrator (also when it raises)."""
	frappe.set_user(user)
	try:
		yield
	finally:
		frappe.set_user("Administrator")


def review_footprint(doctype: str, name: str) -> dict:
	"""What a refused attempt must leave as it was: the document's docstatus and modified, and
	the rows written about it (reviews, content changes, versions, comments, ledgers)."""
	row = frappe.db.get_value(doctype, name, ["docstatus", "modified"], as_dict=True) or {}
	ref = {"reference_doctype": doctype, "reference_name": name}
	voucher = {"voucher_type": doctype, "voucher_no": name}
	return {
		"docstatus": row.get("docstatus"),
		"modified": str(row.get("modified")),
		"reviews": frappe.db.count("Document Review", ref),
		"valid reviews": frappe.db.count("Document Review", {**ref, "status": "Valid"}),
		"content changes": frappe.db.count("Review Content Change", ref),
		"versions": frappe.db.count("Version", {"ref_doctype": doctype, "docname": name}),
		"comments": frappe.db.count("Comment", ref),
		"GL entries": frappe.db.count("GL Entry", voucher),
		"stock ledger entries": frappe.db.count("Stock Ledger Entry", voucher),
	}


def purge_review_records(names: list[str]) -> None:
	"""Delete the reviews, content changes, notifications and comments about documents
	`names` (committed tests run this before `committed` deletes the documents). Commits."""
	frappe.db.rollback()
	if not names:
		return
	reviews = frappe.get_all("Document Review", filters={"reference_name": ("in", names)}, pluck="name")
	if reviews:
		for child in ("Document Review Checklist Answer", "Document Review Check Result"):
			frappe.db.delete(child, {"parent": ("in", reviews)})
		frappe.db.delete("Document Review", {"name": ("in", reviews)})
	frappe.db.delete("Review Content Change", {"reference_name": ("in", names)})
	frappe.db.delete("Notification Log", {"document_name": ("in", names)})
	frappe.db.delete("Comment", {"reference_name": ("in", names)})
	frappe.db.commit()


def make_governed_delivery(
	committed, users, min_reviewers: int = 1, qty: float = 4, **rule_values
) -> frappe._dict:
	"""Committed: a Sales Order, an enabled Delivery Note rule and a draft Delivery Note of the
	order owned by the clerk. Register `purge_review_records` via the caller's fixture."""
	made = frappe._dict()
	made.so = committed.add(make_sales_order(items=[{"item_code": "_NQ Widget", "qty": 10}]))
	made.rule = committed.add(make_review_rule("Delivery Note", min_reviewers=min_reviewers, **rule_values))
	with as_user(users.clerk):
		made.dn = committed.add(make_delivery_note(made.so, qty={"_NQ Widget": qty}, submit=False))
	frappe.db.commit()
	return made


# ----------------------------------------------------------------------------- sales compliance


def make_qualification_type(name: str | None = None, warn_days: int = 30):
	return frappe.get_doc(
		{
			"doctype": "Qualification Type",
			"qualification_type_name": name or f"_NQ Licence {frappe.generate_hash(length=6)}",
			"warn_days": warn_days,
		}
	).insert(ignore_permissions=True)


def make_customer_qualification(
	customer: str, qualification_type: str, valid_from=None, valid_to=None, verified: bool = True, **values
):
	"""A qualification on file with its scan; `verified`: verified by a second person (a Sales
	Admin who neither created nor changed it), as a requirement needs."""
	doc = frappe.get_doc(
		{
			"doctype": "Customer Qualification",
			"customer": customer,
			"qualification_type": qualification_type,
			"number": values.pop("number", f"NQ-{frappe.generate_hash(length=8)}"),
			"valid_from": valid_from,
			"valid_to": valid_to,
			"attachment": values.pop("attachment", "/files/nq-licence-scan.pdf"),
			**values,
		}
	).insert(ignore_permissions=True)
	if verified:
		verify_as(QUALIFICATION_VERIFIER, doc)
	return doc


def verify_as(user: str, qualification):
	"""核实 by `user` (the Verify button)."""
	with as_user(user):
		doc = frappe.get_doc("Customer Qualification", qualification.name)
		doc.verify()
	qualification.reload()
	return qualification


def make_qualification_requirement(
	qualification_type: str, document_type: str = "Delivery Note", enforcement: str = "Block", **values
):
	return frappe.get_doc(
		{
			"doctype": "Qualification Requirement",
			"qualification_type": qualification_type,
			"document_type": document_type,
			"enforcement": enforcement,
			"enabled": 1,
			**values,
		}
	).insert(ignore_permissions=True)


def make_promotion_approval(
	items: list[dict] | None = None,
	customer: str | None = CUSTOMERS[0],
	valid_from=None,
	valid_to=None,
	budget_amount: float = 1000.0,
	submit: bool = True,
	**values,
):
	"""Promotion Approval for `customer` (None: everybody), valid from yesterday for a month;
	default one line: `_NQ Widget` at 80 (list 100). Submitted after a second Sales Manager
	approved it (the shipped review rule)."""
	doc = frappe.get_doc(
		{
			"doctype": "Promotion Approval",
			"title": values.pop("title", f"_NQ Promotion {frappe.generate_hash(length=5)}"),
			"company": COMPANY,
			"customer": customer,
			"valid_from": valid_from or add_days(nowdate(), -1),
			"valid_to": valid_to or add_days(nowdate(), 30),
			"budget_amount": budget_amount,
			"items": items or [{"item_code": "_NQ Widget", "promo_rate": 80}],
			**values,
		}
	)
	doc.insert(ignore_permissions=True)
	if submit:
		approve_promotion(doc)
		doc.submit()
	return doc


def approve_promotion(doc) -> None:
	"""A second Sales Manager approves the promotion approval (its creator never counts)."""
	from neiqin.dual_review.status import ReviewStatus

	if ReviewStatus(doc).governed:
		review_as(PROMOTION_APPROVER, doc)
		doc.reload()


# ----------------------------------------------------------------------------- registers

REGISTER_USERS = {
	"clerk": ("nq-reg-clerk@example.com", ["Sales User", "Sales Admin"]),
	"sales": ("nq-reg-sales1@example.com", ["Sales User"]),
	"sales2": ("nq-reg-sales2@example.com", ["Sales User"]),
	"manager": ("nq-reg-manager@example.com", ["Sales Manager"]),
	"finance": ("nq-reg-finance1@example.com", ["Accounts User"]),
	"finance2": ("nq-reg-finance2@example.com", ["Accounts User"]),
}


def ensure_register_users() -> frappe._dict:
	"""A clerk (Sales Admin), two Sales Users, a Sales Manager, two finance users. Commits."""
	return frappe._dict({key: ensure_user(email, roles) for key, (email, roles) in REGISTER_USERS.items()})


def make_visit_log(
	customer: str, visited_by: str = "Administrator", visit_date=None, next_visit_date=None, **values
):
	return frappe.get_doc(
		{
			"doctype": "Customer Visit Log",
			"customer": customer,
			"visited_by": visited_by,
			"channel": values.pop("channel", "Phone"),
			"visit_date": visit_date or nowdate(),
			"next_visit_date": next_visit_date,
			**values,
		}
	).insert()


def make_seal(keeper: str = "Administrator", seal_type: str = "Contract Seal", **values):
	return frappe.get_doc(
		{
			"doctype": "Company Seal",
			"seal_name": values.pop("seal_name", f"_NQ Seal {frappe.generate_hash(length=6)}"),
			"company": COMPANY,
			"seal_type": seal_type,
			"keeper": keeper,
			**values,
		}
	).insert(ignore_permissions=True)


def make_seal_usage(seal, **values):
	return frappe.get_doc(
		{
			"doctype": "Seal Usage Log",
			"seal": _name(seal),
			"purpose": values.pop("purpose", "Sign the annual supply contract"),
			"document_description": values.pop("document_description", "Annual supply contract, 2 pages"),
			"copies": values.pop("copies", 2),
			**values,
		}
	).insert()


def make_instrument(customer: str, amount: float = 1000.0, instrument_type: str = "Cheque", **values):
	return frappe.get_doc(
		{
			"doctype": "Receipt Instrument",
			"instrument_type": instrument_type,
			"instrument_number": values.pop("instrument_number", f"NQ{frappe.generate_hash(length=10)}"),
			"drawer": values.pop("drawer", customer),
			"drawer_bank": values.pop("drawer_bank", "_NQ Bank of Test"),
			"amount": amount,
			"currency": values.pop("currency", CURRENCY),
			"customer": customer,
			"company": COMPANY,
			"received_on": values.pop("received_on", nowdate()),
			**values,
		}
	).insert()


def make_holiday_list(holidays: list, start, end):
	"""A Holiday List over [start, end] with these holidays (rolled back with the test)."""
	return frappe.get_doc(
		{
			"doctype": "Holiday List",
			"holiday_list_name": f"_NQ Holidays {frappe.generate_hash(length=6)}",
			"from_date": start,
			"to_date": end,
			"holidays": [{"holiday_date": day, "description": "Holiday"} for day in holidays],
		}
	).insert(ignore_permissions=True)


def make_outgoing_email_account(email: str = "nq-outgoing@example.com"):
	"""A default outgoing Email Account (rolled back with the test; never connects in tests)."""
	frappe.local.outgoing_email_account = {}
	return frappe.get_doc(
		{
			"doctype": "Email Account",
			"email_account_name": f"_NQ Outgoing {frappe.generate_hash(length=5)}",
			"email_id": email,
			"enable_outgoing": 1,
			"default_outgoing": 1,
			"smtp_server": "127.0.0.1",
			"smtp_port": 25,
			"no_smtp_authentication": 1,
			"awaiting_password": 0,
		}
	).insert(ignore_permissions=True)


def make_payment_over_invoices(invoices: list, submit: bool = True, **values):
	"""One Payment Entry (Receive) that settles several Sales Invoices of one customer in full."""
	from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry

	doc = get_payment_entry("Sales Invoice", invoices[0].name)
	doc.set("references", [])
	total = 0.0
	for invoice in invoices:
		invoice.reload()
		doc.append(
			"references",
			{
				"reference_doctype": "Sales Invoice",
				"reference_name": invoice.name,
				"total_amount": invoice.grand_total,
				"outstanding_amount": invoice.outstanding_amount,
				"allocated_amount": invoice.outstanding_amount,
			},
		)
		total += flt(invoice.outstanding_amount)
	doc.paid_amount = doc.received_amount = total
	doc.base_paid_amount = doc.base_received_amount = total
	doc.reference_no = values.pop("reference_no", f"NQ-{frappe.generate_hash(length=8)}")
	doc.reference_date = nowdate()
	doc.update(values)
	doc.insert(ignore_permissions=True)
	if submit:
		doc.submit()
	return doc


def connection_counts(doctype: str, name: str) -> dict:
	"""The form's Connections counts per linked doctype, as the desk asks for them.

	frappe's `get_open_count` limits the session's statements to one second and leaves the
	limit on (a request's connection ends with it; a test's does not), so it is lifted here
	before a slow statement of a later test is cut off."""
	from frappe.desk.notifications import get_open_count

	try:
		found = get_open_count(doctype, name)["count"]["external_links_found"]
	finally:
		frappe.db.set_execution_timeout(0)
	return {row["doctype"]: row["count"] for row in found}
