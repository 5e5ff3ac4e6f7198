"""Issue 12, point 3: the orders a transaction touches are recomputed once each, before it
commits (`frappe.db.before_commit`), and whoever reads in the same transaction sees them current.

The recompute entry point is counted with a pass-through spy (the real recomputation runs).
"""

from collections import Counter

import frappe
import pytest
from frappe.utils import flt

from neiqin.contract_fulfilment import live
from neiqin.contract_fulfilment.api import get_fulfilment
from neiqin.contract_fulfilment.recompute import compute, compute_many, recompute_many, snapshot
from tests.integration import factories
from tests.integration.cf_support import assert_current
from tests.integration.sql_spy import recorded_statements

pytestmark = pytest.mark.usefixtures("base")


@pytest.fixture
def recomputed(monkeypatch):
	"""Counter of the orders `live` recomputes (by name), reset per use; `batches` lists how
	many orders each call read together."""
	calls = Counter()
	calls.batches = []
	original = live.recompute_many

	def spy(orders):
		orders = list(orders)
		calls.update(orders)
		calls.batches.append(len(orders))
		return original(orders)

	monkeypatch.setattr(live, "recompute_many", spy)
	return calls


def settle(calls: Counter) -> Counter:
	"""What the transaction's end recomputes: run the before-commit callbacks as commit does."""
	calls.clear()
	calls.batches.clear()
	frappe.db.before_commit.run()
	return Counter(calls)


def test_a_delivery_note_submit_recomputes_its_order_once_before_commit(base, recomputed):
	so = factories.make_sales_order(items=[{"item_code": base.widget, "qty": 10}])
	live.flush()
	recomputed.clear()

	factories.make_delivery_note(so, qty={base.widget: 4})
	assert recomputed == Counter()  # nothing recomputed during the submit itself
	assert live.is_pending(so.name)
	assert settle(recomputed) == Counter({so.name: 1})
	assert not live.is_pending(so.name)
	assert flt(assert_current(so).delivered_qty) == 4


def test_a_sales_invoice_submit_recomputes_its_order_once(base, recomputed):
	so = factories.make_sales_order(items=[{"item_code": base.widget, "qty": 10}])
	factories.make_delivery_note(so)
	live.flush()
	recomputed.clear()

	factories.make_sales_invoice(so)  # order status change and Payment Ledger Entry included
	assert settle(recomputed) == Counter({so.name: 1})
	assert flt(assert_current(so).invoiced_amount) == 1000


def test_a_payment_over_five_invoices_recomputes_each_order_once(base, recomputed):
	orders = [factories.make_sales_order(items=[{"item_code": base.widget, "qty": 1}]) for _n in range(5)]
	invoices = [factories.make_sales_invoice(so) for so in orders]
	live.flush()
	recomputed.clear()

	factories.make_payment_over_invoices(invoices)
	assert settle(recomputed) == Counter({so.name: 1 for so in orders})
	assert recomputed.batches == [5]  # read together
	for so in orders:
		assert flt(assert_current(so).paid_amount) == 100


def test_a_reader_in_the_same_transaction_sees_the_table_current(base):
	so = factories.make_sales_order(items=[{"item_code": base.widget, "qty": 10}])
	factories.make_delivery_note(so, qty={base.widget: 3})
	assert live.is_pending(so.name)
	assert get_fulfilment(so.name)["items"][0]["delivered_qty"] == 3  # flushes first
	assert not live.is_pending(so.name)


def test_a_rollback_drops_what_was_pending(base, recomputed):
	so = factories.make_sales_order(items=[{"item_code": base.widget, "qty": 10}])
	factories.make_delivery_note(so, qty={base.widget: 3})
	assert live.is_pending(so.name)
	frappe.db.rollback()
	assert not live.is_pending(so.name)
	assert settle(recomputed) == Counter()
	assert not frappe.db.exists("Sales Order", so.name)


def test_after_a_flush_the_next_change_is_collected_again(base, recomputed):
	so = factories.make_sales_order(items=[{"item_code": base.widget, "qty": 10}])
	factories.make_delivery_note(so, qty={base.widget: 3})
	live.flush()
	factories.make_delivery_note(so, qty={base.widget: 2})
	assert settle(recomputed) == Counter({so.name: 1})
	assert flt(assert_current(so).delivered_qty) == 5


def shared_book(base) -> list:
	"""Two orders sharing an invoice (one's delivery note line, the other's order lines), its
	credit note and an advance; a third order with its own stock-updating invoice; a draft."""
	a = factories.make_sales_order(items=[{"item_code": base.widget, "qty": 10}])
	b = factories.make_sales_order(
		items=[{"item_code": base.widget, "qty": 5}, {"item_code": base.gadget, "qty": 2}]
	)
	c = factories.make_sales_order(items=[{"item_code": base.widget, "qty": 3}])
	draft = factories.make_sales_order(submit=False)
	advance = factories.make_payment_entry(a, amount=150, submit=False)
	advance.append(
		"references",
		{"reference_doctype": "Sales Order", "reference_name": b.name, "allocated_amount": 50},
	)
	advance.paid_amount = advance.received_amount = 200
	advance.base_paid_amount = advance.base_received_amount = 200
	advance.save()
	advance.submit()
	dn = factories.make_delivery_note(a, qty={base.widget: 4})
	invoice = factories.make_sales_invoice(dn, submit=False)
	for row in b.items:
		invoice.append(
			"items",
			{
				"item_code": row.item_code,
				"qty": row.qty,
				"rate": row.rate,
				"uom": row.uom,
				"conversion_factor": 1,
				"sales_order": b.name,
				"so_detail": row.name,
				"warehouse": row.warehouse,
			},
		)
	invoice.save()
	invoice.submit()
	factories.make_return(invoice, qty={base.gadget: 1})
	factories.make_payment_entry(invoice, amount=300)
	factories.make_sales_invoice(c, update_stock=1)
	live.flush()
	return [a.name, b.name, c.name, draft.name]


def test_orders_read_together_are_computed_as_each_alone(base):
	orders = shared_book(base)
	together = compute_many([*orders, "SAL-ORD-NO-SUCH"])
	assert together[orders[3]] is None and together["SAL-ORD-NO-SUCH"] is None
	for name in orders[:3]:
		assert snapshot(together[name]["doc"]) == snapshot(compute(name)["doc"])
	a, b, c = (together[name]["doc"] for name in orders[:3])
	qty = lambda doc, field: [flt(row[field]) for row in doc["items"]]  # noqa: E731
	assert (qty(a, "delivered_qty"), qty(a, "invoiced_qty")) == ([4], [4])
	assert (qty(b, "delivered_qty"), qty(b, "invoiced_qty")) == ([0, 0], [5, 1])
	assert (qty(c, "delivered_qty"), qty(c, "invoiced_qty")) == ([3], [3])
	assert flt(a["paid_amount"]) > 150 and flt(b["paid_amount"]) > 50  # advance and payment


def test_many_orders_are_read_with_the_statements_of_one(base):
	orders = shared_book(base)[:3]

	def statements(names):
		with recorded_statements() as executed:
			assert recompute_many(names) == {name: name for name in names}
		return executed

	one, three = statements(orders[:1]), statements(orders)
	assert len(three) == len(one), three  # the tables are current: reads only, no write
	assert all(statement.lstrip().lower().startswith("select") for statement in three)
