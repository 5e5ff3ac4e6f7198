{% include "neiqin/form_texts.js" %}

// Contract Fulfilment form: read-only (neiqin keeps it current); a System Manager may rebuild it.
neiqin.form_texts.select_values_in_context("Contract Fulfilment", "Contract Fulfilment Item");
frappe.ui.form.on("Contract Fulfilment", {
	refresh(frm) {
		frm.disable_save();
		neiqin.form_texts.translate_datetime_descriptions(frm, ["last_recomputed"]);
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
