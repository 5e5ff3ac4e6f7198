"""人民币大写 over a table of amounts (the rules of 《正确填写票据和结算凭证的基本规定》)."""

from decimal import Decimal

import pytest

from neiqin.rmb_words import AmountOutOfRange, rmb_in_words


@pytest.mark.parametrize(
	("amount", "words"),
	[
		(0, "人民币零元整"),
		(0.05, "人民币伍分"),
		(0.5, "人民币伍角"),
		(0.55, "人民币伍角伍分"),
		(10, "人民币壹拾元整"),
		(15, "人民币壹拾伍元整"),
		(105.30, "人民币壹佰零伍元叁角"),
		(1.05, "人民币壹元零伍分"),
		(5400, "人民币伍仟肆佰元整"),
		(10005.3, "人民币壹万零伍元叁角"),
		(1680.32, "人民币壹仟陆佰捌拾元叁角贰分"),
		(100000, "人民币壹拾万元整"),
		(107000.53, "人民币壹拾万柒仟元伍角叁分"),
		(1000005, "人民币壹佰万零伍元整"),
		(1010101, "人民币壹佰零壹万零壹佰零壹元整"),
		(100000000, "人民币壹亿元整"),
		(100000005, "人民币壹亿零伍元整"),
		(100010000, "人民币壹亿零壹万元整"),
		(120000000000, "人民币壹仟贰佰亿元整"),
		(1000000000000, "人民币壹万亿元整"),
		("2.675", "人民币贰元陆角捌分"),  # half up to the 分
		(Decimal("9.999"), "人民币壹拾元整"),
		(-10, "人民币负壹拾元整"),
	],
)
def test_amount_in_capitals(amount, words):
	assert rmb_in_words(amount) == words


@pytest.mark.parametrize("amount", ["ten", "nan", 10**16])
def test_no_words_for_what_is_not_an_amount_or_too_large(amount):
	with pytest.raises(AmountOutOfRange):
		rmb_in_words(amount)
