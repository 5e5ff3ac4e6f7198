{% include "neiqin/form_texts.js" %}

neiqin.form_texts.select_values_in_context("Seal Usage Log");
frappe.ui.form.on("Seal Usage Log", {
	refresh(frm) {
		// the seal's type and the stamped document's type in the reader's words (合同专用章,
		// 销售订单 — not "Contract Seal", "Sales Order")
		neiqin.form_texts.translate(frm, { seal_type: "text", reference_doctype: "text" });
	},
});
