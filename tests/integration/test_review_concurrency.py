"""Concurrency: many requests at once, each in its own thread with its own database
connection (Frappe's real request handling): 100 approvals on 100 documents, 20 reviewers
approving one document (each twice), and 50 dispatches of the same stocked item. No review
is lost or counted twice, the quorum is right, and the stock ledger equals the logs.

Committed data, deleted afterwards; at most 20 requests in flight; every wait is bounded."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import frappe
import pytest
from frappe.utils import flt

from tests.integration import factories, rest
from tests.integration.conftest import SITE
from tests.integration.factories import as_user, make_review_rule

REVIEW_API = "/api/method/neiqin.dual_review.api.review"
WORKERS = 20
TIMEOUT = 600  # seconds for a whole batch
REVIEWERS = [f"nq-ab-conc-{i:02d}@example.com" for i in range(20)]


@pytest.fixture(scope="module")
def users(base):
	users = factories.ensure_abuse_users()
	users.many = [factories.ensure_user(email, ["Sales Reviewer"]) for email in REVIEWERS]
	return users


@pytest.fixture
def cleanup(committed):
	yield committed
	factories.purge_review_records([name for _doctype, name in committed.docs])


def send_concurrently(calls: list[tuple[str, str, str, dict]], workers: int = WORKERS) -> list[rest.Response]:
	"""(user, method, path, json) each from a pool thread with its own connection; at most
	`workers` in flight, the first `workers` released together."""
	from frappe.utils import get_test_client

	tokens = {user: factories.api_token(user) for user, *_ in calls}
	frappe.db.commit()
	start = threading.Barrier(min(workers, len(calls)), timeout=60)

	def send(index_call):
		index, (user, method, path, body) = index_call
		client = get_test_client()
		headers = {"Authorization": f"token {tokens[user]}", "X-Frappe-Site-Name": SITE}
		if index < workers:
			start.wait()
		return getattr(client, method.lower())(path, json=body, headers=headers)

	with ThreadPoolExecutor(max_workers=workers) as pool:
		futures = [pool.submit(send, item) for item in enumerate(calls)]
		raws = [future.result(timeout=TIMEOUT) for future in futures]
	frappe.db.commit()  # a fresh snapshot that sees what the requests committed
	return [rest.Response(raw) for raw in raws]


def failures(responses: list[rest.Response]) -> list[tuple]:
	"""(status, error, last lines of the server traceback) of every request that failed."""
	return [
		(r.status_code, r.exception[:200], (r.json.get("exc") or "")[-700:])
		for r in responses
		if r.status_code != 200
	]


def valid_approvals(names: list[str]) -> list[dict]:
	return frappe.get_all(
		"Document Review",
		filters={"reference_name": ("in", names), "status": "Valid", "decision": "Approved"},
		fields=["reference_name", "reviewer", "review_rule"],
	)


@pytest.mark.slow
def test_100_approvals_on_100_documents_at_once_are_all_recorded_once(users, cleanup):
	rule = cleanup.add(make_review_rule("Delivery Note"))
	with as_user(users.clerk):
		notes = [
			cleanup.add(
				factories.make_direct_delivery_note(
					factories.CUSTOMERS[0], [{"item_code": "_NQ Widget", "qty": 1}], submit=False
				)
			)
			for _ in range(100)
		]
	frappe.db.commit()
	names = [dn.name for dn in notes]
	reviewers = [users.reviewer, users.reviewer2, users.reviewer3]
	calls = [
		(
			reviewers[i % 3],
			"POST",
			REVIEW_API,
			{"doctype": "Delivery Note", "name": name, "decision": "Approved"},
		)
		for i, name in enumerate(names)
	]
	responses = send_concurrently(calls)

	failed = failures(responses)
	assert not failed, (len(failed), failed[:3])
	rows = valid_approvals(names)
	assert len(rows) == 100 and {row.reference_name for row in rows} == set(names)
	assert all(row.review_rule == rule.name for row in rows)
	for index, row in enumerate(sorted(rows, key=lambda r: names.index(r.reference_name))):
		assert row.reviewer == reviewers[index % 3]
	assert frappe.db.count("Document Review", {"reference_name": ("in", names)}) == 100
	from neiqin.dual_review.status import ReviewStatus

	assert all(ReviewStatus(frappe.get_doc("Delivery Note", name)).can_submit for name in names)


def test_20_reviewers_approving_one_document_twice_each_count_once(users, cleanup):
	cleanup.add(make_review_rule("Delivery Note", min_reviewers=20, roles=(), users=tuple(users.many)))
	so = cleanup.add(factories.make_sales_order())
	with as_user(users.clerk):
		dn = cleanup.add(factories.make_delivery_note(so, qty={"_NQ Widget": 3}, submit=False))
	frappe.db.commit()
	body = {"doctype": "Delivery Note", "name": dn.name, "decision": "Approved"}
	calls = [(user, "POST", REVIEW_API, body) for user in users.many] * 2
	responses = send_concurrently(calls)

	ok = [r for r in responses if r.status_code == 200]
	refused = [r for r in responses if r.status_code != 200]
	assert len(ok) == 20 and len(refused) == 20, failures(responses)
	assert all("AlreadyReviewedError" in r.exception for r in refused), failures(responses)
	rows = valid_approvals([dn.name])
	# every reviewer's approval is there exactly once: a request racing the same reviewer's
	# first one is refused after its locking read (service.refuse_if_decided_twice)
	assert sorted(row.reviewer for row in rows) == sorted(users.many)
	status = rest.call(
		"GET",
		f"/api/method/neiqin.dual_review.api.get_review_status?doctype=Delivery%20Note&name={dn.name}",
		user=users.clerk,
	).json["message"]
	assert status["can_submit"] and status["rules"][0]["approvals"] == 20


@pytest.mark.slow
def test_50_dispatches_of_the_same_item_at_once_leave_the_ledger_equal_to_the_logs(users, cleanup, base):
	from erpnext.stock.utils import get_stock_balance

	warehouse = base.warehouse
	logs = [cleanup.add(factories.make_material_log(kind="Brochure")) for _ in range(50)]
	frappe.db.commit()
	names = [log.name for log in logs]
	balance_before = flt(get_stock_balance("_NQ Widget", warehouse))
	calls = [
		(users.admin, "PUT", f"/api/resource/Sales Material Log/{name}", {"docstatus": 1}) for name in names
	]
	responses = send_concurrently(calls)
	entries = frappe.get_all(
		"Sales Material Log", filters={"name": ("in", names)}, fields=["name", "docstatus", "stock_entry"]
	)
	for row in entries:  # the logs' stock entries go after the logs (cancelled with them)
		if row.stock_entry:
			cleanup.docs.insert(0, ("Stock Entry", row.stock_entry))

	failed = failures(responses)
	assert not failed, (len(failed), failed[:3])
	assert all(row.docstatus == 1 and row.stock_entry for row in entries)
	stock_entries = [row.stock_entry for row in entries]
	assert len(set(stock_entries)) == 50
	logged = sum(
		flt(qty)
		for qty in frappe.get_all(
			"Sales Material Log Item",
			filters={"parent": ("in", names), "item_code": "_NQ Widget"},
			pluck="qty",
		)
	)
	ledger = frappe.get_all(
		"Stock Ledger Entry",
		filters={"voucher_type": "Stock Entry", "voucher_no": ("in", stock_entries), "is_cancelled": 0},
		fields=["actual_qty", "warehouse", "item_code"],
	)
	assert logged == 250  # 50 logs of 5 widgets
	assert len(ledger) == 50 and all(row.warehouse == warehouse for row in ledger)
	assert -sum(flt(row.actual_qty) for row in ledger) == logged
	assert flt(get_stock_balance("_NQ Widget", warehouse)) == balance_before - logged
	bin_qty = flt(
		frappe.db.get_value("Bin", {"item_code": "_NQ Widget", "warehouse": warehouse}, "actual_qty")
	)
	assert bin_qty == balance_before - logged
