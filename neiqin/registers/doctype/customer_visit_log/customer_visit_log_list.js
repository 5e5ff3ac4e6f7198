{% include "neiqin/form_texts.js" %}

frappe.listview_settings["Customer Visit Log"] = {
	// Select filters in the doctype's words (neiqin/form_texts.js)
	onload: neiqin.form_texts.select_filters_in_context,
	// Select columns in the doctype's words (neiqin/form_texts.js)
	formatters: neiqin.form_texts.select_columns_in_context("Customer Visit Log"),
	add_fields: ["next_visit_date", "reminded_on"],
	get_indicator(doc) {
		if (!doc.next_visit_date) {
			return [__("No Next Visit"), "gray", "next_visit_date,is,not set"];
		}
		const today = frappe.datetime.get_today();
		if (doc.next_visit_date < today) {
			return [__("Overdue"), "red", `next_visit_date,<,${today}`];
		}
		if (doc.next_visit_date === today) {
			return [__("Due Today"), "orange", `next_visit_date,=,${today}`];
		}
		return [__("Scheduled"), "blue", `next_visit_date,>,${today}`];
	},
};
