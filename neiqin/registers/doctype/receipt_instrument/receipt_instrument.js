{% include "neiqin/form_texts.js" %}

neiqin.form_texts.select_values_in_context("Receipt Instrument");
frappe.ui.form.on("Receipt Instrument", {
	refresh(frm) {
		if (frm.is_new()) {
			return;
		}
		if (frm.doc.__onload && frm.doc.__onload.can_sign) {
			frm.add_custom_button(__("Sign for Hand-over"), () =>
				frappe.call("neiqin.registers.api.sign_for_instrument", { name: frm.doc.name }).then(() => frm.reload_doc())
			);
		}
		if (!frm.doc.payment_entry && ["Received", "Handed Over"].includes(frm.doc.status)) {
			frm.add_custom_button(__("Draft Payment Entry"), () =>
				frappe
					.call("neiqin.registers.api.draft_payment_entry", { name: frm.doc.name })
					.then((r) => frappe.set_route("Form", "Payment Entry", r.message))
			);
		}
	},
});
