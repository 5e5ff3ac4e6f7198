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
		if (frm.doc.__onload && frm.doc.__onload.can_draft_payment) {
			frm.add_custom_button(__("Draft Payment Entry"), () =>
				frappe
					.call("neiqin.registers.api.draft_payment_entry", { name: frm.doc.name })
					.then((r) => frappe.set_route("Form", "Payment Entry", r.message))
			);
		}
		if (frm.doc.__onload && frm.doc.__onload.can_change_status) {
			frm.add_custom_button(__("Change Status"), () => neiqin_change_instrument_status(frm));
		}
	},
});

function neiqin_change_instrument_status(frm) {
	const manual = ["Endorsed", "Bounced", "Cancelled"];
	const choices = manual.filter((status) => status !== frm.doc.status);
	if (manual.includes(frm.doc.status)) {
		choices.push(frm.doc.__onload.status_from_records);
	}
	const dialog = new frappe.ui.Dialog({
		title: __("Change Status"),
		fields: [
			{
				fieldname: "status",
				fieldtype: "Select",
				label: __("Status"),
				reqd: 1,
				options: choices.map((value) => ({ value, label: __(value, null, "Receipt Instrument") })),
			},
			{ fieldname: "reason", fieldtype: "Small Text", label: __("Reason"), reqd: 1 },
		],
		primary_action_label: __("Change Status"),
		primary_action(values) {
			frappe
				.call("neiqin.registers.api.change_instrument_status", {
					name: frm.doc.name,
					status: values.status,
					reason: values.reason,
				})
				.then(() => {
					dialog.hide();
					frm.reload_doc();
				});
		},
	});
	dialog.show();
}
