"""Report Contract Receivables: per order invoiced, received, outstanding, aged by the
invoices' due dates (payment schedule), from ERPNext's Payment Ledger."""

import json

import frappe
import pytest

from neiqin.contract_fulfilment.report.contract_receivables.contract_receivables import execute
from tests.integration import factories, rest
from tests.integration.report_support import assert_refused
from tests.integration.sql_spy import recorded_statements, selects

day = factories.SiteDay()  # the module's dates count from the day its data set is built


@pytest.fixture(scope="module", autouse=True)
def _site_day():
	day.pin()


def invoice(source, qty=None, posting=0, schedule=None, due=None):
	"""Submitted Sales Invoice from `source` posted `posting` days from today; `schedule` is
	[(due offset, portion %)], `due` a single due offset."""
	factories.ensure_fiscal_year(day(posting))
	doc = factories.make_sales_invoice(source, qty=qty, posting_date=day(posting), submit=False)
	return finish_invoice(doc, posting, schedule, due)


def finish_invoice(doc, posting, schedule=None, due=None):
	doc.set_posting_time = 1
	doc.posting_date = day(posting)
	if schedule:
		doc.set(
			"payment_schedule",
			[
				{
					"due_date": day(offset),
					"invoice_portion": portion,
					"payment_amount": doc.grand_total * portion / 100,
				}
				for offset, portion in schedule
			],
		)
		doc.due_date = day(max(offset for offset, _p in schedule))
	elif due is not None:
		doc.set("payment_schedule", [])
		doc.due_date = day(due)
	doc.save()
	doc.submit()
	return doc


def credit_note(source, qty, posting, for_self=True):
	from erpnext.accounts.doctype.sales_invoice.sales_invoice import make_sales_return

	factories.ensure_fiscal_year(day(posting))
	doc = make_sales_return(source.name)
	doc.set("items", [row for row in doc.items if row.item_code in qty])
	for row in doc.items:
		row.qty = -abs(qty[row.item_code])
	doc.update_outstanding_for_self = int(for_self)
	doc.set_posting_time = 1
	doc.posting_date = day(posting)
	doc.insert(ignore_permissions=True)
	doc.submit()
	return doc


def pay(against, amount, posting):
	factories.ensure_fiscal_year(day(posting))
	return factories.make_payment_entry(against, amount=amount, posting_date=day(posting))


RATES = {"_NQ Widget": 100.0, "_NQ Gadget": 250.0}


def journal_advance(base, sales_order, amount, posting):
	"""An advance received against the order, booked by a Journal Entry."""
	doc = frappe.get_doc(
		{
			"doctype": "Journal Entry",
			"voucher_type": "Journal Entry",
			"company": base.company,
			"posting_date": day(posting),
			"accounts": [
				{"account": base.cash_account, "debit_in_account_currency": amount},
				{
					"account": base.receivable_account,
					"party_type": "Customer",
					"party": sales_order.customer,
					"credit_in_account_currency": amount,
					"reference_type": "Sales Order",
					"reference_name": sales_order.name,
					"is_advance": "Yes",
				},
			],
		}
	).insert(ignore_permissions=True)
	doc.submit()
	return doc


def order(base, customer=None, items=None, posting=-120):
	"""A Sales Order dated `posting` days from today (rates given: item prices start today)."""
	factories.ensure_fiscal_year(day(posting))
	items = items or [{"item_code": base.widget, "qty": 10}]
	return factories.make_sales_order(
		customer=customer or base.customer,
		items=[{"rate": RATES[item["item_code"]], **item} for item in items],
		transaction_date=day(posting),
		delivery_date=day(posting + 10),
	)


def run(base, **filters):
	_columns, data, _message, chart, summary = execute(
		{"company": base.company, "as_of_date": day(0), **filters}
	)
	return frappe._dict(
		columns=_columns,
		data=data,
		orders={row["sales_order"]: row for row in data if row["indent"] == 0},
		invoices={(row["sales_order"], row["invoice"]): row for row in data if row["indent"] == 1},
		chart=chart,
		summary={card["label"]: card["value"] for card in summary},
	)


