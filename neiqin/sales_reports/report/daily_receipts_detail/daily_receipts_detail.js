{% include "neiqin/report_chart.js" %}

// 每日收到货款明细报表: money received by receipt date, with what each receipt settles.
frappe.query_reports["Daily Receipts Detail"] = {
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
			default: frappe.datetime.get_today(),
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
			fieldname: "customer",
			label: __("Customer"),
			fieldtype: "Link",
			options: "Customer",
		},
		{
			fieldname: "mode_of_payment",
			label: __("Mode of Payment"),
			fieldtype: "Link",
			options: "Mode of Payment",
		},
		{
			fieldname: "sales_person",
			label: __("Sales Person"),
			fieldtype: "Link",
			options: "Sales Person",
		},
		{
			fieldname: "territory",
			label: __("Territory"),
			fieldtype: "Link",
			options: "Territory",
		},
	],
	formatter(value, row, column, data, default_formatter) {
		// voucher types are stored in English
		if (column.fieldname === "voucher_type" && value) {
			value = __(value);
		}
		const formatted = default_formatter(value, row, column, data);
		// a mode of payment the user may not open is shown as plain text: translate it like
		// the summary and the chart do (a link keeps its name, the link formatter translates it)
		if (column.fieldname === "mode_of_payment" && value && formatted === value) {
			return __(value);
		}
		return formatted;
	},
	// the chart drawn once (neiqin/report_chart.js)
	onload(report) {
		neiqin.charts.setup(report);
	},
};
