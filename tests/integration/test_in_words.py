"""人民币大写: a Chinese reader sees CNY amounts in capital numerals on the Sales Order, Delivery
Note and Sales Invoice (form and print) and on neiqin's prints; an English reader keeps
ERPNext's words, and what is stored does not depend on who saved it."""

import frappe
import pytest
from frappe.desk.form.load import getdoc

from neiqin.contract_fulfilment.live import flush
from neiqin.contract_fulfilment.printing import PRINT_FORMAT
from tests.integration import factories

WORDS = "人民币伍仟肆佰元整"


def documents(base):
	"""A submitted order of 5,400 (54 widgets at 100), its delivery and its invoice."""
	order = factories.make_sales_order(items=[{"item_code": base.widget, "qty": 54}])
	delivery = factories.make_delivery_note(order)
	invoice = factories.make_sales_invoice(delivery)
	return {"Sales Order": order, "Delivery Note": delivery, "Sales Invoice": invoice}


def read_form(doctype, name, lang):
	frappe.local.lang = lang
	try:
		getdoc(doctype, name)
		return frappe.response.docs[-1]
	finally:
		frappe.local.lang = "en"


def read_print(doctype, name, lang):
	frappe.local.lang = lang
	try:
		return frappe.get_print(doctype, name, print_format="Standard")
	finally:
		frappe.local.lang = "en"


def test_form_shows_capitals_to_a_chinese_reader_and_words_to_an_english_one(base):
	for doctype, doc in documents(base).items():
		assert doc.rounded_total == 5400, doctype
		stored = frappe.db.get_value(doctype, doc.name, ["in_words", "base_in_words"], as_dict=True)
		assert "Five Thousand" in stored.in_words, doctype  # saved by an English user: unchanged

		chinese = read_form(doctype, doc.name, "zh")
		assert (chinese.in_words, chinese.base_in_words) == (WORDS, WORDS), doctype
		english = read_form(doctype, doc.name, "en")
		assert english.in_words == stored.in_words, doctype
		# reading never writes
		assert frappe.db.get_value(doctype, doc.name, "in_words") == stored.in_words


@pytest.mark.parametrize("doctype", ["Sales Order", "Delivery Note", "Sales Invoice"])
def test_print_shows_capitals_in_chinese(base, doctype):
	doc = documents(base)[doctype]
	# the standard print shows the words where ERPNext prints them; a custom print format
	# reads the same `doc.in_words`
	template = "{{ doc.in_words }} / {{ doc.base_in_words }}"
	frappe.local.lang = "zh"
	try:
		doc.run_method("before_print", frappe._dict())
		assert frappe.render_template(template, {"doc": doc}) == f"{WORDS} / {WORDS}"
	finally:
		frappe.local.lang = "en"
	if doctype == "Sales Order":  # the only one of the three whose standard print shows in_words
		assert WORDS in read_print(doctype, doc.name, "zh")
		english = read_print(doctype, doc.name, "en")
		assert WORDS not in english and "Five Thousand" in english


def test_other_currencies_and_english_readers_keep_frappes_words():
	frappe.local.lang = "zh"
	try:
		render = frappe.render_template
		assert render("{{ amount_in_words(10005.3, 'CNY') }}", {}) == "人民币壹万零伍元叁角"
		assert "人民币" not in render("{{ amount_in_words(10005.3, 'USD') }}", {})
	finally:
		frappe.local.lang = "en"
	assert "人民币" not in frappe.render_template("{{ amount_in_words(10005.3, 'CNY') }}", {})


def test_contract_fulfilment_print_has_the_total_in_capitals(base):
	order = factories.make_sales_order(items=[{"item_code": base.widget, "qty": 54}])
	flush()  # what the commit does before the user opens the print view
	frappe.local.lang = "zh"
	try:
		printed = frappe.get_print("Contract Fulfilment", order.name, print_format=PRINT_FORMAT)
	finally:
		frappe.local.lang = "en"
	assert WORDS in printed and "大写金额" in printed
