frappe.listview_settings["Seal Usage Log"] = {
	add_fields: ["status"],
	has_indicator_for_draft: true,
	get_indicator(doc) {
		const colors = { Requested: "orange", Used: "green", Cancelled: "red" };
		return [__(doc.status, null, "Seal Usage Log"), colors[doc.status] || "gray", `status,=,${doc.status}`];
	},
};
