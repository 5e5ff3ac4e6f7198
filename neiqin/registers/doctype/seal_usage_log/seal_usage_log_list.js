{% include "neiqin/form_texts.js" %}

frappe.listview_settings["Seal Usage Log"] = {
	// Select filters in the doctype's words (neiqin/form_texts.js)
	onload: neiqin.form_texts.select_filters_in_context,
	// Select columns in the doctype's words (neiqin/form_texts.js)
	formatters: neiqin.form_texts.select_columns_in_context("Seal Usage Log"),
	add_fields: ["status"],
	has_indicator_for_draft: true,
	get_indicator(doc) {
		const colors = { Requested: "orange", Used: "green", Cancelled: "red" };
		return [__(doc.status, null, "Seal Usage Log"), colors[doc.status] || "gray", `status,=,${doc.status}`];
	},
};
