{% include "neiqin/report_chart.js" %}

// 合同应收帐款明细 — receivables per contract, aged by the invoices' due dates.

frappe.query_reports["Contract Receivables"] = {
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
			fieldname: "as_of_date",
			label: __("As of Date"),
			fieldtype: "Date",
			reqd: 1,
			default: frappe.datetime.get_today(),
		},
		{
			fieldname: "customer",
			label: __("Customer"),
			fieldtype: "Link",
			options: "Customer",
		},
		{
			fieldname: "sales_order",
			label: __("Sales Order"),
			fieldtype: "Link",
			options: "Sales Order",
			get_query: () => {
				const filters = { docstatus: 1 };
				const company = frappe.query_report.get_filter_value("company");
				const customer = frappe.query_report.get_filter_value("customer");
				if (company) filters.company = company;
				if (customer) filters.customer = customer;
				return { filters };
			},
		},
		{
			fieldname: "range",
			label: __("Ageing Range"),
			fieldtype: "Data",
			default: "30, 60, 90",
		},
		{
			fieldname: "only_outstanding",
			label: __("Only Contracts With a Balance"),
			fieldtype: "Check",
			default: 1,
		},
	],

	formatter(value, row, column, data, default_formatter) {
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
