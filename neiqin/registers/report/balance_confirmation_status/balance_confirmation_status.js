{% include "neiqin/report_chart.js" %}

frappe.query_reports["Balance Confirmation Status"] = {
	filters: [
		{
			fieldname: "company",
			label: __("Company"),
			fieldtype: "Link",
			options: "Company",
			default: frappe.defaults.get_user_default("Company"),
			reqd: 1,
		},
		{ fieldname: "period_end", label: __("Period End"), fieldtype: "Date" },
		{ fieldname: "customer", label: __("Customer"), fieldtype: "Link", options: "Customer" },
		{
			fieldname: "status",
			label: __("Status"),
			fieldtype: "Select",
			options: ["", "Draft", "Sent", "Confirmed", "Disputed"].map((value) => ({
				value,
				label: __(value, null, "Customer Balance Confirmation"),
			})),
		},
	],
	// the chart drawn once (neiqin/report_chart.js)
	onload(report) {
		neiqin.charts.setup(report);
	},
};
