{% include "neiqin/report_chart.js" %}

frappe.query_reports["Material Dispatch Register"] = {
	filters: [
		{
			fieldname: "company",
			label: __("Company"),
			fieldtype: "Link",
			options: "Company",
			default: frappe.defaults.get_user_default("Company"),
			reqd: 1,
		},
		{
			fieldname: "from_date",
			label: __("From Date"),
			fieldtype: "Date",
			default: frappe.datetime.month_start(),
			reqd: 1,
		},
		{
			fieldname: "to_date",
			label: __("To Date"),
			fieldtype: "Date",
			default: frappe.datetime.get_today(),
			reqd: 1,
		},
		{
			fieldname: "kind",
			label: __("Kind"),
			fieldtype: "Select",
			options: ["", "Sample", "Brochure", "Business Card", "Gift", "Promotional Item", "Document", "Invoice"].map(
				(value) => ({ value, label: __(value, null, "Sales Material Log") })
			),
		},
		{ fieldname: "courier", label: __("Courier Company"), fieldtype: "Link", options: "Supplier" },
		{
			fieldname: "status",
			label: __("Status"),
			fieldtype: "Select",
			options: ["", "Dispatched", "Delivered", "Confirmed", "Returned", "Lost"].map((value) => ({
				value,
				label: __(value, null, "Sales Material Log"),
			})),
		},
		{
			fieldname: "party_type",
			label: __("Party Type"),
			fieldtype: "Select",
			options: ["", "Customer", "Lead", "Supplier"].map((value) => ({ value, label: __(value, null, "Sales Material Log") })),
		},
		{
			fieldname: "party",
			label: __("Party"),
			fieldtype: "Dynamic Link",
			options: "party_type",
			get_options: () => frappe.query_report.get_filter_value("party_type"),
		},
		{ fieldname: "overdue_only", label: __("Overdue Only"), fieldtype: "Check" },
	],
	// kinds, party types, dispatch methods and statuses are stored in English
	formatter(value, row, column, data, default_formatter) {
		if (["kind", "party_type", "dispatch_method", "status"].includes(column.fieldname) && value) {
			value = __(value, null, "Sales Material Log");
		}
		return default_formatter(value, row, column, data);
	},
	// the chart drawn once, with its axis options (neiqin/report_chart.js)
	onload(report) {
		neiqin.charts.setup(report);
	},
};
