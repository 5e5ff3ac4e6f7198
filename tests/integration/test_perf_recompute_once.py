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
from tests.integration import factories
from tests.integration.cf_support import assert_current

pytestmark = pytest.mark.usefixtures("base")


@pytest.fixture
def recomputed(monkeypatch):
	"""Counter of the orders `live` recomputes (by name), reset per use."""
	calls = Counter()
	original = live.recompute

	def spy(sales_order):
		calls[sales_order] += 1
		return original(sales_order)

	monkeypatch.setattr(live, "recompute", spy)
	return calls


def settle(calls: Counter) -> Counter:
	"""What the transaction's end recomputes: run the before-commit callbacks as commit does."""
	calls.clear()
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
