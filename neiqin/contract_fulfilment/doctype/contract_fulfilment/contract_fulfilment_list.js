{% include "neiqin/form_texts.js" %}

// Contract Fulfilment list: colour by fulfilment status, overdue contracts in red; statuses in
// neiqin's words (交货, not ERPNext's 交付).
const FULFILMENT_COLOURS = {
	"Not Started": "gray",
	"Partly Delivered": "orange",
	Delivered: "blue",
	Completed: "green",
	Closed: "darkgrey",
	Cancelled: "red",
};

frappe.listview_settings["Contract Fulfilment"] = {
	// Select filters in the doctype's words (neiqin/form_texts.js)
	onload: neiqin.form_texts.select_filters_in_context,
	// Select columns in the doctype's words (neiqin/form_texts.js)
	formatters: neiqin.form_texts.select_columns_in_context("Contract Fulfilment"),
	add_fields: ["fulfilment_status", "is_overdue"],
	get_indicator(doc) {
		if (doc.is_overdue && !["Closed", "Cancelled"].includes(doc.fulfilment_status)) {
			return [__("Overdue"), "red", "is_overdue,=,1"];
		}
		return [
			__(doc.fulfilment_status, null, "Contract Fulfilment"),
			FULFILMENT_COLOURS[doc.fulfilment_status] || "gray",
			"fulfilment_status,=," + doc.fulfilment_status,
		];
	},
};
