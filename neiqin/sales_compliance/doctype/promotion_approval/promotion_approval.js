frappe.ui.form.on("Promotion Approval", {
	setup(frm) {
		frm.set_query("reference_name", "write_offs", (doc, cdt, cdn) => ({
			filters: { company: doc.company, docstatus: 1 },
		}));
	},
});
