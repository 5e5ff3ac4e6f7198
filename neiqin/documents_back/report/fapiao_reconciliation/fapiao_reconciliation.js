{% include "neiqin/report_chart.js" %}

frappe.query_reports["Fapiao Reconciliation"] = {
	filters: [
		{ fieldname: "company", label: __("Company"), fieldtype: "Link", options: "Company", default: frappe.defaults.get_user_default("Company"), reqd: 1 },
		{ fieldname: "from_date", label: __("From Date"), fieldtype: "Date", default: frappe.datetime.add_months(frappe.datetime.month_start(), -1), reqd: 1 },
		{ fieldname: "to_date", label: __("To Date"), fieldtype: "Date", default: frappe.datetime.get_today(), reqd: 1 },
		{ fieldname: "customer", label: __("Customer"), fieldtype: "Link", options: "Customer" },
		{
			fieldname: "issue",
			label: __("Issue"),
			fieldtype: "Select",
			options: [
				"",
				"Sales Invoice without fapiao",
				"Sales Invoice partly covered",
				"Fapiao without Sales Invoice",
				"Amount or tax differs",
				"Credit note without red-letter fapiao",
				"Issued, not mailed",
				"Mailed, not signed for",
			].map((value) => ({ value, label: __(value) })),
		},
	],
	onload(report) {
		neiqin.charts.setup(report);
	},
};
