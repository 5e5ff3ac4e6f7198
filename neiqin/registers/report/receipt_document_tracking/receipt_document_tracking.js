{% include "neiqin/report_chart.js" %}

frappe.query_reports["Receipt Document Tracking"] = {
	filters: [
		{
			fieldname: "company",
			label: __("Company"),
			fieldtype: "Link",
			options: "Company",
			default: frappe.defaults.get_user_default("Company"),
			reqd: 1,
		},
		{ fieldname: "date", label: __("Date"), fieldtype: "Date", default: frappe.datetime.get_today(), reqd: 1 },
		{ fieldname: "maturity_days", label: __("Bills Maturing Within (Days)"), fieldtype: "Int", default: 30 },
		{
			fieldname: "instrument_type",
			label: __("Instrument Type"),
			fieldtype: "Select",
			options: ["", "Cheque", "Bank Draft", "Bank Acceptance Bill", "Commercial Acceptance Bill"].map((value) => ({
				value,
				label: __(value),
			})),
		},
	],
	// the chart drawn once (neiqin/report_chart.js)
	onload(report) {
		neiqin.charts.setup(report);
	},
};
