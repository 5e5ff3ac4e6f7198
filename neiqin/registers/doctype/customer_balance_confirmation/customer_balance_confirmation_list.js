frappe.listview_settings["Customer Balance Confirmation"] = {
	add_fields: ["status"],
	get_indicator(doc) {
		const colors = { Draft: "gray", Sent: "blue", Confirmed: "green", Disputed: "red" };
		return [
			__(doc.status, null, "Customer Balance Confirmation"),
			colors[doc.status] || "gray",
			`status,=,${doc.status}`,
		];
	},
};
