// Customer form: one indicator per qualification on file (and per required one missing)
frappe.ui.form.on("Customer", {
	refresh(frm) {
		if (frm.is_new()) return;
		const colours = {
			Valid: "green",
			Expiring: "orange",
			Expired: "red",
			Missing: "red",
			"Not Yet Valid": "gray",
		};
		frappe
			.call({
				method: "neiqin.sales_compliance.api.get_customer_qualifications",
				type: "GET",
				args: { customer: frm.doc.name },
			})
			.then((r) => {
				(r.message || []).forEach((row) => {
					frm.dashboard.add_indicator(
						`${__(row.qualification_type)}: ${__(row.status)}`,
						colours[row.status] || "gray"
					);
				});
			});
	},
});
