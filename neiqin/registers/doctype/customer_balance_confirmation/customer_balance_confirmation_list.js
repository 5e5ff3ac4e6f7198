{% include "neiqin/form_texts.js" %}

frappe.listview_settings["Customer Balance Confirmation"] = {
	// Select filters in the doctype's words (neiqin/form_texts.js)
	onload: neiqin.form_texts.select_filters_in_context,
	// Select columns in the doctype's words (neiqin/form_texts.js)
	formatters: neiqin.form_texts.select_columns_in_context("Customer Balance Confirmation"),
	add_fields: ["status"],
	get_indicator(doc) {
		const colors = { Draft: "gray", Sent: "blue", Confirmed: "green", Disputed: "red" };
		return [
			__(doc.status, null, "Customer Balance Confirmation"),
			colors[doc.status] || "gray",
			`status,=,${doc.status}`,
		];
	},
};
