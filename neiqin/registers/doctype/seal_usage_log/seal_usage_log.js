{% include "neiqin/form_texts.js" %}

neiqin.form_texts.select_values_in_context("Seal Usage Log");
frappe.ui.form.on("Seal Usage Log", {
	refresh(frm) {
		// the stamped document's type in the reader's words (销售订单, not "Sales Order")
		neiqin.form_texts.translate(frm, { reference_doctype: "text" });
	},
});
