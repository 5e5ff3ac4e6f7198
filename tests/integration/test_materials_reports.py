"""Reports on a small known data set: material ledger (广促品台帐), dispatch register (寄出登记),
courier fee settlement (快递费用结算) and its Purchase Invoice draft."""

import frappe
import pytest
from erpnext.stock.utils import get_stock_balance
from frappe.utils import add_days, add_months, flt, get_first_day, nowdate

from neiqin.sales_materials import api
from neiqin.sales_materials.refusals import CourierSettlementError
from neiqin.sales_materials.report.courier_fee_settlement import courier_fee_settlement
from neiqin.sales_materials.report.material_dispatch_register import material_dispatch_register
from neiqin.sales_materials.report.sales_material_ledger import sales_material_ledger
from tests.integration import factories
from tests.integration.report_support import assert_refused
from tests.integration.sql_spy import recorded_statements

REQUESTER = "nq-mat-report-requester@example.com"
today = factories.SiteDay()


@pytest.fixture(autouse=True)
def _site_day():
	today.pin()


def day(offset: int):
	date = today(offset)
	factories.ensure_fiscal_year(date)
	return date


def run(report, **filters):
	columns, data, _message, chart, summary = report.execute(frappe._dict(filters))
	return columns, data, chart, summary


# ------------------------------------------------------------------ ledger


@pytest.fixture
def ledger_data(base):
	"""A promotional item: 50 received 10 days ago; a brochure log of 6 issued 5 days ago;
	5 more received 3 days ago (no log); a business card log of 4 issued 2 days ago, 1
	returned yesterday (kinds that need no approval: gifts do, see Neiqin Settings)."""
	factories.ensure_user(REQUESTER, ["Sales User"])
	item = factories.make_item(rate=8).name
	factories.receive_stock(item, base.warehouse, 50, posting_date=day(-10), rate=4)
	first = factories.make_material_log(
		"Brochure",
		items=[{"item_code": item, "qty": 6}],
		requested_by=REQUESTER,
		dispatch_date=day(-5),
		submit=True,
	)
	receipt = factories.receive_stock(item, base.warehouse, 5, posting_date=day(-3), rate=4)
	second = factories.make_material_log(
		"Business Card", items=[{"item_code": item, "qty": 4}], dispatch_date=day(-2), submit=True
	)
	api.record_return(second.name, [{"idx": 1, "qty": 1}], returned_on=day(-1))
	return frappe._dict(item=item, first=first, second=second, receipt=receipt.name)


def test_ledger_opening_in_out_balance_per_item(base, ledger_data):
	_columns, data, _chart, summary = run(
		sales_material_ledger,
		company=base.company,
		from_date=day(-4),
		to_date=today(),
		item_code=ledger_data.item,
	)
	head, *moves = data
	assert (head["item_code"], head["indent"]) == (ledger_data.item, 0)
	assert (head["opening_qty"], head["in_qty"], head["out_qty"], head["balance_qty"]) == (44, 6, 4, 46)
	assert [
		(m["voucher_no"] == ledger_data.receipt, m["in_qty"], m["out_qty"], m["balance_qty"]) for m in moves
	] == [
		(True, 5, 0, 49),
		(False, 0, 4, 45),
		(False, 1, 0, 46),
	]
	assert [m["sales_material_log"] for m in moves] == [
		None,
		ledger_data.second.name,
		ledger_data.second.name,
	]
	assert moves[1]["requested_by"] == "Administrator" and moves[1]["kind"] == "Business Card"
	assert {s["label"]: s["value"] for s in summary}["Out Qty"] == 4


