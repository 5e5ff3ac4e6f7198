{% include "neiqin/form_texts.js" %}

frappe.ui.form.on("Qualification Requirement", {
	setup(frm) {
		frm.set_query("document_type", () => ({
			filters: { name: ["in", ["Sales Order", "Delivery Note", "Sales Invoice"]] },
		}));
	},
	refresh(frm) {
		// the document type in the reader's words (销售出货, not "Delivery Note")
		neiqin.form_texts.translate(frm, { document_type: "text" });
	},
});
