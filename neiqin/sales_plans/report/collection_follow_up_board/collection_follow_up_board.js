{% include "neiqin/report_chart.js" %}

frappe.query_reports["Collection Follow-up Board"] = {
	filters: [
		{
			fieldname: "company",
			label: __("Company"),
			fieldtype: "Link",
			options: "Company",
			reqd: 1,
			default: frappe.defaults.get_user_default("Company"),
		},
		{
			fieldname: "report_date",
			label: __("Posting Date"),
			fieldtype: "Date",
			default: frappe.datetime.get_today(),
			reqd: 1,
		},
		{ fieldname: "range", label: __("Ageing Range"), fieldtype: "Data", default: "30, 60, 90, 120" },
		{ fieldname: "sales_person", label: __("Sales Person"), fieldtype: "Link", options: "Sales Person" },
		{ fieldname: "customer", label: __("Customer"), fieldtype: "Link", options: "Customer" },
	],
	// the chart drawn once (neiqin/report_chart.js)
	onload(report) {
		neiqin.charts.setup(report);
	},
};
