{% include "neiqin/form_texts.js" %}

neiqin.form_texts.select_values_in_context("Customer Balance Confirmation");
frappe.ui.form.on("Customer Balance Confirmation", {
	refresh(frm) {
		if (!frm.is_new() && frm.doc.status === "Draft") {
			frm.add_custom_button(__("E-mail Statement"), () =>
				frappe
					.call("neiqin.registers.api.send_balance_statements", { names: [frm.doc.name] })
					.then(() => frm.reload_doc())
			);
		}
	},
});
