"""neiqin never fails an ERPNext posting (issue 20, point 6): two postings on one order submitted
at the same moment, each in a thread with its own database connection (its own frappe.init /
connect, its own transaction), both commit — neither fails with TimestampMismatchError because
the other changed the fulfilment table since it was read — and afterwards the table equals a
rebuild from ERPNext's rows.

The recomputation reads the table with a locking read (SELECT … FOR UPDATE) and writes what the
lock holds; a posting whose snapshot is older than the other's commit has the table recomputed
again right after its commit, in a transaction that takes the lock before it reads.

Committed data, deleted afterwards; every wait is bounded."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import frappe
import pytest

from tests.integration import cf_support, factories
from tests.integration.conftest import BENCH, SITE

WIDGET = "_NQ Widget"
TIMEOUT = 120  # seconds for both postings


def submit_together(documents: list[tuple[str, str]]) -> list[BaseException | None]:
	"""Submit these committed drafts at once, each in its own thread and connection; what each
	raised (None: it committed)."""
	frappe.db.commit()
	start = threading.Barrier(len(documents), timeout=60)

	def submit(document):
		doctype, name = document
		frappe.init(site=SITE, sites_path=str(BENCH / "sites"))
		frappe.connect()
		frappe.set_user("Administrator")
		frappe.flags.in_test = True
		try:
			doc = frappe.get_doc(doctype, name)
			start.wait()
			doc.submit()
			frappe.db.commit()
			return None
		except BaseException as error:  # reported to the test
			frappe.db.rollback()
			return error
		finally:
			frappe.destroy()

	with ThreadPoolExecutor(max_workers=len(documents)) as pool:
		results = [future.result(timeout=TIMEOUT) for future in [pool.submit(submit, d) for d in documents]]
	frappe.db.rollback()  # a fresh snapshot that sees what the threads committed
	return results


def draft_payment(committed, invoice, amount: float):
	payment = factories.make_payment_entry(invoice, amount=amount, submit=False)
	return committed.add(payment)


def postings(kind: str, committed, so) -> list[tuple[str, str]]:
	"""Two committed drafts on the order `so` (10 widgets) of the kinds named in `kind`."""
	made = []
	invoice = None
	if "payment" in kind:
		invoice = committed.add(factories.make_sales_invoice(so, qty={WIDGET: 4}))
	for part in kind.split("+"):
		if part == "delivery":
			doc = factories.make_delivery_note(so, qty={WIDGET: 2}, submit=False)
		elif part == "invoice":
			doc = factories.make_sales_invoice(so, qty={WIDGET: 2}, submit=False)
		else:
			doc = factories.make_payment_entry(invoice, amount=100, submit=False)
		made.append((doc.doctype, committed.add(doc).name))
	return made


@pytest.mark.parametrize(
	"kind", ["delivery+delivery", "invoice+invoice", "payment+payment", "delivery+payment", "invoice+payment"]
)
def test_two_postings_on_one_order_at_once_both_commit_and_the_table_equals_a_rebuild(base, committed, kind):
	so = committed.add(factories.make_sales_order(items=[{"item_code": WIDGET, "qty": 10}]))
	documents = postings(kind, committed, so)
	results = submit_together(documents)
	assert results == [None, None], [repr(error) for error in results]
	for doctype, name in documents:
		assert frappe.db.get_value(doctype, name, "docstatus") == 1, (doctype, name)
	assert cf_support.live(so.name) == cf_support.rebuilt(so.name)
	# the delivered quantity is what the submitted delivery notes hold (ERPNext's own
	# `delivered_qty` on the order line can lose one of two deliveries submitted at once)
	delivered = sum(
		frappe.get_all(
			"Delivery Note Item",
			filters={"against_sales_order": so.name, "docstatus": 1},
			pluck="qty",
		)
	)
	assert sum(row.delivered_qty for row in cf_support.table(so.name).items) == delivered
