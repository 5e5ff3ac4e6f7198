{% include "neiqin/form_texts.js" %}

frappe.listview_settings["Notification Channel"] = {
	// Select filters in the doctype's words (neiqin/form_texts.js)
	onload: neiqin.form_texts.select_filters_in_context,
};
