{% include "neiqin/form_texts.js" %}

frappe.ui.form.on("Neiqin Settings", {
	refresh(frm) {
		// role names, stored as frappe names them (English)
		neiqin.form_texts.translate(frm, { delivery_reminder_roles: "lines" });
	},
});
