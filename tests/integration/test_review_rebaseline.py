"""Reviews survive upgrades (issue 20, point 7): a new fingerprint version is simulated in-test
(`fingerprint.VERSION` bumped), the upgrade's patch re-baselines, and then the stale-approval
guard and the after-submit guard still refuse what they refused before the upgrade — and let
through what was approved and unchanged."""

from __future__ import annotations

from pathlib import Path

import frappe
import pytest

from neiqin.dual_review import fingerprint
from neiqin.dual_review.exceptions import ChangeAfterSubmitError, ReviewRequiredError
from neiqin.dual_review.rebaseline import REBASELINED, rebaseline
from neiqin.dual_review.status import ReviewStatus
from tests.integration import factories
from tests.integration.factories import as_user, make_review_rule, review_as
from tests.integration.test_review_controls import reviewed_order, update_items

NEXT = "v99"
PATCH = "neiqin.patches.v1.rebaseline_review_fingerprints"


@pytest.fixture(scope="module")
def users(base):
	return factories.ensure_review_setup()


@pytest.fixture
def upgraded(monkeypatch):
	"""After this, content is hashed with fingerprint version NEXT (a new neiqin release)."""

	def upgrade():
		monkeypatch.setattr(fingerprint, "VERSION", NEXT)

	return upgrade


def test_the_patch_is_listed_for_the_current_fingerprint_version():
	import neiqin

	lines = (Path(neiqin.__file__).parent / "patches.txt").read_text().splitlines()
	assert f"{PATCH} #{fingerprint.VERSION}" in [line.strip() for line in lines], (
		f"fingerprint {fingerprint.VERSION} has no re-baseline patch line in patches.txt"
	)


def test_after_an_upgrade_and_its_rebaseline_a_reviewed_order_still_refuses_changes(users, upgraded):
	rule, so = reviewed_order(users)
	upgraded()
	assert rebaseline()["documents"] >= 1
	base = frappe.get_all(
		"Review Content Change",
		filters={"reference_name": so.name, "event": REBASELINED},
		fields=["content_hash", "previous_hash", "review_rules"],
	)
	assert len(base) == 1 and base[0].content_hash.startswith(f"{NEXT}:")
	assert base[0].previous_hash.split(":")[0] != NEXT and base[0].review_rules == rule.name
	assert rebaseline()["documents"] == 0  # idempotent
	frappe.db.savepoint("after_upgrade")
	with pytest.raises(ChangeAfterSubmitError, match=rule.title):
		update_items(so, 12)
	frappe.db.rollback(save_point="after_upgrade")
	assert frappe.db.get_value("Sales Order Item", so.items[0].name, "qty") == 10


def test_without_the_rebaseline_a_baseline_of_the_old_version_refuses_every_change(users, upgraded):
	rule, so = reviewed_order(users)
	upgraded()
	frappe.db.savepoint("no_rebaseline")
	with pytest.raises(ChangeAfterSubmitError, match=rule.title):
		update_items(so, 12)
	frappe.db.rollback(save_point="no_rebaseline")


def draft_delivery(users):
	so = factories.make_sales_order(items=[{"item_code": "_NQ Widget", "qty": 10}])
	with as_user(users.clerk):
		return factories.make_delivery_note(so, qty={"_NQ Widget": 2}, submit=False)


def test_a_current_approval_carries_over_and_a_stale_one_does_not(users, upgraded):
	make_review_rule("Delivery Note")
	current, stale = draft_delivery(users), draft_delivery(users)
	for dn in (current, stale):
		review_as(users.reviewer, dn)
	with as_user(users.clerk):  # changed after its approval: that approval is stale
		doc = frappe.get_doc("Delivery Note", stale.name)
		doc.items[0].qty = 1
		doc.save()
	upgraded()
	assert rebaseline()["reviews"] == 1
	assert ReviewStatus(frappe.get_doc("Delivery Note", current.name)).can_submit
	assert not ReviewStatus(frappe.get_doc("Delivery Note", stale.name)).can_submit
	frappe.get_doc("Delivery Note", current.name).submit()
	frappe.db.savepoint("stale")
	with pytest.raises(ReviewRequiredError):
		frappe.get_doc("Delivery Note", stale.name).submit()
	frappe.db.rollback(save_point="stale")
	assert frappe.db.get_value("Delivery Note", stale.name, "docstatus") == 0
