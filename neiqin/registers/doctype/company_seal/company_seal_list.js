{% include "neiqin/form_texts.js" %}

frappe.listview_settings["Company Seal"] = {
	// Select filters in the doctype's words (neiqin/form_texts.js)
	onload: neiqin.form_texts.select_filters_in_context,
	add_fields: ["disabled"],
	get_indicator(doc) {
		return doc.disabled
			? [__("Disabled"), "gray", "disabled,=,1"]
			: [__("Enabled"), "green", "disabled,=,0"];
	},
};