@pytest.fixture(scope="module")
def contracts(base):
	"""The known data set (all amounts in CNY, widget 100, gadget 250), committed once for
	the module and deleted afterwards; tests only read it (or change it inside their own
	rolled-back transaction)."""
	from erpnext.selling.doctype.sales_order.sales_order import make_sales_invoice

	made = factories.Cleanup()
	keep = made.add
	try:
		for offset in (-120, 0):
			if not frappe.db.get_value(
				"Fiscal Year", {"year_start_date": ("<=", day(offset)), "year_end_date": (">=", day(offset))}
			):
				keep("Fiscal Year", factories.ensure_fiscal_year(day(offset)))

		so1 = keep(order(base, items=[{"item_code": base.widget, "qty": 12}]))  # 1200, 1000 of it invoiced
		si1 = keep(invoice(so1, qty={base.widget: 6}, posting=-75, schedule=[(-70, 50), (-20, 50)]))
		keep(pay(si1, 400, -10))
		si2 = keep(invoice(so1, qty={base.widget: 4}, posting=-5, due=25))
		keep(pay(so1, 150, -3))  # an advance against the order, not allocated to an invoice
		keep(journal_advance(base, so1, 50, -2))  # and one booked by a journal entry

		so2 = keep(order(base, customer=base.customer_b, items=[{"item_code": base.gadget, "qty": 2}]))
		si3 = keep(invoice(so2, posting=-100, due=-95))
		cn3 = keep(credit_note(si3, {base.gadget: 1}, posting=-50, for_self=False))

		so3 = keep(order(base, items=[{"item_code": base.widget, "qty": 3}]))
		si4 = keep(invoice(so3, posting=-40, due=-35))
		cn4 = keep(credit_note(si4, {base.widget: 1}, posting=-30, for_self=True))

		so4 = keep(order(base, items=[{"item_code": base.widget, "qty": 3}]))
		so5 = keep(order(base, items=[{"item_code": base.widget, "qty": 1}]))
		combined = make_sales_invoice(so4.name)
		combined = make_sales_invoice(so5.name, target_doc=combined)
		combined.insert(ignore_permissions=True)
		si5 = keep(finish_invoice(combined, -20, due=-20))
		keep(pay(si5, 200, -2))

		so6 = keep(order(base, items=[{"item_code": base.widget, "qty": 1}]))
		si6 = keep(invoice(so6, posting=-15, due=-15))
		keep(pay(si6, 100, -1))

		so7 = keep(order(base, items=[{"item_code": base.widget, "qty": 2}]))
		keep(pay(so7, 80, -1))  # paid in advance, nothing invoiced yet
		frappe.db.commit()
		yield frappe._dict(
			so1=so1,
			si1=si1,
			si2=si2,
			so2=so2,
			si3=si3,
			cn3=cn3,
			so3=so3,
			si4=si4,
			cn4=cn4,
			so4=so4,
			so5=so5,
			si5=si5,
			so6=so6,
			si6=si6,
			so7=so7,
		)
	finally:
		made.run()


def test_order_with_instalments_payment_and_advance(base, contracts):
	c = contracts
	result = run(base)
	row = result.orders[c.so1.name]
	assert row["customer"] == base.customer
	assert row["invoiced"] == 1000
	assert row["received"] == 400
	assert row["outstanding"] == 600
	assert row["not_due"] == 400
	assert [row["range1"], row["range2"], row["range3"], row["range4"]] == [200, 0, 0, 0]
	assert row["overdue"] == 200
	assert row["unallocated_advance"] == 200
	assert row["net_receivable"] == 400

	first = result.invoices[(c.so1.name, c.si1.name)]
	# 400 received settles the instalment due 70 days ago and 100 of the one due 20 days ago
	assert first["outstanding"] == 200 and first["range1"] == 200 and first["range3"] == 0
	assert first["due_date"] == day(-20) and first["age"] == 20
	assert first["share"] == 100
	second = result.invoices[(c.so1.name, c.si2.name)]
	assert second["not_due"] == 400 and second["overdue"] == 0 and second["age"] is None

	# rows: the order first, its invoices below it, by posting date
	names = [(r["indent"], r["invoice"]) for r in result.data if r["sales_order"] == c.so1.name]
	assert names == [(0, None), (1, c.si1.name), (1, c.si2.name)]


