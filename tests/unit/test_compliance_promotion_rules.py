"""Which approval covers a line, consumption maths, exhaustion and overlap (pure rules)."""

from datetime import date

from neiqin.sales_compliance import promotion_rules as rules

DAY = date(2026, 6, 15)
PARTY = [("customer", "C1"), ("customer_group", "Pharma"), ("customer_group", "All"), ("territory", "East")]
WIDGET = [("item", "W"), ("item_group", "Tools"), ("item_group", "All Items")]


def approval(**values):
	defaults = dict(
		name="PA1",
		valid_from=date(2026, 6, 1),
		valid_to=date(2026, 6, 30),
		party=("customer", "C1"),
		budget_amount=1000.0,
		lines=(rules.ApprovalLine("L1", item_code="W", promo_rate=80.0, max_qty=50),),
	)
	return rules.Approval(**{**defaults, **values})


def line(rate=80.0, qty=10.0, list_rate=100.0, approval="PA1"):
	return rules.Line(1, "W", rate, list_rate, qty, rules.given_away(list_rate, rate, qty), approval)


def test_an_active_matching_approval_covers_the_line():
	assert rules.coverage_problem(approval(), line(), DAY, PARTY, WIDGET) is None


def test_each_reason_an_approval_does_not_cover_a_line():
	check = lambda a, ln=None: rules.coverage_problem(a, ln or line(), DAY, PARTY, WIDGET)  # noqa: E731
	assert check(None).kind == "no_approval"
	assert check(approval(docstatus=0)).kind == "not_submitted"
	assert check(approval(valid_from=date(2026, 6, 16))) == rules.Reason("not_yet_valid", date(2026, 6, 16))
	assert check(approval(valid_to=date(2026, 6, 14))) == rules.Reason("expired", date(2026, 6, 14))
	assert check(approval(party=("customer", "C2"))).kind == "other_party"
	assert check(approval(party=("territory", "West"))).kind == "other_party"
	assert check(approval(party=("customer_group", "Pharma"))) is None
	assert check(approval(party=None)) is None
	assert (
		check(approval(lines=(rules.ApprovalLine("L1", item_code="G", promo_rate=1),))).kind == "other_item"
	)
	assert check(approval(), line(rate=79.99)) == rules.Reason("rate_below", 80.0)
	unpriced = rules.Line(1, "W", 80.0, 0.0, 10.0, 0.0, "PA1", unpriced=True)
	assert check(None, unpriced).kind == "unpriced"
	assert check(approval(), unpriced) is None  # the approval names a rate for the item
	by_discount = approval(lines=(rules.ApprovalLine("L1", item_code="W", discount_percentage=20),))
	assert check(by_discount, unpriced).kind == "unpriced"  # a discount of nothing approves nothing
	assert check(approval(budget_amount=150.0)) == rules.Reason("budget", 150.0)  # gives away 200
	assert check(approval(consumed_amount=900.0)) == rules.Reason("budget", 100.0)
	assert check(approval(), line(qty=51, rate=99)) == rules.Reason("max_qty", 50.0)


def test_item_group_lines_and_discounts():
	by_group = approval(lines=(rules.ApprovalLine("L1", item_group="Tools", discount_percentage=10),))
	assert rules.coverage_problem(by_group, line(rate=90), DAY, PARTY, WIDGET) is None
	assert rules.coverage_problem(by_group, line(rate=89), DAY, PARTY, WIDGET).kind == "rate_below"
	both = approval(
		lines=(
			rules.ApprovalLine("G", item_group="Tools", discount_percentage=50),
			rules.ApprovalLine("I", item_code="W", promo_rate=95),
		)
	)
	assert rules.matching_line(both, WIDGET).name == "I"  # the item's own line wins


def test_lines_of_one_document_share_the_budget_and_quantity():
	lines = [rules.Line(i, "W", 80.0, 100.0, 20.0, 400.0, "PA1") for i in (1, 2, 3)]
	problems = rules.uncovered(lines, {"PA1": approval()}, DAY, PARTY, {"W": WIDGET})
	# 400 + 400 fit the 1000 budget; the third would take it to 1200 (and qty 60 > 50)
	assert [(ln.idx, reason) for ln, reason in problems] == [(3, rules.Reason("budget", 200.0))]
	assert rules.uncovered([line(approval=None)], {}, DAY, PARTY, {})[0][1].kind == "no_approval"


def used(source, qty, document="D", **values):
	return rules.UsedLine(source, "L1", qty, qty * 20, document=document, **values)


