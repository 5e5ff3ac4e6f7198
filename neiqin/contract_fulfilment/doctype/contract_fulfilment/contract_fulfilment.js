// Contract Fulfilment form: read-only (neiqin keeps it current); a System Manager may rebuild it.
frappe.ui.form.on("Contract Fulfilment", {
	refresh(frm) {
		frm.disable_save();
		// frappe's Datetime control appends the time zone to the help text and only then
		// translates it, so no translation matches: hand it the text already translated
		frm.set_df_property(
			"last_recomputed",
			"description",
			__("When neiqin last rebuilt this table from the order's documents.")
		);
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
