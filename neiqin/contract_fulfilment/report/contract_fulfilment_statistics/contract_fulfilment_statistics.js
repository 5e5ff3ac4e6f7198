{% include "neiqin/report_chart.js" %}

// 合同履行情况统计表 — filters and row styling; the numbers come from the Python report.

frappe.query_reports["Contract Fulfilment Statistics"] = {
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
			fieldname: "from_date",
			label: __("From Date"),
			fieldtype: "Date",
			default: frappe.datetime.year_start(),
		},
		{
			fieldname: "to_date",
			label: __("To Date"),
			fieldtype: "Date",
			default: frappe.datetime.year_end(),
		},
		{
			fieldname: "periodicity",
			label: __("Periodicity"),
			fieldtype: "Select",
			options: [
				{ value: "Monthly", label: __("Monthly") },
				{ value: "Quarterly", label: __("Quarterly") },
				{ value: "Yearly", label: __("Yearly") },
			],
			default: "Monthly",
			reqd: 1,
		},
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			options: [
				{ value: "Customer", label: __("Customer") },
				{ value: "Sales Person", label: __("Sales Person") },
				{ value: "Territory", label: __("Territory") },
				{ value: "Item Group", label: __("Item Group") },
			],
			default: "Customer",
			reqd: 1,
		},
		{
			fieldname: "customer",
			label: __("Customer"),
			fieldtype: "Link",
			options: "Customer",
		},
		{
			fieldname: "sales_person",
			label: __("Sales Person"),
			fieldtype: "Link",
			options: "Sales Person",
		},
	],

	formatter(value, row, column, data, default_formatter) {
		if (data && column.fieldname === "group_value" && data.indent === 1 && !data.group_value) {
			return `<span class="text-muted">${__("Not Set")}</span>`;
		}
		value = default_formatter(value, row, column, data);
		if (data && data.indent === 0) {
			value = `<b>${value}</b>`;
		}
		return value;
	},
	// the chart drawn once (neiqin/report_chart.js)
	onload(report) {
		neiqin.charts.setup(report);
	},
};
