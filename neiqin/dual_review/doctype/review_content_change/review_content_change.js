{% include "neiqin/form_texts.js" %}

frappe.ui.form.on("Review Content Change", {
	refresh(frm) {
		// the changed document's type in the reader's words (促销活动批复, not "Promotion Approval")
		neiqin.form_texts.translate(frm, { reference_doctype: "text" });
		// the changed fields as the server rendered them for this reader (stored text)
		const shown = frm.doc.__onload && frm.doc.__onload.changes_shown;
		if (shown) {
			frm.set_df_property("changes", "formatter", () => shown);
		}
	},
});
