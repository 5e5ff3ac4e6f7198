"""neiqin's zh.csv must not change how the rest of the desk reads.

Frappe merges every app's translations into one dictionary, and neiqin's file is read after
frappe's and ERPNext's: an entry for a string they already translate would silently replace
their wording everywhere ("Draft", "Sales Invoice" …). So such entries must agree with them.
"""

from frappe.translate import get_translations_from_apps

from neiqin.translation_sources import read_translations


def test_zh_entries_agree_with_frappe_and_erpnext():
	theirs = get_translations_from_apps("zh", apps=["frappe", "erpnext"])
	ours = read_translations("zh")
	conflicts = {
		source: (mine, theirs[source]) for source, mine in ours.items() if theirs.get(source, mine) != mine
	}
	assert not conflicts, "zh.csv overrides frappe/ERPNext wording (source: (ours, theirs)):\n" + "\n".join(
		f"  {source!r}: {pair}" for source, pair in sorted(conflicts.items())
	)


def test_the_material_log_keeps_its_own_words_without_changing_erpnexts():
	import frappe

	frappe.local.lang = "zh"
	assert frappe._("Requested", context="Sales Material Log") == "已申请"
	assert frappe._("Invoice", context="Sales Material Log") == "发票"
	theirs = get_translations_from_apps("zh", apps=["frappe", "erpnext"])
	assert frappe._("Requested") == theirs["Requested"]
	assert frappe._("Invoice") == theirs["Invoice"]


def test_the_courier_company_and_the_dispatch_method_courier_read_apart():
	"""The log's carrier (a Supplier) is 快递公司, its dispatch method Courier is 快递."""
	import frappe

	meta = frappe.get_meta("Sales Material Log")
	assert meta.get_field("courier").label == "Courier Company"
	assert "Courier" in meta.get_field("dispatch_method").options.split("\n")
	frappe.local.lang = "zh"
	try:
		assert frappe._("Courier Company", context="Sales Material Log") == "快递公司"
		assert frappe._("Courier", context="Sales Material Log") == "快递"
	finally:
		frappe.local.lang = "en"
