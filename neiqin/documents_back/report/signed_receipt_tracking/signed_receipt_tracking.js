{% include "neiqin/report_chart.js" %}

frappe.query_reports["Signed Receipt Tracking"] = {
	filters: [
		{ fieldname: "company", label: __("Company"), fieldtype: "Link", options: "Company", default: frappe.defaults.get_user_default("Company"), reqd: 1 },
		{ fieldname: "from_date", label: __("From Date"), fieldtype: "Date" },
		{ fieldname: "to_date", label: __("To Date"), fieldtype: "Date" },
		{ fieldname: "customer", label: __("Customer"), fieldtype: "Link", options: "Customer" },
		{ fieldname: "sales_person", label: __("Sales Person"), fieldtype: "Link", options: "Sales Person" },
		{
			fieldname: "view",
			label: __("View"),
			fieldtype: "Select",
			options: ["Not Back", "Returned", "Lost", "All"].map((value) => ({ value, label: __(value, null, "Signed Delivery Receipt") })),
			default: "Not Back",
		},
		{ fieldname: "only_overdue", label: __("Only Overdue"), fieldtype: "Check" },
	],
	onload(report) {
		neiqin.charts.setup(report);
	},
};
