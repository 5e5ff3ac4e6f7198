"""Issue 4, point 3: companies already on ERPNext get tables for their existing orders (a
background job enqueued by install/migrate), and a command rebuilds them on demand."""

import subprocess
import sys

import frappe
import pytest
from frappe.utils import flt
from frappe.utils.background_jobs import get_job, is_job_enqueued

from neiqin.contract_fulfilment import rebuild
from neiqin.contract_fulfilment.live import flush
from neiqin.contract_fulfilment.recompute import DOCTYPE
from neiqin.install import SETUP_STEPS
from tests.integration import factories
from tests.integration.cf_support import assert_current, table
from tests.integration.conftest import BENCH, SITE

pytestmark = pytest.mark.usefixtures("base")


def forget_table(sales_order) -> None:
	"""As if the order had been submitted before neiqin was installed."""
	frappe.db.delete("Contract Fulfilment Item", {"parent": sales_order.name})
	frappe.db.delete(DOCTYPE, {"name": sales_order.name})


def spoil_table(sales_order) -> None:
	frappe.db.set_value(DOCTYPE, sales_order.name, "invoiced_amount", 12345, update_modified=False)


def test_missing_tables_are_found_and_built(base):
	so = factories.make_sales_order(items=[{"item_code": base.widget, "qty": 2}])
	factories.make_delivery_note(so, qty={base.widget: 1})
	draft = factories.make_sales_order(submit=False)
	forget_table(so)
	missing = rebuild.orders_without_table()
	assert so.name in missing and draft.name not in missing

	assert rebuild.rebuild_tables(missing) == len(missing)
	assert not rebuild.orders_without_table()
	doc = assert_current(so)
	assert (doc.delivered_qty, doc.fulfilment_status) == (1, "Partly Delivered")


def test_rebuilding_everything_repairs_tables_and_drops_orphans(base):
	so = factories.make_sales_order()
	spoil_table(so)
	# a table whose order was removed behind neiqin's back
	orphan = frappe.get_doc({"doctype": DOCTYPE, "sales_order": "SAL-ORD-GONE-1", "customer": base.customer})
	orphan.name = "SAL-ORD-GONE-1"
	orphan.flags.written_by_neiqin = True
	orphan.flags.ignore_links = True
	orphan.db_insert()

	rebuild.rebuild_tables()
	assert flt(table(so).invoiced_amount) == 0
	assert_current(so)
	assert not frappe.db.exists(DOCTYPE, "SAL-ORD-GONE-1")


def test_setup_step_enqueues_one_backfill_job_only_when_needed(committed):
	assert "neiqin.contract_fulfilment.rebuild.enqueue_backfill" in SETUP_STEPS
	so = factories.make_sales_order()
	committed.add(so)
	frappe.db.commit()
	drop_backfill_job()  # no worker runs on the test site: forget a job left by a migrate
	assert rebuild.enqueue_backfill() is False  # every submitted order has its table

	forget_table(so)
	frappe.db.commit()
	try:
		assert rebuild.enqueue_backfill() is True
		frappe.db.commit()  # the job is enqueued after commit
		assert is_job_enqueued(rebuild.BACKFILL_JOB)
		assert rebuild.enqueue_backfill() is False  # already queued: not twice
		job = get_job(rebuild.BACKFILL_JOB)
		assert job.func_name == "frappe.utils.background_jobs.execute_job"
		assert job.kwargs["method"] == "neiqin.contract_fulfilment.rebuild.build_missing_tables"
	finally:
		drop_backfill_job()

	# what the worker runs: builds the missing table, commits, and is idempotent
	assert rebuild.build_missing_tables() == 1
	assert frappe.db.exists(DOCTYPE, so.name)
	assert rebuild.build_missing_tables() == 0


def test_bench_command_rebuilds_one_order(committed):
	so = factories.make_sales_order()
	committed.add(so)
	spoil_table(so)
	frappe.db.commit()

	result = bench("rebuild-contract-fulfilment", "--sales-order", so.name)
	assert result.returncode == 0, result.stderr
	assert "Rebuilt the Contract Fulfilment tables of 1 Sales Order(s)" in result.stdout
	frappe.db.commit()  # see what the command committed
	assert flt(frappe.db.get_value(DOCTYPE, so.name, "invoiced_amount")) == 0

	unknown = bench("rebuild-contract-fulfilment", "--sales-order", "SAL-ORD-NO-SUCH")
	assert unknown.returncode != 0 and "does not exist" in unknown.stderr


def drop_backfill_job():
	job = get_job(rebuild.BACKFILL_JOB)
	if job:
		job.cancel()
		job.delete()


def bench(*args):
	return subprocess.run(
		[sys.executable, "-m", "frappe.utils.bench_helper", "frappe", "--site", SITE, *args],
		cwd=BENCH / "sites",
		capture_output=True,
		text=True,
		timeout=300,
	)


def test_daily_job_turns_lines_overdue_as_the_date_passes(base):
	from frappe.utils import add_days, nowdate

	from neiqin.contract_fulfilment.recompute import compute, write_table

	so = factories.make_sales_order(
		items=[{"item_code": base.widget, "qty": 2, "rate": 100}],
		transaction_date=add_days(nowdate(), -5),
		delivery_date=add_days(nowdate(), -1),
	)
	delivered = factories.make_sales_order(
		items=[{"item_code": base.widget, "qty": 1, "rate": 100}],
		transaction_date=add_days(nowdate(), -5),
		delivery_date=add_days(nowdate(), -1),
	)
	factories.make_delivery_note(delivered)
	flush()  # the submits' recomputations, as their commit runs them
	# the table as it was written two days ago, when the line was not due yet
	write_table(so.name, compute(so.name, today=add_days(nowdate(), -2))["doc"])
	assert (table(so).is_overdue, table(so).items[0].status) == (0, "Pending")

	daily = frappe.get_hooks("scheduler_events")["daily"]
	assert "neiqin.contract_fulfilment.rebuild.refresh_overdue_tables" in daily
	due = rebuild.orders_with_open_lines_past_due()
	assert so.name in due and delivered.name not in due
	rebuild.refresh_overdue_tables(commit=False)
	doc = assert_current(so)
	assert (doc.is_overdue, doc.items[0].status, doc.items[0].days_overdue) == (1, "Overdue", 1)


def test_rebuild_method_without_an_order_enqueues_one_full_rebuild():
	from neiqin.contract_fulfilment.api import rebuild as rebuild_method

	assert rebuild_method() == {"queued": True, "job_id": rebuild.REBUILD_JOB}
	frappe.db.commit()  # the job is enqueued after commit
	try:
		job = get_job(rebuild.REBUILD_JOB)
		assert job and job.kwargs["method"] == "neiqin.contract_fulfilment.rebuild.rebuild_all_tables"
		assert job.origin.endswith("long")
	finally:
		job = get_job(rebuild.REBUILD_JOB)
		if job:
			job.cancel()
			job.delete()

	frappe.set_user(factories.ensure_user("nq-cf-admin@example.com", ["Sales Admin"]))
	with pytest.raises(frappe.PermissionError):
		rebuild_method()
