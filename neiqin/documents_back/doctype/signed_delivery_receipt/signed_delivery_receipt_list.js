{% include "neiqin/form_texts.js" %}

frappe.listview_settings["Signed Delivery Receipt"] = {
	// Select filters in the doctype's words (neiqin/form_texts.js)
	onload: neiqin.form_texts.select_filters_in_context,
	formatters: neiqin.form_texts.select_columns_in_context("Signed Delivery Receipt"),
	add_fields: ["status", "is_overdue"],
	get_indicator(doc) {
		if (doc.status === "Awaiting" && doc.is_overdue) {
			return [__("Overdue"), "red", "is_overdue,=,1"];
		}
		const colours = { Awaiting: "orange", Returned: "green", Archived: "blue", Lost: "gray" };
		return [__(doc.status, null, "Signed Delivery Receipt"), colours[doc.status] || "gray", `status,=,${doc.status}`];
	},
};
