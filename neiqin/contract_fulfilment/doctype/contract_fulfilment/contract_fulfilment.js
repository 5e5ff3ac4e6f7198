// Contract Fulfilment form: read-only (neiqin keeps it current); a System Manager may rebuild it.
frappe.ui.form.on("Contract Fulfilment", {
	refresh(frm) {
		frm.disable_save();
		if (frappe.user.has_role("System Manager")) {
			frm.add_custom_button(__("Rebuild from Documents"), () => {
				frappe
					.call({
						method: "neiqin.contract_fulfilment.api.rebuild",
						args: { sales_order: frm.doc.sales_order },
						freeze: true,
					})
					.then(() => frm.reload_doc());
			});
		}
	},
});