def test_ledger_keeps_ordinary_sales_deliveries_apart_from_material_issues(base, ledger_data):
	"""The same item sold to a customer 1 day ago: shown as a sales delivery, not a material
	issue, and the balance still equals the stock ledger."""
	order = factories.make_sales_order(
		items=[{"item_code": ledger_data.item, "qty": 3, "rate": 8}], transaction_date=day(-1)
	)
	delivery = factories.make_delivery_note(order, posting_date=day(-1))
	_columns, data, _chart, summary = run(
		sales_material_ledger,
		company=base.company,
		from_date=day(-4),
		to_date=today(),
		item_code=ledger_data.item,
	)
	head, *moves = data
	sale = next(m for m in moves if m["voucher_no"] == delivery.name)
	assert (sale["movement"], sale["movement_label"], sale["sales_material_log"]) == (
		"Sales Delivery",
		"Sales Delivery",
		None,
	)
	issue = next(m for m in moves if m.get("sales_material_log") == ledger_data.second.name)
	assert issue["movement"] == "Sales Material Log"
	# gift: 4 out, 1 back = 3 net material out; the sale: 3 out
	assert (head["material_out_qty"], head["sales_out_qty"], head["out_qty"]) == (3, 3, 7)
	assert head["balance_qty"] == flt(get_stock_balance(ledger_data.item, base.warehouse, today()))
	cards = {s["label"]: s["value"] for s in summary}
	assert (cards["Material Out Qty"], cards["Sales Out Qty"]) == (3, 3)


def test_ledger_balances_with_the_stock_ledger(base, ledger_data):
	for to_date in (day(-6), day(-5), day(-2), today()):
		_c, data, _ch, _s = run(
			sales_material_ledger,
			company=base.company,
			from_date=day(-30),
			to_date=to_date,
			item_code=ledger_data.item,
			warehouse=base.warehouse,
		)
		sle = frappe.get_all(
			"Stock Ledger Entry",
			filters={
				"item_code": ledger_data.item,
				"warehouse": base.warehouse,
				"is_cancelled": 0,
				"posting_date": ("<=", to_date),
			},
			pluck="actual_qty",
		)
		assert data[0]["balance_qty"] == flt(sum(sle))
		assert data[0]["balance_qty"] == flt(get_stock_balance(ledger_data.item, base.warehouse, to_date))


def test_ledger_shows_who_requested_each_movement(base, ledger_data):
	_c, data, _ch, _s = run(
		sales_material_ledger,
		company=base.company,
		from_date=day(-6),
		to_date=today(),
		item_code=ledger_data.item,
	)
	issue = next(row for row in data if row.get("sales_material_log") == ledger_data.first.name)
	# shown by name, not by login
	assert (issue["requested_by"], issue["out_qty"], issue["kind"]) == (
		REQUESTER.split("@")[0],
		6,
		"Brochure",
	)


def test_cancelled_logs_leave_the_ledger(base, ledger_data):
	ledger_data.second.reload()
	ledger_data.second.cancel()
	_c, data, _ch, _s = run(
		sales_material_ledger,
		company=base.company,
		from_date=day(-4),
		to_date=today(),
		item_code=ledger_data.item,
	)
	assert (data[0]["in_qty"], data[0]["out_qty"], data[0]["balance_qty"]) == (5, 0, 49)


def test_reports_refuse_bad_filters(base):
	def answer(report, **filters):
		return report.execute(frappe._dict(filters))

	assert_refused(answer(sales_material_ledger, from_date=today(), to_date=today()), "select a Company")
	assert_refused(
		answer(material_dispatch_register, company=base.company, from_date=today(), to_date=day(-1)),
		"is after To Date",
	)
	assert_refused(answer(courier_fee_settlement, company=base.company), "From Date and To Date")


def test_ledger_query_count_does_not_grow_with_data(base):
	item = factories.make_item(rate=8).name
	factories.receive_stock(item, base.warehouse, 100)

	def count_queries():
		frappe.db.exists("DocType", "Review Rule")  # warm caches outside the count
		with recorded_statements() as statements:
			run(
				sales_material_ledger,
				company=base.company,
				from_date=day(-1),
				to_date=today(),
				item_code=item,
			)
		return len(statements)

	factories.make_material_log("Brochure", items=[{"item_code": item, "qty": 1}], submit=True)
	few = count_queries()
	for _ in range(3):
		factories.make_material_log("Brochure", items=[{"item_code": item, "qty": 1}], submit=True)
	assert count_queries() == few


# ------------------------------------------------------------------ dispatch register


