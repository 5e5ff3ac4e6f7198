{% include "neiqin/form_texts.js" %}

neiqin.form_texts.select_values_in_context("Document Review");
frappe.ui.form.on("Document Review", {
	refresh(frm) {
		neiqin.form_texts.translate_datetime_descriptions(frm, ["awaiting_since"]);
		// document types, rule titles and checklist questions are stored in English
		neiqin.form_texts.translate(
			frm,
			{ reference_doctype: "text", rule_title: "text" },
			{ checklist: ["question"] }
		);
	},
});
