"""neiqin/overrides: one module per ERPNext doctype lists every neiqin step that runs on it;
hooks.py wires exactly those events, and the review gate runs once per event."""

import importlib
import pkgutil

import frappe
import pytest

import neiqin.overrides
from neiqin.dual_review import gate as review_gate
from neiqin.dual_review.exceptions import ReviewRequiredError
from neiqin.overrides import every_doctype, steps
from tests.integration import factories
from tests.integration.factories import make_review_rule, review_as


def override_modules():
	for info in pkgutil.iter_modules(neiqin.overrides.__path__):
		module = importlib.import_module(f"neiqin.overrides.{info.name}")
		if getattr(module, "STEPS", None) is not None and info.name != "every_doctype":
			yield info.name, module


def test_hooks_wire_exactly_the_events_each_override_module_lists():
	hooks = frappe.get_hooks("doc_events", app_name="neiqin")
	by_path = {
		(doctype, event): paths for doctype, events in hooks.items() for event, paths in events.items()
	}
	checked = []
	doctypes = {frappe.scrub(doctype): doctype for doctype in hooks}
	for name, module in override_modules():
		doctype = doctypes.get(name, frappe.unscrub(name))
		path = f"neiqin.overrides.{name}.run"
		wired = {event for (dt, event), paths in by_path.items() if dt == doctype and path in paths}
		assert wired == set(module.STEPS), (doctype, wired ^ set(module.STEPS))
		checked.append(doctype)
	assert {"Delivery Note", "Sales Invoice", "Sales Order", "POS Invoice"} <= set(checked)
	assert set(every_doctype.STEPS) == {e for (dt, e), p in by_path.items() if dt == "*"}


def test_the_delivery_note_lists_gate_qualification_floor_consumption_and_fulfilment_in_order():
	from neiqin.documents_back import receipts as signed_receipts
	from neiqin.overrides import delivery_note
	from neiqin.sales_compliance import events as compliance

	assert delivery_note.STEPS["before_submit"][:3] == [
		review_gate.before_submit,
		compliance.check_qualifications,
		compliance.hold_price_floor,
	]
	assert delivery_note.STEPS["on_submit"][:5] == [
		review_gate.on_submit,
		compliance.check_qualifications,  # again only when before_submit was skipped
		compliance.hold_price_floor,
		compliance.recompute_promotions,
		delivery_note.refresh_contract_fulfilment,
	]
	# documents back: the signed receipt is made once the delivery stands
	assert delivery_note.STEPS["on_submit"][5:] == [signed_receipts.make_receipt]
	assert steps.lists("Delivery Note", "before_submit", review_gate.before_submit)
	assert not steps.lists("Stock Entry", "before_submit", review_gate.before_submit)
	assert steps.steps_of("ToDo") == {}


@pytest.fixture
def enforce_calls(monkeypatch):
	"""Every document the gate's verdict is asked for (once per before_submit and on_submit of
	each submittable document, ledger entries included)."""
	calls = []
	original = review_gate.enforce

	def counting(doc):
		calls.append((doc.doctype, doc.name))
		return original(doc)

	monkeypatch.setattr(review_gate, "enforce", counting)
	return calls


def test_the_review_gate_runs_once_per_event_on_a_doctype_that_lists_it(base, enforce_calls):
	users = factories.ensure_review_setup()
	make_review_rule("Delivery Note")
	so = factories.make_sales_order(items=[{"item_code": "_NQ Widget", "qty": 10}])
	with factories.as_user(users.clerk):
		dn = factories.make_delivery_note(so, qty={"_NQ Widget": 2}, submit=False)
	review_as(users.reviewer, dn)
	dn.reload()
	dn.submit()
	assert [call for call in enforce_calls if call[0] == "Delivery Note"] == [("Delivery Note", dn.name)] * 2


def test_the_review_gate_still_runs_from_every_doctype_elsewhere(base, enforce_calls):
	make_review_rule("Sales Material Log")
	log = factories.make_material_log(submit=False)
	with pytest.raises(ReviewRequiredError):
		log.submit()
	assert [call for call in enforce_calls if call[0] == "Sales Material Log"] == [
		("Sales Material Log", log.name)
	]
