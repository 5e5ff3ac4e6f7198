"""Stored texts are shown in the reader's language (neiqin.stored_text, no frappe)."""

import json

from neiqin import stored_text
from neiqin.stored_text import render, text

ZH = {
	"The reviewed content changed: {0}": "已复核的内容发生了变化：{0}",
	"{0} in {1}": "{1}中的{0}",
	"Quantity": "数量",
	"Items": "明细",
	"Customer": "客户",
}


def zh(message: str) -> str:
	return ZH.get(message, message)


def english(message: str) -> str:
	return message


REASON = text(
	"The reviewed content changed: {0}",
	[text("{0} in {1}", text("Quantity"), text("Items")), text("Customer"), text("Customer")],
)


def test_a_stored_reason_reads_in_each_readers_language():
	assert render(REASON, english) == "The reviewed content changed: Quantity in Items, Customer"
	assert render(REASON, zh) == "已复核的内容发生了变化：明细中的数量, 客户"


def test_a_stored_text_survives_the_database_as_json():
	stored = stored_text.dumps(REASON)
	assert stored_text.is_stored(stored)
	assert render(json.loads(stored), zh) == render(REASON, zh)


def test_data_arguments_are_shown_as_given_not_translated():
	assert render(text("Reviews by {0} were voided. {1}", "Customer", text("Customer")), zh) == (
		"Reviews by Customer were voided. 客户"
	)


def test_other_text_is_not_taken_for_a_stored_text():
	assert not stored_text.is_stored("The document was deleted.")
	assert not stored_text.is_stored(None)
	assert stored_text.show("单据已被删除。") == "单据已被删除。"
	assert stored_text.show(None) == ""


def test_a_list_of_texts_is_stored_and_shown_too():
	changes = [text("{0} in {1}", text("Quantity"), text("Items")), text("Customer")]
	stored = stored_text.dumps(changes)
	assert stored_text.is_stored(stored)
	assert render(json.loads(stored), zh) == "明细中的数量, 客户"


def test_bold_dates_and_joiners_render_for_the_reader():
	fact = text(
		"The {1} of {0} expired on {2}.",
		stored_text.bold("ACME"),
		stored_text.bold(text("Customer")),
		stored_text.day("2026-11-30"),
	)
	note = stored_text.joined("<br>", [text("Customer"), fact])
	shown = render(note, zh, format_date=lambda iso: iso.replace("-", "/"))
	assert shown == "客户<br>The <strong>客户</strong> of <strong>ACME</strong> expired on 2026/11/30."
