{% include "neiqin/report_chart.js" %}

frappe.query_reports["Fapiao Register"] = {
	filters: [
		{ fieldname: "company", label: __("Company"), fieldtype: "Link", options: "Company", default: frappe.defaults.get_user_default("Company"), reqd: 1 },
		{ fieldname: "from_date", label: __("From Date"), fieldtype: "Date", default: frappe.datetime.month_start(), reqd: 1 },
		{ fieldname: "to_date", label: __("To Date"), fieldtype: "Date", default: frappe.datetime.get_today(), reqd: 1 },
		{ fieldname: "customer", label: __("Customer"), fieldtype: "Link", options: "Customer" },
		{
			fieldname: "fapiao_type",
			label: __("Fapiao Type"),
			fieldtype: "Select",
			options: ["", "VAT Special Invoice", "VAT Ordinary Invoice", "VAT Electronic Ordinary Invoice", "Digital VAT Special Invoice", "Digital Ordinary Invoice"].map(
				(value) => ({ value, label: __(value, null, "Fapiao") })
			),
		},
		{
			fieldname: "status",
			label: __("Status"),
			fieldtype: "Select",
			options: ["", "Issued", "Mailed", "Received by Customer", "Reversed", "Void"].map((value) => ({ value, label: __(value, null, "Fapiao") })),
		},
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			options: ["Fapiao", "Customer", "Fapiao Type", "Month"].map((value) => ({ value, label: __(value, null, "Fapiao") })),
			default: "Fapiao",
		},
	],
	onload(report) {
		neiqin.charts.setup(report);
	},
};
