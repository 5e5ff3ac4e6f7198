"""Issue 12, point 7: the reports whose run grows with history work as Frappe Prepared Reports
(the RQ worker's path, run here synchronously), and every neiqin report only reads, so that
frappe's `read_from_replica` may send it to a replica."""

import gzip
import json
import os

import frappe
import pytest
from frappe.core.doctype.prepared_report.prepared_report import generate_report
from frappe.desk.query_report import run
from frappe.utils import add_days, get_first_day, nowdate

from tests.integration import factories
from tests.integration.inventory import neiqin_reports
from tests.integration.sql_spy import recorded_statements

pytestmark = pytest.mark.usefixtures("base")

GROWING = (
	"Contract Fulfilment Statistics",
	"Contract Receivables",
	"Sales Finance Reconciliation",
	"Sales Material Ledger",
)
WRITES = ("insert", "update", "delete", "replace", "alter", "create", "drop", "truncate")


def filters_for(base) -> dict:
	today = nowdate()
	return {
		"company": base.company,
		"from_date": get_first_day(add_days(today, -40)),
		"to_date": today,
		"as_of_date": today,
		"report_date": today,
		"date": today,
		"period_end": today,
	}


def test_every_neiqin_report_only_reads(base):
	so = factories.make_sales_order(items=[{"item_code": base.widget, "qty": 4}])
	factories.make_sales_invoice(factories.make_delivery_note(so, qty={base.widget: 2}))
	frappe.db.before_commit.run()  # what the submits left for the commit is done now
	reports = neiqin_reports()  # every report of every neiqin module, from the app itself
	assert set(GROWING) <= set(reports)
	for name in reports:
		with recorded_statements() as statements:
			result = run(name, filters=filters_for(base), ignore_prepared_report=True)
		assert "result" in result, name
		written = [s for s in statements if s.lstrip().split(None, 1)[0].lower() in WRITES]
		assert written == [], f"{name} writes: {written[:3]}"


@pytest.mark.parametrize("report_name", GROWING)
def test_a_growing_report_runs_as_a_prepared_report(base, report_name):
	so = factories.make_sales_order(items=[{"item_code": base.widget, "qty": 4}])
	factories.make_sales_invoice(factories.make_delivery_note(so, qty={base.widget: 2}))
	frappe.db.before_commit.run()
	filters = filters_for(base)
	direct = run(report_name, filters=filters, ignore_prepared_report=True)

	prepared = frappe.get_doc(
		{
			"doctype": "Prepared Report",
			"report_name": report_name,
			"filters": json.dumps(filters, default=str),
		}
	).insert(ignore_permissions=True)
	paths = []
	try:
		generate_report(prepared.name)  # what the "long" RQ worker runs
		prepared.reload()
		assert prepared.status == "Completed", prepared.error_message
		files = frappe.get_all(
			"File", filters={"attached_to_doctype": "Prepared Report", "attached_to_name": prepared.name}
		)
		paths = [frappe.get_doc("File", f.name).get_full_path() for f in files]
		stored = json.loads(gzip.decompress(prepared.get_prepared_data() and open(paths[0], "rb").read()))
		assert len(stored["result"]) == len(direct["result"])
		assert [c.get("fieldname") for c in stored["columns"]] == [
			c.get("fieldname") for c in direct["columns"]
		]
	finally:
		frappe.db.rollback()
		for path in paths:
			if os.path.exists(path):
				os.remove(path)
