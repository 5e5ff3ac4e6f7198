{% include "neiqin/report_chart.js" %}

frappe.query_reports["Courier Fee Settlement"] = {
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
			default: frappe.datetime.month_end(),
			reqd: 1,
		},
		{ fieldname: "courier", label: __("Courier Company"), fieldtype: "Link", options: "Supplier" },
	],
	onload(report) {
		// the chart drawn once (neiqin/report_chart.js)
		neiqin.charts.setup(report);
		// only those who may create the courier's Purchase Invoice see the action
		if (!frappe.model.can_create("Purchase Invoice")) return;
		report.page.add_inner_button(__("Draft Purchase Invoice"), () => {
			const filters = report.get_values();
			if (!filters) return;
			if (!filters.courier) {
				frappe.msgprint(__("Choose the courier to settle in the Courier filter first."));
				return;
			}
			frappe.confirm(
				__("Draft a Purchase Invoice to {0} for its unsettled shipping costs from {1} to {2}?", [
					filters.courier.bold(),
					frappe.datetime.str_to_user(filters.from_date),
					frappe.datetime.str_to_user(filters.to_date),
				]),
				() =>
					frappe.call({
						method: "neiqin.sales_materials.api.make_courier_invoice",
						args: {
							company: filters.company,
							courier: filters.courier,
							from_date: filters.from_date,
							to_date: filters.to_date,
						},
						freeze: true,
						callback: (r) => {
							if (r.message) {
								frappe.show_alert({
									message: __("Purchase Invoice {0} drafted", [r.message]),
									indicator: "green",
								});
								frappe.set_route("Form", "Purchase Invoice", r.message);
							}
						},
					})
			);
		});
	},
};
