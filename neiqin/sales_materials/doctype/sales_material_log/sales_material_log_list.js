{% include "neiqin/form_texts.js" %}

frappe.listview_settings["Sales Material Log"] = {
	// Select filters in the doctype's words (neiqin/form_texts.js)
	onload: neiqin.form_texts.select_filters_in_context,
	// Select columns in the doctype's words (neiqin/form_texts.js)
	formatters: neiqin.form_texts.select_columns_in_context("Sales Material Log"),
	add_fields: ["status", "is_overdue", "kind", "tracking_number"],
	has_indicator_for_draft: true,
	get_indicator(doc) {
		if (doc.is_overdue) {
			return [__("Overdue"), "red", "is_overdue,=,1"];
		}
		const colors = {
			Requested: "orange",
			Approved: "blue",
			Dispatched: "purple",
			Delivered: "cyan",
			Confirmed: "green",
			Returned: "gray",
			Lost: "red",
			Cancelled: "red",
		};
		return [__(doc.status, null, "Sales Material Log"), colors[doc.status] || "gray", `status,=,${doc.status}`];
	},
};