@pytest.fixture
def courier(base):
	return factories.make_supplier().name


def documents(**values):
	return factories.make_material_log("Document", items=[{"description": "Price list", "qty": 3}], **values)


def test_register_lists_every_dispatch_with_courier_tracking_and_status(base, courier):
	so = factories.make_sales_order(items=[{"item_code": base.widget, "qty": 1}])
	invoice = factories.make_sales_invoice(so)
	mailed = documents(courier=courier, tracking_number="SF001", shipping_cost=12, submit=True)
	invoice_log = factories.make_material_log(
		"Invoice", sales_invoice=invoice.name, courier=courier, tracking_number="SF002", submit=True
	)
	documents(courier=courier, tracking_number="SF003")  # a request, not a dispatch
	api.confirm_receipt(mailed.name, received_by="Mr Qian")

	_columns, data, chart, summary = run(
		material_dispatch_register, company=base.company, from_date=today(), to_date=today(), courier=courier
	)
	assert [(r.name, r.tracking_number, r.status) for r in data] == [
		(mailed.name, "SF001", "Confirmed"),
		(invoice_log.name, "SF002", "Dispatched"),
	]
	assert (data[0].qty, data[0].shipping_cost, data[0].received_by) == (3, 12, "Mr Qian")
	assert (data[1].invoice_number, flt(data[1].invoice_amount)) == (invoice.name, 100)
	totals = {s["label"]: s["value"] for s in summary}
	assert (totals["Dispatches"], totals["Awaiting Confirmation"], totals["Shipping Cost"]) == (2, 1, 12)
	assert sorted(chart["data"]["labels"]) == ["Document", "Invoice"]

	_c, data, _ch, _s = run(
		material_dispatch_register,
		company=base.company,
		from_date=today(),
		to_date=today(),
		courier=courier,
		kind="Invoice",
	)
	assert [r.name for r in data] == [invoice_log.name]


def test_register_query_count_does_not_grow_with_data(base, courier):
	def count_queries():
		with recorded_statements() as statements:
			run(
				material_dispatch_register,
				company=base.company,
				from_date=today(),
				to_date=today(),
				courier=courier,
			)
		return len(statements)

	documents(courier=courier, submit=True)
	few = count_queries()
	for _ in range(3):
		documents(courier=courier, submit=True)
	assert count_queries() == few


# ------------------------------------------------------------------ courier fee settlement


@pytest.fixture
def settlement_data(base, courier):
	"""Three dispatches by a courier: two last month (10 + 15), one this month (20)."""
	last_month = get_first_day(add_months(today(), -1))
	factories.ensure_fiscal_year(last_month)
	logs = [
		documents(courier=courier, shipping_cost=10, dispatch_date=last_month, submit=True),
		documents(courier=courier, shipping_cost=15, dispatch_date=add_days(last_month, 1), submit=True),
		documents(courier=courier, shipping_cost=20, dispatch_date=today(), submit=True),
	]
	return frappe._dict(courier=courier, logs=logs, from_date=last_month, month=str(last_month)[:7])


@pytest.fixture
def courier_settings(base):
	item = factories.make_item(is_stock=0, rate=1).name
	frappe.db.set_single_value("Neiqin Settings", "courier_service_item", item)
	frappe.db.set_single_value("Neiqin Settings", "courier_expense_account", f"Postal Expenses - {base.abbr}")
	return frappe._dict(item=item, account=f"Postal Expenses - {base.abbr}")


def settle(base, data):
	return run(
		courier_fee_settlement,
		company=base.company,
		from_date=data.from_date,
		to_date=today(),
		courier=data.courier,
	)


def test_settlement_per_courier_per_month(base, settlement_data):
	_columns, rows, chart, summary = settle(base, settlement_data)
	assert [(r["month"], r["count"], r["total_cost"], r["to_settle"]) for r in rows] == [
		(settlement_data.month, 2, 25, 25),
		(str(today())[:7], 1, 20, 20),
	]
	assert {s["label"]: s["value"] for s in summary}["Total Cost"] == 45
	assert chart["data"]["datasets"][0]["name"] == settlement_data.courier