def test_as_of_date_ignores_later_documents(base, contracts):
	c = contracts
	row = run(base, as_of_date=day(-15)).orders[c.so1.name]
	assert row["invoiced"] == 600  # the second invoice comes later
	assert row["received"] == 0 and row["unallocated_advance"] == 0
	# instalments due 70 and 20 days before today are 55 and 5 days old then
	assert row["range1"] == 300 and row["range2"] == 300


def test_credit_notes_either_way(base, contracts):
	c = contracts
	result = run(base)
	# credit note booked against the invoice: folded into it
	so2 = result.orders[c.so2.name]
	assert so2["invoiced"] == 250 and so2["outstanding"] == 250 and so2["range4"] == 250
	assert (c.so2.name, c.cn3.name) not in result.invoices
	# credit note with its own balance, its invoice still open: it reduces that invoice, the
	# same way, instead of being aged as an overdue negative amount of its own
	so3 = result.orders[c.so3.name]
	assert so3["invoiced"] == 200 and so3["received"] == 0 and so3["outstanding"] == 200
	assert (so3["range1"], so3["range2"], so3["overdue"], so3["unallocated_credit"]) == (0, 200, 200, 0)
	assert (c.so3.name, c.cn4.name) not in result.invoices
	si4 = result.invoices[(c.so3.name, c.si4.name)]
	assert (si4["invoiced"], si4["outstanding"], si4["range2"]) == (200, 200, 200)
	assert min(result.chart["data"]["datasets"][0]["values"]) >= 0


def test_credit_left_over_is_unallocated_credit_never_overdue(base):
	"""Known data set (rolled back): an invoice of 500 overdue 40 days with a credit note of
	100 of 10 days ago, and an invoice of 300 paid in full with a credit note of 100 of 5
	days ago (nothing open left to reduce)."""
	open_order = order(base, customer=base.customer_b, items=[{"item_code": base.widget, "qty": 5}])
	open_invoice = invoice(open_order, posting=-40, due=-40)
	open_credit = credit_note(open_invoice, {base.widget: 1}, posting=-10, for_self=True)
	paid_order = order(base, customer=base.customer_b, items=[{"item_code": base.widget, "qty": 3}])
	paid_invoice = invoice(paid_order, posting=-20, due=-20)
	pay(paid_invoice, 300, -8)
	paid_credit = credit_note(paid_invoice, {base.widget: 1}, posting=-5, for_self=True)

	one = run(base, sales_order=open_order.name)
	row = one.orders[open_order.name]
	assert (row["invoiced"], row["outstanding"], row["overdue"]) == (400, 400, 400)
	assert (row["range1"], row["range2"], row["unallocated_credit"]) == (0, 400, 0)
	assert list(one.invoices) == [(open_order.name, open_invoice.name)]
	assert open_credit.name not in {r["invoice"] for r in one.data}
	assert one.summary["Overdue Amount"] == 400

	other = run(base, sales_order=paid_order.name)
	row = other.orders[paid_order.name]
	assert (row["invoiced"], row["received"], row["outstanding"]) == (200, 300, -100)
	assert (row["not_due"], row["overdue"], row["range1"], row["unallocated_credit"]) == (0, 0, 0, 100)
	assert row["net_receivable"] == -100
	credit = other.invoices[(paid_order.name, paid_credit.name)]
	assert (credit["outstanding"], credit["overdue"], credit["age"], credit["unallocated_credit"]) == (
		-100,
		0,
		None,
		100,
	)
	assert other.summary["Overdue Amount"] == 0 and other.summary["Unallocated Credit"] == 100
	assert min(other.chart["data"]["datasets"][0]["values"]) >= 0


