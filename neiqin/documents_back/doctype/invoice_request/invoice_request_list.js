{% include "neiqin/form_texts.js" %}

frappe.listview_settings["Invoice Request"] = {
	// Select filters in the doctype's words (neiqin/form_texts.js)
	onload: neiqin.form_texts.select_filters_in_context,
	formatters: neiqin.form_texts.select_columns_in_context("Invoice Request"),
	add_fields: ["status", "needed_by"],
	get_indicator(doc) {
		const colours = { Requested: "orange", "To Invoice": "blue", Invoiced: "green", Cancelled: "gray" };
		return [__(doc.status, null, "Invoice Request"), colours[doc.status] || "gray", `status,=,${doc.status}`];
	},
};
