{% include "neiqin/form_texts.js" %}

frappe.listview_settings["Document Review"] = {
	// Select filters in the doctype's words (neiqin/form_texts.js)
	onload: neiqin.form_texts.select_filters_in_context,
	// Select columns in the doctype's words (neiqin/form_texts.js)
	formatters: neiqin.form_texts.select_columns_in_context("Document Review"),
};
