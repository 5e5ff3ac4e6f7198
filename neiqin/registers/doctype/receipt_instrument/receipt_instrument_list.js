{% include "neiqin/form_texts.js" %}

frappe.listview_settings["Receipt Instrument"] = {
	// Select filters in the doctype's words (neiqin/form_texts.js)
	onload: neiqin.form_texts.select_filters_in_context,
	// Select columns in the doctype's words (neiqin/form_texts.js)
	formatters: neiqin.form_texts.select_columns_in_context("Receipt Instrument"),
	add_fields: ["status", "handover_late", "signed_on"],
	get_indicator(doc) {
		if (doc.status === "Received" && doc.handover_late) {
			return [__("Hand-over Late"), "red", "handover_late,=,1"];
		}
		if (doc.status === "Handed Over" && !doc.signed_on) {
			return [__("Awaiting Sign-off"), "orange", "status,=,Handed Over"];
		}
		const colors = {
			Received: "yellow",
			"Handed Over": "blue",
			Deposited: "green",
			Endorsed: "purple",
			Bounced: "red",
			Cancelled: "gray",
		};
		return [__(doc.status, null, "Receipt Instrument"), colors[doc.status] || "gray", `status,=,${doc.status}`];
	},
};
