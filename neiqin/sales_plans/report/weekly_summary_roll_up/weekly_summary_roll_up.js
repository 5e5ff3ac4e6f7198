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
			// this week's Monday (the report takes the week of any day chosen)
			default: frappe.datetime.add_days(
				frappe.datetime.get_today(),
				-((frappe.datetime.str_to_obj(frappe.datetime.get_today()).getDay() + 6) % 7)
			),
		},
		{ fieldname: "sales_person", label: __("Sales Person"), fieldtype: "Link", options: "Sales Person" },
	],
};
