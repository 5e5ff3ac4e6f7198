"""Pure rules of the sales material log: status, transitions, dispatch, lines, returns."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from neiqin.sales_materials import rules
from neiqin.sales_materials.rules import Facts, Problem

TODAY = datetime.date(2026, 11, 27)


def codes(problems):
	return [p.code for p in problems]


# ------------------------------------------------------------------ status


def test_draft_is_requested_until_approved():
	assert rules.derive_status(Facts(docstatus=0)) == "Requested"
	assert rules.derive_status(Facts(docstatus=0, approved=True)) == "Approved"


def test_submitted_status_follows_what_was_recorded():
	assert rules.derive_status(Facts(docstatus=1)) == "Dispatched"
	assert rules.derive_status(Facts(docstatus=1, delivered=True)) == "Delivered"
	assert rules.derive_status(Facts(docstatus=1, delivered=True, confirmed=True)) == "Confirmed"
	assert rules.derive_status(Facts(docstatus=1, confirmed=True, fully_returned=True)) == "Returned"
	assert rules.derive_status(Facts(docstatus=1, lost=True)) == "Lost"
	assert rules.derive_status(Facts(docstatus=2, confirmed=True)) == "Cancelled"


def test_an_approval_means_nothing_once_dispatched():
	assert rules.derive_status(Facts(docstatus=1, approved=True)) == "Dispatched"


@pytest.mark.parametrize("action", rules.ACTIONS)
@pytest.mark.parametrize("status", ["Requested", "Approved"])
def test_nothing_is_recorded_before_dispatch(status, action):
	assert rules.action_problem(status, action) == Problem("not_dispatched", (status, action))


def test_what_each_status_allows():
	assert rules.action_problem("Dispatched", "confirm") is None
	assert rules.action_problem("Delivered", "confirm") is None
	assert rules.action_problem("Confirmed", "return") is None
	assert rules.action_problem("Confirmed", "lose").code == "action_not_allowed"
	assert rules.action_problem("Delivered", "deliver").code == "action_not_allowed"
	for action in rules.ACTIONS:
		assert rules.action_problem("Lost", action).code == "action_not_allowed"
		assert rules.action_problem("Returned", action).code == "action_not_allowed"
		assert rules.action_problem("Cancelled", action).code == "action_not_allowed"


def test_transitions_never_go_back():
	assert rules.transition_problem("Dispatched", "Confirmed") is None
	assert rules.transition_problem("Confirmed", "Confirmed") is None
	assert rules.transition_problem("Confirmed", "Dispatched").code == "transition_not_allowed"
	assert rules.transition_problem("Lost", "Confirmed").code == "transition_not_allowed"
	assert rules.transition_problem("Returned", "Delivered").code == "transition_not_allowed"


ACTION_FACTS = {
	"deliver": {"delivered": True},
	"confirm": {"delivered": True, "confirmed": True},
	"lose": {"lost": True},
	"return": {"fully_returned": True},
}


@given(st.lists(st.sampled_from(rules.ACTIONS), max_size=8))
def test_any_sequence_of_allowed_actions_makes_allowed_transitions(actions):
	"""Recording actions the way the API does (refuse what the status forbids) only ever
	moves the status along the allowed transitions, and ends where the facts say."""
	facts = Facts(docstatus=1)
	status = rules.derive_status(facts)
	for action in actions:
		if rules.action_problem(status, action):
			continue
		changes = dict(ACTION_FACTS[action])
		if action == "return" and facts.fully_returned:
			continue
		facts = Facts(**{**facts.__dict__, **changes})
		new = rules.derive_status(facts)
		assert rules.transition_problem(status, new) is None, (status, action, new)
		status = new
	assert status in rules.STATUSES
	if facts.lost:
		assert status == "Lost"


@given(st.sampled_from(rules.STATUSES), st.sampled_from(rules.STATUSES))
def test_terminal_statuses_stay(old, new):
	if old in ("Lost", "Returned") and new != old:
		assert rules.transition_problem(old, new) is not None


# ------------------------------------------------------------------ kind, lines, dispatch


def test_kinds_need_lines_except_invoices_which_need_the_invoice():
	assert codes(rules.kind_problems("Brochure", False, None)) == ["lines_required"]
	assert rules.kind_problems("Brochure", True, None) == []
	assert codes(rules.kind_problems("Invoice", False, None)) == ["invoice_required"]
	assert rules.kind_problems("Invoice", False, "ACC-SINV-1") == []
	assert codes(rules.kind_problems("Banner", True, None)) == ["unknown_kind"]


@given(st.floats(max_value=0, allow_nan=False))
def test_zero_or_negative_quantities_are_refused(qty):
	problems = rules.line_problems([{"idx": 3, "item_code": "W", "qty": qty, "is_stock_item": 0}])
	assert Problem("non_positive_qty", (3, qty)) in problems


@given(st.floats(min_value=0.001, max_value=1e9, allow_nan=False))
def test_positive_quantities_pass(qty):
	assert (
		rules.line_problems([{"idx": 1, "item_code": "W", "qty": qty, "is_stock_item": 1, "warehouse": "S"}])
		== []
	)


def test_lines_need_an_item_or_a_description_and_stock_needs_a_warehouse():
	problems = rules.line_problems(
		[
			{"idx": 1, "qty": 1, "description": "  "},
			{"idx": 2, "qty": 1, "description": "Contract copy"},
			{"idx": 3, "item_code": "W", "qty": 1, "is_stock_item": 1},
			{"idx": 4, "item_code": "S", "qty": 1, "is_stock_item": 0},
		]
	)
	assert problems == [Problem("line_without_item", (1,)), Problem("warehouse_required", (3, "W"))]


@pytest.mark.parametrize("kind", ["Invoice", "Document"])
def test_invoices_and_documents_are_always_mailed(kind):
	assert "must_be_mailed" in codes(rules.dispatch_problems(kind, "Hand Delivery", "SF", "123", 0))
	assert rules.dispatch_problems(kind, "Registered Mail", "China Post", "EMS1", 0) == []


@given(
	st.sampled_from(rules.KINDS),
	st.sampled_from(rules.DISPATCH_METHODS),
	st.sampled_from([None, "", "SF Express"]),
	st.sampled_from([None, "", "  ", "SF123"]),
)
def test_mailed_dispatch_needs_courier_and_tracking_number(kind, method, courier, tracking):
	problems = codes(rules.dispatch_problems(kind, method, courier, tracking, 0))
	mailed = kind in rules.MAILED_KINDS or method in rules.MAILED_METHODS
	assert ("courier_required" in problems) == (mailed and not courier)
	assert ("tracking_required" in problems) == (mailed and not (tracking or "").strip())


def test_hand_delivered_gifts_need_no_tracking():
	assert rules.dispatch_problems("Gift", "Hand Delivery", None, None, 0) == []
	assert rules.default_dispatch_method("Gift") == "Hand Delivery"
	assert rules.default_dispatch_method("Invoice") == "Courier"


def test_dispatch_refuses_negative_cost_and_future_dates():
	problems = rules.dispatch_problems(
		"Sample", "Courier", "SF", "1", -5, TODAY + datetime.timedelta(days=1), TODAY
	)
	assert codes(problems) == ["negative_shipping_cost", "dispatch_in_future"]


# ------------------------------------------------------------------ returns


def test_returns_cannot_exceed_what_was_sent():
	sent = {"a": (5.0, 2.0), "b": (1.0, 0.0)}
	assert rules.return_problems(sent, {"a": 3}) == []
	assert rules.return_problems(sent, {"a": 4}) == [Problem("return_exceeds_sent", ("a", 4, 3.0))]
	assert codes(rules.return_problems(sent, {"b": 0})) == ["non_positive_return"]
	assert codes(rules.return_problems(sent, {"x": 1})) == ["unknown_line"]
	assert codes(rules.return_problems(sent, {})) == ["nothing_to_return"]


@given(
	st.lists(
		st.tuples(st.integers(1, 100), st.integers(0, 100), st.integers(0, 150)),
		min_size=1,
		max_size=5,
	)
)
def test_accepted_returns_never_exceed_the_sent_quantity(lines):
	sent = {str(i): (float(qty), float(min(done, qty))) for i, (qty, done, _ask) in enumerate(lines)}
	asked = {str(i): float(ask) for i, (_qty, _done, ask) in enumerate(lines)}
	if not rules.return_problems(sent, asked):
		for row, qty in asked.items():
			assert sent[row][1] + qty <= sent[row][0]


def test_fully_returned_means_every_line_came_back():
	assert rules.is_fully_returned([(5, 5), (1, 1)])
	assert not rules.is_fully_returned([(5, 5), (1, 0)])
	assert not rules.is_fully_returned([])


def test_return_lines_are_found_by_name_number_or_unique_item():
	lines = [
		{"name": "r1", "idx": 1, "item_code": "W"},
		{"name": "r2", "idx": 2, "item_code": "G"},
		{"name": "r3", "idx": 3, "item_code": "G"},
	]
	matched, problems = rules.match_return_lines(
		lines, [{"row": "r1", "qty": 1}, {"idx": 2, "qty": "2"}, {"item_code": "W", "qty": 1}]
	)
	assert matched == {"r1": 2.0, "r2": 2.0}
	assert problems == []
	matched, problems = rules.match_return_lines(lines, [{"item_code": "G", "qty": 1}])
	assert matched == {} and codes(problems) == ["unknown_line"]


# ------------------------------------------------------------------ dates and overdue


def test_recorded_dates_come_after_dispatch_and_not_in_the_future():
	dispatched = TODAY - datetime.timedelta(days=3)
	assert rules.record_date_problems(TODAY, dispatched, TODAY) == []
	assert codes(rules.record_date_problems(dispatched - datetime.timedelta(days=1), dispatched, TODAY)) == [
		"date_before_dispatch"
	]
	assert codes(rules.record_date_problems(TODAY + datetime.timedelta(days=1), dispatched, TODAY)) == [
		"date_in_future"
	]


@given(st.integers(0, 60), st.integers(0, 30), st.sampled_from(rules.STATUSES))
def test_overdue_rule_and_query_cutoff_agree(age, days, status):
	dispatched = TODAY - datetime.timedelta(days=age)
	overdue = rules.is_overdue(status, dispatched, TODAY, days)
	assert overdue == (status in rules.OPEN_STATUSES and dispatched < rules.overdue_cutoff(TODAY, days))
	assert overdue == (status in ("Dispatched", "Delivered") and age > days)


def test_neiqin_settings_has_one_approval_check_per_kind_only_a_system_manager_sets():
	import json

	from neiqin.translation_sources import APP_DIR

	meta = json.loads((APP_DIR / "neiqin/doctype/neiqin_settings/neiqin_settings.json").read_text())
	fields = {field["fieldname"]: field for field in meta["fields"]}
	for kind in rules.KINDS:
		field = fields[rules.approval_field(kind)]
		assert (field["fieldtype"], field["label"], field["permlevel"]) == ("Check", kind, 1)
		assert field["fieldname"] in meta["field_order"]
	ticked = {kind for kind in rules.KINDS if fields[rules.approval_field(kind)]["default"] == "1"}
	assert ticked == {"Sample", "Promotional Item", "Gift"}


# ------------------------------------------------------------------ approval need


def test_approval_need_follows_the_items_and_their_value_not_the_label():
	kinds = ("Sample", "Gift")
	assert rules.needs_approval("Sample", [], 0, 500, kinds)
	assert not rules.needs_approval("Brochure", [], 100, 500, kinds)
	# a Brochure log carrying an item of the Sample group is a Sample log for approval
	assert rules.needs_approval("Brochure", ["Sample"], 0, 500, kinds)
	# 40 items at 250 leave stock: 10,000 is above the threshold whatever the kind
	assert rules.needs_approval("Brochure", [], 10000, 500, kinds)
	assert not rules.needs_approval("Brochure", [], 500, 500, kinds)
	assert not rules.needs_approval("Brochure", [], 10000, 0, kinds)  # 0: no threshold