def test_draft_purchase_invoice_settles_open_costs_once(base, settlement_data, courier_settings):
	name = api.make_courier_invoice(
		base.company, settlement_data.courier, str(settlement_data.from_date), nowdate()
	)
	invoice = frappe.get_doc("Purchase Invoice", name)
	assert (invoice.docstatus, invoice.supplier, invoice.company) == (
		0,
		settlement_data.courier,
		base.company,
	)
	assert sorted((row.sales_material_log, flt(row.rate)) for row in invoice.items) == sorted(
		(log.name, flt(log.shipping_cost)) for log in settlement_data.logs
	)
	assert {(row.item_code, row.expense_account) for row in invoice.items} == {
		(courier_settings.item, courier_settings.account)
	}
	assert flt(invoice.total) == 45
	links = factories.connection_counts("Sales Material Log", settlement_data.logs[0].name)
	assert links["Purchase Invoice"] == 1

	_c, rows, _ch, summary = settle(base, settlement_data)
	# a draft is not an invoice: drafted, not invoiced, and not to be drafted again
	assert [
		(r["invoiced_cost"], r["drafted_cost"], r["to_settle"], r["purchase_invoices"]) for r in rows
	] == [
		(0, 25, 0, name),
		(0, 20, 0, name),
	]
	assert {s["label"]: s["value"] for s in summary}["Drafted Cost"] == 45
	with pytest.raises(CourierSettlementError, match="waiting to be settled"):
		api.make_courier_invoice(
			base.company, settlement_data.courier, str(settlement_data.from_date), nowdate()
		)

	invoice.delete()  # a deleted draft settles nothing: the costs are open again
	_c, rows, _ch, _s = settle(base, settlement_data)
	assert [r["to_settle"] for r in rows] == [25, 20]


def test_a_submitted_courier_invoice_counts_as_invoiced(base, settlement_data, courier_settings):
	name = api.make_courier_invoice(
		base.company, settlement_data.courier, str(settlement_data.from_date), nowdate()
	)
	invoice = frappe.get_doc("Purchase Invoice", name)
	invoice.submit()
	_c, rows, _ch, _s = settle(base, settlement_data)
	assert [(r["invoiced_cost"], r["drafted_cost"], r["to_settle"]) for r in rows] == [(25, 0, 0), (20, 0, 0)]


def test_drafting_is_refused_without_courier_settings(base, settlement_data):
	frappe.db.set_single_value("Neiqin Settings", "courier_service_item", None)
	frappe.db.set_single_value("Neiqin Settings", "courier_expense_account", None)
	with pytest.raises(
		CourierSettlementError, match=r"Courier Service Item.*Courier Expense Account.*/app/neiqin-settings"
	):
		api.make_courier_invoice(
			base.company, settlement_data.courier, str(settlement_data.from_date), nowdate()
		)
	assert not frappe.db.exists("Purchase Invoice", {"supplier": settlement_data.courier})


def test_drafting_is_refused_with_an_account_of_another_company(base, settlement_data, courier_settings):
	other = frappe.db.get_value(
		"Account", {"company": ("!=", base.company), "is_group": 0, "root_type": "Expense"}
	)
	if not other:
		pytest.skip("the site has no second company")
	frappe.db.set_single_value("Neiqin Settings", "courier_expense_account", other)
	with pytest.raises(CourierSettlementError, match="belongs to"):
		api.make_courier_invoice(
			base.company, settlement_data.courier, str(settlement_data.from_date), nowdate()
		)


@pytest.fixture
def clerk(base):
	"""Created before any test data: ensure_user commits."""
	return factories.ensure_user("nq-mat-settle-clerk@example.com", ["Sales Admin"])


def test_drafting_needs_purchase_invoice_permission(clerk, base, settlement_data, courier_settings):
	frappe.set_user(clerk)
	with pytest.raises(frappe.PermissionError):
		api.make_courier_invoice(
			base.company, settlement_data.courier, str(settlement_data.from_date), nowdate()
		)
