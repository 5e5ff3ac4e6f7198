{% include "neiqin/report_chart.js" %}

frappe.query_reports["Seal Usage Register"] = {
	filters: [
		{
			fieldname: "company",
			label: __("Company"),
			fieldtype: "Link",
			options: "Company",
			default: frappe.defaults.get_user_default("Company"),
			reqd: 1,
		},
		{ fieldname: "from_date", label: __("From Date"), fieldtype: "Date", default: frappe.datetime.month_start(), reqd: 1 },
		{ fieldname: "to_date", label: __("To Date"), fieldtype: "Date", default: frappe.datetime.get_today(), reqd: 1 },
		{ fieldname: "seal", label: __("Seal"), fieldtype: "Link", options: "Company Seal" },
		{ fieldname: "requested_by", label: __("Requested By"), fieldtype: "Link", options: "User" },
		{
			fieldname: "status",
			label: __("Status"),
			fieldtype: "Select",
			options: ["", "Requested", "Used", "Cancelled"].map((value) => ({ value, label: __(value, null, "Seal Usage Log") })),
		},
	],
	// the chart drawn once (neiqin/report_chart.js)
	onload(report) {
		neiqin.charts.setup(report);
	},
};
