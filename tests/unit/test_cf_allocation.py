"""How money is attributed to order lines (neiqin/contract_fulfilment/allocation.py)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from neiqin.contract_fulfilment.allocation import (
	AdvanceVoucher,
	Invoice,
	InvoiceLine,
	LedgerEntry,
	Money,
	distribute,
	gross_shares,
	group_paid,
	invoice_groups,
	invoice_money,
	ledger_amount,
	order_advance,
	spread_advance,
)

cents = st.integers(min_value=-(10**9), max_value=10**9).map(lambda c: c / 100)
weights = st.lists(st.integers(min_value=0, max_value=10**6).map(float), min_size=1, max_size=12).filter(
	lambda w: sum(w) > 0
)


def invoice(name, total, lines, return_against=None, base_total=None, currency="CNY", rate=1.0):
	return Invoice(
		name=name,
		total=total,
		base_total=total * rate if base_total is None else base_total,
		conversion_rate=rate,
		currency=currency,
		is_return=total < 0,
		return_against=return_against,
		lines=tuple(
			InvoiceLine(key=f"{name}-{i}", amount=a, qty=q, order_line=o) for i, (o, q, a) in enumerate(lines)
		),
	)


def ple(against, amount, currency="CNY", account_amount=None):
	return LedgerEntry(
		against_voucher=against,
		amount=amount,
		amount_in_account_currency=amount if account_amount is None else account_amount,
		account_currency=currency,
	)


# ----------------------------------------------------------------------------- distribute


@given(total=cents, weights=weights)
def test_distribute_adds_up_exactly_and_stays_within_a_cent_of_pro_rata(total, weights):
	parts = distribute(total, weights)
	assert round(sum(parts), 2) == round(total, 2)
	for part, weight in zip(parts, weights, strict=True):
		assert abs(part - total * weight / sum(weights)) < 0.01 + 1e-9


def test_distribute_hands_leftover_cents_to_the_largest_remainders():
	assert distribute(100, [1, 1, 1]) == [33.34, 33.33, 33.33]
	assert distribute(0.05, [1, 2]) == [0.02, 0.03]
	assert distribute(-100, [1, 1, 1]) == [-33.33, -33.33, -33.34]


def test_distribute_zero_and_refusal():
	assert distribute(0, [0, 0]) == [0.0, 0.0]
	assert distribute(5, []) == []
	with pytest.raises(ValueError):
		distribute(5, [0, 0])


def test_gross_shares_put_taxes_and_discounts_on_the_lines_pro_rata():
	# lines 600 + 400 = 1000 net, 1130 with 13 % VAT
	assert gross_shares(1130, [600, 400]) == [678.0, 452.0]
	# free lines only, but the document has a total (e.g. shipping tax): equal split
	assert gross_shares(10, [0, 0]) == [5.0, 5.0]


# ----------------------------------------------------------------------------- invoices


def test_credit_notes_join_the_group_of_their_invoice():
	a = invoice("SI-1", 100, [("L1", 1, 100)])
	cn = invoice("SI-2", -40, [("L1", -1, -40)], return_against="SI-1")
	standalone = invoice("SI-3", -10, [("L1", -1, -10)], return_against="SI-OLD")
	groups = invoice_groups([a, cn, standalone])
	assert {k: [i.name for i in v] for k, v in groups.items()} == {"SI-1": ["SI-1", "SI-2"], "SI-3": ["SI-3"]}


def test_paid_is_the_total_less_what_the_ledger_still_holds():
	a = invoice("SI-1", 1000, [("L1", 10, 1000)])
	ledger = [ple("SI-1", 1000), ple("SI-1", -300), ple("SI-OTHER", -999)]
	assert group_paid([a], ledger) == Money(300, 300)


def test_a_credit_note_is_not_money_received():
	"""Either way ERPNext books a credit note (against the original or on its own)."""
	si = invoice("SI-1", 1000, [("L1", 10, 1000)])
	cn = invoice("SI-2", -200, [("L1", -2, -200)], return_against="SI-1")
	against_original = [ple("SI-1", 1000), ple("SI-1", -200)]
	on_its_own = [ple("SI-1", 1000), ple("SI-2", -200)]
	for ledger in (against_original, on_its_own):
		money = invoice_money([si, cn], ledger)
		assert money["L1"].invoiced == Money(800, 800)
		assert money["L1"].paid == Money(0, 0)
		assert money["L1"].invoiced_qty == 8


def test_a_refund_on_a_credit_note_counts_negative():
	si = invoice("SI-1", 1000, [("L1", 10, 1000)])
	cn = invoice("SI-2", -200, [("L1", -2, -200)], return_against="SI-1")
	ledger = [ple("SI-1", 1000), ple("SI-1", -1000), ple("SI-2", -200), ple("SI-2", 200)]  # paid, refunded
	assert invoice_money([si, cn], ledger)["L1"].paid == Money(800, 800)


def test_payment_is_spread_over_the_invoice_lines_pro_rata_to_their_net_amount():
	si = invoice("SI-1", 1000, [("L1", 6, 600), ("L2", 4, 400)])
	money = invoice_money([si], [ple("SI-1", 1000), ple("SI-1", -500)])
	assert money["L1"].paid == Money(300, 300)
	assert money["L2"].paid == Money(200, 200)


def test_a_credited_line_weighs_less_in_later_payments():
	si = invoice("SI-1", 1000, [("L1", 5, 500), ("L2", 5, 500)])
	cn = invoice("SI-2", -200, [("L1", -2, -200)], return_against="SI-1")
	money = invoice_money([si, cn], [ple("SI-1", 1000), ple("SI-1", -200), ple("SI-1", -800)])
	assert money["L1"].paid == Money(300, 300)
	assert money["L2"].paid == Money(500, 500)
	assert money["L1"].invoiced == Money(300, 300)


def test_lines_of_other_orders_and_free_lines_keep_their_share():
	"""An invoice for two orders and a line of no order: each gets its part of the money."""
	si = invoice("SI-1", 1000, [("L1", 1, 500), ("OTHER-ORDER-LINE", 1, 300), (None, 1, 200)])
	money = invoice_money([si], [ple("SI-1", 1000), ple("SI-1", -1000)])
	assert money["L1"].paid == Money(500, 500)
	assert money["OTHER-ORDER-LINE"].paid == Money(300, 300)
	assert None not in money


def test_fully_credited_then_paid_money_lands_on_the_credited_lines():
	si = invoice("SI-1", 300, [("L1", 1, 100), ("L2", 2, 200)])
	cn = invoice("SI-2", -300, [("L1", -1, -100), ("L2", -2, -200)], return_against="SI-1")
	money = invoice_money([si, cn], [ple("SI-1", 300), ple("SI-1", -300), ple("SI-1", -300)])
	# 300 received, nothing invoiced any more: the customer has a credit of 300
	assert money["L1"].paid.amount + money["L2"].paid.amount == 300
	assert money["L1"].invoiced.amount == 0


def test_taxes_are_part_of_the_invoiced_and_paid_amounts():
	si = invoice("SI-1", 1130, [("L1", 10, 1000)])
	money = invoice_money([si], [ple("SI-1", 1130), ple("SI-1", -1130)])
	assert money["L1"].invoiced == Money(1130, 1130)
	assert money["L1"].paid == Money(1130, 1130)


def test_foreign_currency_uses_the_account_amount_or_converts_the_company_amount():
	usd = LedgerEntry("SI-1", amount=-700, amount_in_account_currency=-100, account_currency="USD")
	assert ledger_amount(usd, "USD", 7.0) == Money(-100, -700)
	company_account = LedgerEntry(
		"SI-1", amount=-700, amount_in_account_currency=-700, account_currency="CNY"
	)
	assert ledger_amount(company_account, "USD", 7.0) == Money(-100, -700)


@given(
	amounts=st.lists(st.integers(min_value=1, max_value=10**6), min_size=1, max_size=6),
	paid_cents=st.integers(min_value=0, max_value=10**8),
)
def test_line_payments_add_up_to_the_money_received(amounts, paid_cents):
	lines = [(f"L{i}", 1, float(a)) for i, a in enumerate(amounts)]
	total = float(sum(amounts))
	si = invoice("SI-1", total, lines)
	paid = paid_cents / 100
	money = invoice_money([si], [ple("SI-1", total), ple("SI-1", -paid)])
	assert round(sum(m.paid.amount for m in money.values()), 2) == round(paid, 2)
	assert round(sum(m.invoiced.amount for m in money.values()), 2) == round(total, 2)


# ----------------------------------------------------------------------------- advances


def test_advance_is_what_the_payment_assigns_to_the_order_while_unallocated():
	voucher = AdvanceVoucher("PE-1", for_order=500, ledger=(ple("PE-1", -500),))
	assert order_advance([voucher], "CNY", 1.0) == Money(500, 500)


def test_advance_is_limited_by_the_unallocated_money_and_shared_pro_rata():
	# 600 assigned to two orders (400 ours, 200 theirs) but only 300 still unallocated
	voucher = AdvanceVoucher("PE-1", for_order=400, for_other_orders=200, ledger=(ple("PE-1", -300),))
	assert order_advance([voucher], "CNY", 1.0) == Money(200, 200)


def test_allocated_advance_is_no_longer_an_advance():
	voucher = AdvanceVoucher("PE-1", for_order=500, ledger=())
	assert order_advance([voucher], "CNY", 1.0) == Money()


def test_advance_spreads_over_lines_pro_rata_to_ordered_amounts():
	parts = spread_advance(Money(100, 700), [Money(300, 2100), Money(100, 700)])
	assert parts == [Money(75, 525), Money(25, 175)]
