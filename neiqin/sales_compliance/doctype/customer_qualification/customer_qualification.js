frappe.ui.form.on("Customer Qualification", {
	refresh(frm) {
		if (!frm.is_new() && frm.perm[0] && frm.perm[0].write) {
			frm.add_custom_button(__("Verify"), () =>
				frm.call("verify").then(() => frm.reload_doc())
			);
		}
	},
});
