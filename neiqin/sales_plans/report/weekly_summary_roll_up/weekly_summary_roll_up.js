frappe.query_reports["Weekly Summary Roll-up"] = {
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
			fieldname: "week_start",
			label: __("Week Starting"),
			fieldtype: "Date",
			reqd: 1,
			default: frappe.datetime.week_start(),
		},
	],
};
