"""人民币大写: an amount in Chinese capital numerals, as on a Chinese invoice, cheque or contract.

Pure (no frappe). The rules are those of 《正确填写票据和结算凭证的基本规定》: 壹拾 (never a bare
拾), one 零 for a run of zeros inside the number, 整 after 元 when there are no 角 or 分, no 整
after 角 or 分, and 零 between 元 and 分 when there is no 角.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

DIGITS = "零壹贰叁肆伍陆柒捌玖"
PLACES = ("", "拾", "佰", "仟")  # within a group of four digits
GROUPS = ("", "万", "亿", "万亿")  # of the groups of four digits, lowest first
PREFIX = "人民币"
LARGEST = Decimal(10) ** (4 * len(GROUPS)) - Decimal("0.01")


class AmountOutOfRange(ValueError):
	"""The amount has no 大写 (more than 9999万亿 or not a number)."""


def rmb_in_words(amount: float | int | str | Decimal) -> str:
	"""人民币… for `amount` rounded to the 分 (half up): 0 → 人民币零元整, 10005.3 → 人民币壹万零伍元叁角.

	A negative amount is written with 负 after 人民币."""
	try:
		value = Decimal(str(amount)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
	except InvalidOperation as error:
		raise AmountOutOfRange(amount) from error
	if not value.is_finite() or abs(value) > LARGEST:
		raise AmountOutOfRange(amount)
	sign = "负" if value < 0 else ""
	cents = int(abs(value) * 100)
	yuan, jiao, fen = cents // 100, cents // 10 % 10, cents % 10
	return PREFIX + sign + _words(yuan, jiao, fen)


def _words(yuan: int, jiao: int, fen: int) -> str:
	if not yuan and not jiao and not fen:
		return "零元整"
	text = ""
	if yuan:
		text = _integer(yuan) + "元"
		if not jiao and not fen:
			return text + "整"
		if not jiao:
			return text + "零" + DIGITS[fen] + "分"
	if jiao:
		text += DIGITS[jiao] + "角"
	if fen:
		text += DIGITS[fen] + "分"
	return text


def _integer(number: int) -> str:
	"""A positive whole number in capitals: 1000005 → 壹佰万零伍."""
	groups = []
	while number:
		groups.append(number % 10000)
		number //= 10000
	text, zero_pending = "", False
	for index in range(len(groups) - 1, -1, -1):
		group = groups[index]
		if not group:
			zero_pending = bool(text)
			continue
		if text and (zero_pending or group < 1000):
			text += "零"
		text += _group(group) + GROUPS[index]
		zero_pending = False
	return text


def _group(number: int) -> str:
	"""1 to 9999 in capitals, without leading 零: 1005 → 壹仟零伍, 10 → 壹拾."""
	text, zero_pending = "", False
	for place in range(3, -1, -1):
		digit = number // 10**place % 10
		if not digit:
			zero_pending = bool(text)
			continue
		if zero_pending:
			text += "零"
			zero_pending = False
		text += DIGITS[digit] + PLACES[place]
	return text