def test_consumption_counts_each_good_once():
	dn = used("Delivery Note", 6, order_line="SO1")
	ret = used("Delivery Note", -2, order_line="SO1")
	si_from_dn = used("Sales Invoice", 6, order_line="SO1", delivery_line="DN1")
	assert rules.consumption([dn, ret, si_from_dn]) == {"L1": (4, 80)}
	# an invoice without delivery counts itself, until the delivery catches up
	si = used("Sales Invoice", 10, order_line="SO2")
	assert rules.consumption([si]) == {"L1": (10, 200)}
	assert rules.consumption([si, used("Delivery Note", 4, order_line="SO2")]) == {"L1": (10, 200)}
	assert rules.consumption([si, used("Delivery Note", 10, order_line="SO2")]) == {"L1": (10, 200)}
	# a delivery made from an invoice is counted by the invoice
	assert rules.consumption([si, used("Delivery Note", 10, invoice_line="SI1")]) == {"L1": (10, 200)}
	# an invoice that updates stock is a delivery
	direct = used("Sales Invoice", 3, update_stock=True, delivery_line=None)
	assert rules.consumption([direct, used("Delivery Note", 2)]) == {"L1": (5, 100)}
	assert rules.consumption([]) == {}


def test_exhaustion_and_status():
	assert rules.is_exhausted(1000, 1000, [(0, 0)])
	assert not rules.is_exhausted(1000, 999.99, [(0, 0)])
	assert rules.is_exhausted(1000, 10, [(5, 5), (2, 3)])
	assert not rules.is_exhausted(1000, 10, [(5, 5), (0, 3)])  # a line without limit
	assert rules.status(0, None, DAY, False) == rules.DRAFT
	assert rules.status(2, None, DAY, True) == rules.CANCELLED
	assert rules.status(1, date(2026, 6, 30), DAY, True) == rules.EXHAUSTED
	assert rules.status(1, date(2026, 6, 14), DAY, False) == rules.EXPIRED
	assert rules.status(1, DAY, DAY, False) == rules.ACTIVE


def test_overlap_of_parties_items_and_dates():
	lineage = {
		("customer", "C1"): PARTY,
		("item", "W"): WIDGET,
		("customer_group", "Pharma"): [("customer_group", "Pharma"), ("customer_group", "All")],
		("item_group", "Tools"): [("item_group", "Tools"), ("item_group", "All Items")],
	}
	mine = approval(name="NEW")
	same = approval(name="OLD")
	assert [a.name for a, _line in rules.overlapping(mine, [same], lineage)] == ["OLD"]
	later = approval(name="LATER", valid_from=date(2026, 7, 1), valid_to=date(2026, 7, 31))
	other_customer = approval(name="C2", party=("customer", "C2"))
	other_item = approval(name="G", lines=(rules.ApprovalLine("X", item_code="G", promo_rate=1),))
	stacking = approval(name="S", allow_stacking=True)
	assert rules.overlapping(mine, [later, other_customer, other_item, stacking], lineage) == []
	group_wide = approval(
		name="GROUP",
		party=("customer_group", "Pharma"),
		lines=(rules.ApprovalLine("Y", item_group="Tools", discount_percentage=5),),
	)
	assert len(rules.overlapping(mine, [group_wide], lineage)) == 1
	assert rules.overlapping(approval(name="NEW", allow_stacking=True), [same], lineage) == []
	assert rules.scopes_overlap(("customer_group", "Pharma"), ("territory", "East"), lineage)
	assert not rules.scopes_overlap(("customer", "C2"), ("customer", "C1"), lineage)


def test_an_approval_must_be_valid_on_the_documents_date_and_on_the_day_goods_leave():
	"""Back-dating revives no approval: the document's date and today are both judged."""
	expired = approval(valid_from=date(2026, 6, 1), valid_to=date(2026, 6, 14))
	assert rules.coverage_problem(expired, line(), date(2026, 6, 10), PARTY, WIDGET) is None
	back_dated = (date(2026, 6, 10), date(2026, 6, 20))
	assert rules.coverage_problem(expired, line(), back_dated, PARTY, WIDGET) == rules.Reason(
		"expired", date(2026, 6, 14)
	)
	later = approval(valid_from=date(2026, 6, 15), valid_to=date(2026, 6, 30))
	assert rules.dates_problem(later, back_dated) == rules.Reason("not_yet_valid", date(2026, 6, 15))
	assert not rules.applies(expired, back_dated, PARTY, WIDGET)
