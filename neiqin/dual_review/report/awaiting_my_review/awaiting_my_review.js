frappe.query_reports["Awaiting My Review"] = {
	filters: [
		{
			fieldname: "document_type",
			label: __("Document Type"),
			fieldtype: "Link",
			options: "DocType",
			get_query: () => ({ filters: { is_submittable: 1 } }),
		},
	],
};
