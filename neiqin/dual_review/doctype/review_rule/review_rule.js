{% include "neiqin/form_texts.js" %}

frappe.ui.form.on("Review Rule", {
	setup(frm) {
		frm.set_query("document_type", () => ({
			filters: { is_submittable: 1, istable: 0, issingle: 0 },
		}));
	},
	refresh(frm) {
		// the example rules' titles and questions are stored in English (see neiqin/form_texts.js)
		neiqin.form_texts.translate(
			frm,
			{ title: "text", document_type: "text", reviewer_roles: "rows", read_granted_to: "lines" },
			{ checklist: ["question"] }
		);
		frappe.call("neiqin.dual_review.api.get_available_checks").then((r) => {
			const checks = r.message || [];
			const names = checks.map((c) => c.label).join(", ");
			const grid = frm.fields_dict.automatic_checks.grid;
			grid.update_docfield_property("check", "description", __("Available: {0}", [names]));
			// rows show each check by its label in the user's language, never by its name (an id)
			const labels = Object.fromEntries(checks.map((c) => [c.value, c.label]));
			grid.update_docfield_property("check", "formatter", (value) =>
				frappe.utils.escape_html(labels[value] || value || "")
			);
			grid.refresh();
		});
	},
});
