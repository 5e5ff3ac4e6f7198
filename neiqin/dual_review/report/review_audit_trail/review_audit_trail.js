frappe.query_reports["Review Audit Trail"] = {
	filters: [
		{
			fieldname: "document_type",
			label: __("Document Type", null, "neiqin"),
			fieldtype: "Link",
			options: "DocType",
			get_query: () => ({ filters: { is_submittable: 1 } }),
		},
		{
			fieldname: "document",
			label: __("Document", null, "neiqin"),
			fieldtype: "Dynamic Link",
			options: "document_type",
		},
		{
			fieldname: "reviewer",
			label: __("Reviewer"),
			fieldtype: "Link",
			options: "User",
		},
		{
			fieldname: "from_date",
			label: __("From Date"),
			fieldtype: "Date",
			default: frappe.datetime.add_months(frappe.datetime.get_today(), -1),
		},
		{
			fieldname: "to_date",
			label: __("To Date"),
			fieldtype: "Date",
			default: frappe.datetime.get_today(),
		},
	],
	// document types and rule titles are stored in English: show them in the user's language
	formatter(value, row, column, data, default_formatter) {
		if (["reference_doctype", "rule_title"].includes(column.fieldname) && value) {
			value = __(value);
		}
		return default_formatter(value, row, column, data);
	},
};
