frappe.ui.form.on("Qualification Requirement", {
	setup(frm) {
		frm.set_query("document_type", () => ({
			filters: { name: ["in", ["Sales Order", "Delivery Note", "Sales Invoice"]] },
		}));
	},
});
