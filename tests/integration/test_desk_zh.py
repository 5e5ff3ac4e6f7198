"""The zh desk reads neiqin's words where ERPNext has other ones (docs/glossary.md)."""

import frappe
from frappe.translate import get_translated_doctypes

from neiqin.contract_fulfilment.printing import OLD_NAME, PRINT_FORMAT
from tests.integration.factories import zh


def test_the_statement_prints_by_its_chinese_name_and_print_format_names_are_names():
	"""frappe's print picker shows a print format's name and prints with what it shows: the
	statement is named in Chinese, and names are not translated (a translated one named no print
	format and printed the standard one)."""
	assert frappe.get_meta("Contract Fulfilment").default_print_format == PRINT_FORMAT == "合同履行一览表"
	assert frappe.db.get_value("Print Format", PRINT_FORMAT, "doc_type") == "Contract Fulfilment"
	assert not frappe.db.exists("Print Format", OLD_NAME)
	assert "Print Format" not in get_translated_doctypes()


def test_the_patch_merges_the_old_print_format_into_the_new_one():
	from neiqin.patches.v1 import rename_statement_print_format

	old = frappe.copy_doc(frappe.get_doc("Print Format", PRINT_FORMAT))
	old.name = old.__newname = OLD_NAME
	# (a standard one is written only in developer mode; a custom one needs its HTML)
	old.update({"standard": "No", "custom_format": 1, "html": "<div>{{ doc.name }}</div>"})
	old.insert(ignore_permissions=True, ignore_if_duplicate=True)
	frappe.make_property_setter(
		{
			"doctype": "Print Format",
			"doctype_or_field": "DocType",
			"property": "translated_doctype",
			"value": "1",
		},
		is_system_generated=True,
	)
	try:
		rename_statement_print_format.execute()
		assert not frappe.db.exists("Print Format", OLD_NAME)
		assert frappe.db.exists("Print Format", PRINT_FORMAT)
		assert not frappe.db.exists(
			"Property Setter", {"doc_type": "Print Format", "property": "translated_doctype"}
		)
	finally:
		frappe.db.rollback()


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
