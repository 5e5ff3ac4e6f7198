"""The zh desk reads neiqin's words where ERPNext has other ones (docs/glossary.md)."""

import frappe
from frappe.translate import get_translated_doctypes

from tests.integration.factories import zh


def test_the_print_format_picker_shows_print_format_names_in_the_readers_language():
	assert "Print Format" in get_translated_doctypes()
	assert zh("Contract Fulfilment") == "合同履行"


def test_labels_and_options_of_neiqin_doctypes_use_the_glossary_words():
	assert zh("Delivered", "Sales Material Log") == "已送达"
	assert zh("Dispatch", "Sales Material Log") == "寄出"
	assert zh("Sample", "Sales Material Log") == "样品"
	assert zh("Requested", "Sales Material Log") == "已申请"
	assert zh("Confirmed", "Sales Material Log") == "已确认签收"
	assert zh("Invoiced Amount", "Contract Fulfilment Item") == "已开票金额"
	assert zh("Outstanding Amount", "Contract Fulfilment") == "未收金额"
	assert zh("Rejected", "Document Review") == "已驳回"
	# ERPNext's own screens keep ERPNext's words
	assert zh("Delivered") == frappe.get_attr("frappe.translate.get_translations_from_apps")(
		"zh", apps=["frappe", "erpnext"]
	).get("Delivered", zh("Delivered"))
