{% include "neiqin/report_chart.js" %}

frappe.query_reports["Customer Qualification Status"] = {
	filters: [
		{ fieldname: "customer", label: __("Customer"), fieldtype: "Link", options: "Customer" },
		{ fieldname: "customer_group", label: __("Customer Group"), fieldtype: "Link", options: "Customer Group" },
		{
			fieldname: "qualification_type",
			label: __("Qualification Type"),
			fieldtype: "Link",
			options: "Qualification Type",
		},
		{ fieldname: "expiring_within_days", label: __("Expiring Within Days"), fieldtype: "Int" },
	],
	// the chart drawn once (neiqin/report_chart.js)
	onload(report) {
		neiqin.charts.setup(report);
	},
};
