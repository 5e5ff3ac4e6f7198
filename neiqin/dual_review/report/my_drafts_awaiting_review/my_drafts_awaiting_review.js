frappe.query_reports["My Drafts Awaiting Review"] = {
	filters: [
		{
			fieldname: "document_type",
			label: __("Document Type", null, "neiqin"),
			fieldtype: "Link",
			options: "DocType",
			get_query: () => ({ filters: { is_submittable: 1 } }),
		},
	],
	// document types and rule titles are stored in English: show them in the user's language
	formatter(value, row, column, data, default_formatter) {
		if (["document_type", "rule_title"].includes(column.fieldname) && value) {
			value = __(value);
		}
		return default_formatter(value, row, column, data);
	},
};
