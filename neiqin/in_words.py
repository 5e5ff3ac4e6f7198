"""Amounts in words as a Chinese reader expects them: 人民币大写 for CNY when the reader's
language is Chinese, frappe's own words otherwise.

ERPNext stores `in_words` / `base_in_words` in the language of whoever saved the document;
neiqin never changes what is stored (a reviewer's approval does not depend on who saved it). It
rewrites the words for the reader instead: on the form (`onload`, also after each save) and on
every print and PDF (`before_print`), of the Sales Order, Delivery Note and Sales Invoice; its own
prints call `amount_in_words` (a jinja method).
"""

from __future__ import annotations

import frappe
from frappe.utils import flt
from frappe.utils import money_in_words as frappe_money_in_words

from neiqin.rmb_words import AmountOutOfRange, rmb_in_words

CNY = "CNY"
# Simplified Chinese: 大写 with 万/亿/贰/陆 (Traditional Chinese readers keep frappe's words)
CHINESE = ("zh", "zh-CN", "zh-cn", "zh-Hans")


def reads_chinese(lang: str | None = None) -> bool:
	"""Whether the reader (the request's or print's language) reads Simplified Chinese."""
	return (lang or frappe.local.lang or "") in CHINESE


def amount_in_words(amount: float, currency: str | None = None) -> str:
	"""The amount in words for the current reader: 人民币伍仟肆佰元整 for CNY in Chinese."""
	words = _capitals(amount) if currency == CNY and reads_chinese() else None
	return words or frappe_money_in_words(amount, currency)


def _capitals(amount: float) -> str | None:
	try:
		return rmb_in_words(abs(flt(amount)))
	except AmountOutOfRange:
		return None  # beyond 9999万亿: frappe's words stay


def _total(doc, base: bool) -> float:
	"""The total ERPNext puts in words (selling_controller.set_total_in_words)."""
	prefix = "base_" if base else ""
	rounding_disabled = (
		doc.is_rounded_total_disabled()
		if hasattr(doc, "is_rounded_total_disabled")
		else not doc.get(prefix + "rounded_total")
	)
	field = "grand_total" if rounding_disabled else "rounded_total"
	return abs(flt(doc.get(prefix + field)))


def show_in_words(doc, event=None) -> None:
	"""onload / before_print step: the document's amounts in words for the reader (not saved)."""
	if not reads_chinese():
		return
	if doc.meta.get_field("in_words") and doc.get("currency") == CNY:
		doc.in_words = _capitals(_total(doc, base=False)) or doc.in_words
	company_currency = doc.get("company_currency") or (
		doc.get("company") and frappe.get_cached_value("Company", doc.company, "default_currency")
	)
	if doc.meta.get_field("base_in_words") and company_currency == CNY:
		doc.base_in_words = _capitals(_total(doc, base=True)) or doc.base_in_words
