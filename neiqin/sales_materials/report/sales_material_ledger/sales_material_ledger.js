frappe.query_reports["Sales Material Ledger"] = {
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
		{ fieldname: "item_code", label: __("Item"), fieldtype: "Link", options: "Item" },
		{
			fieldname: "warehouse",
			label: __("Warehouse"),
			fieldtype: "Link",
			options: "Warehouse",
			get_query: () => ({ filters: { company: frappe.query_report.get_filter_value("company") } }),
		},
	],
	tree: true,
	name_field: "item_code",
	parent_field: "",
	initial_depth: 1,
	formatter(value, row, column, data, default_formatter) {
		// voucher types and kinds are stored in English
		if (["voucher_type", "kind"].includes(column.fieldname) && value) {
			value = __(value, null, "Sales Material Log");
		}
		value = default_formatter(value, row, column, data);
		if (data && data.indent === 0) {
			value = `<b>${value}</b>`;
		}
		return value;
	},
};
