// 每日销售情况统计报表: a day-by-day series with a chart and the change against the previous period.
frappe.query_reports["Daily Sales Statistics"] = {
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
			default: frappe.datetime.add_days(frappe.datetime.get_today(), -29),
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
		{
			fieldname: "item_group",
			label: __("Item Group"),
			fieldtype: "Link",
			options: "Item Group",
		},
	],
	// frappe's report view sets its own axis options: re-apply the ones the chart asks for
	// (`neiqin_axis`, see neiqin/charts.py) once the table is drawn
	after_datatable_render() {
		const report = frappe.query_report;
		const wanted = report.raw_data && report.raw_data.chart && report.raw_data.chart.neiqin_axis;
		if (!report.chart_options || !wanted) return;
		const axis = Object.assign({}, report.chart_options.axisOptions, wanted);
		if (wanted.integer) {
			axis.numberFormatter = (value) => (Number.isInteger(Number(value)) ? String(value) : "");
		}
		report.render_chart(Object.assign({}, report.chart_options, { axisOptions: axis }));
	},
};
