{% include "neiqin/form_texts.js" %}

frappe.ui.form.on("Review Content Change", {
	refresh(frm) {
		// the changed document's type in the reader's words (促销活动批复, not "Promotion Approval")
		neiqin.form_texts.translate(frm, { reference_doctype: "text" });
	},
});