def test_invoice_for_two_orders_is_shared_by_amount(base, contracts):
	c = contracts
	result = run(base)
	four, five = result.invoices[(c.so4.name, c.si5.name)], result.invoices[(c.so5.name, c.si5.name)]
	assert (four["share"], five["share"]) == (75, 25)
	assert (four["invoiced"], four["received"], four["outstanding"]) == (300, 150, 150)
	assert (five["invoiced"], five["received"], five["outstanding"]) == (100, 50, 50)
	assert result.orders[c.so4.name]["range1"] == 150


def test_filters_and_settled_orders(base, contracts):
	c = contracts
	assert c.so6.name not in run(base).orders  # fully paid: hidden by default
	settled = run(base, only_outstanding=0).orders[c.so6.name]
	assert (settled["invoiced"], settled["received"], settled["outstanding"]) == (100, 100, 0)

	only_b = run(base, customer=base.customer_b).orders
	assert c.so2.name in only_b and c.so1.name not in only_b
	one = run(base, sales_order=c.so4.name)
	assert list(one.orders) == [c.so4.name]
	assert list(one.invoices) == [(c.so4.name, c.si5.name)]


def test_order_paid_in_advance_without_invoice(base, contracts):
	result = run(base)
	row = result.orders[contracts.so7.name]
	assert (row["invoiced"], row["outstanding"], row["unallocated_advance"], row["net_receivable"]) == (
		0,
		0,
		80,
		-80,
	)
	assert row["customer"] == base.customer
	assert not [key for key in result.invoices if key[0] == contracts.so7.name]
	assert contracts.so7.name not in run(base, customer=base.customer_b).orders
	assert list(run(base, sales_order=contracts.so7.name).orders) == [contracts.so7.name]


def test_chart_summary_and_columns(base, contracts):
	result = run(base, range="15, 45")
	labels = [col["label"] for col in result.columns]
	assert "0-15" in labels and "16-45" in labels and "Over 45" in labels
	mine = [
		result.orders[c.name]
		for c in (contracts.so1, contracts.so2, contracts.so3, contracts.so4, contracts.so5)
	]
	assert [row["range1"] for row in mine] == [0, 0, 0, 0, 0]  # nothing fell due in the last 15 days
	# so3: invoice 35 days overdue, its own credit note of 30 days ago
	assert [row["range2"] for row in mine] == [200, 0, 200, 150, 50]
	assert [row["range3"] for row in mine] == [0, 250, 0, 0, 0]
	assert result.summary["Outstanding Amount"] == pytest.approx(
		sum(r["outstanding"] for r in result.orders.values())
	)
	assert result.chart["data"]["labels"][0] == "Not Yet Due"
	assert sum(result.chart["data"]["datasets"][0]["values"]) == pytest.approx(
		sum(r["outstanding"] for r in result.orders.values())
	)


def test_constant_number_of_queries(base, contracts):
	run(base)  # warm the caches
	with recorded_statements() as small:
		run(base, customer=base.customer_b)
	with recorded_statements() as large:
		run(base)
	assert selects(small) == selects(large) <= 7, (small, large)
	assert selects(small) >= 4  # the spy sees the report's queries


def test_roles_decide_who_runs_the_report(base, contracts):
	"""Over REST, on committed data: sales managers and accountants read it, sellers do not."""
	manager = factories.ensure_user("nq-cf-stats-manager@example.com", ["Sales Manager"])
	accountant = factories.ensure_user("nq-cf-accountant@example.com", ["Accounts User"])
	seller = factories.ensure_user("nq-cf-stats-seller@example.com", ["Sales User"])
	filters = json.dumps({"company": base.company, "customer": base.customer_b})
	path = f"/api/method/frappe.desk.query_report.run?report_name=Contract Receivables&filters={filters}"
	for user in (manager, accountant):
		response = rest.call("GET", path, user=user)
		assert response.status_code == 200, response.text
		rows = response.json["message"]["result"]
		order_row = next(
			row for row in rows if row.get("sales_order") == contracts.so2.name and row["indent"] == 0
		)
		assert order_row["outstanding"] == 250
		assert any(row.get("invoice") == contracts.si3.name for row in rows)
	assert rest.call("GET", path, user=seller).status_code == 403


def test_refuses_bad_range(base):
	assert_refused(execute({"company": base.company, "range": "60, 30"}), "Ageing Range")
