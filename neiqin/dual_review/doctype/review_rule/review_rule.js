frappe.ui.form.on("Review Rule", {
	setup(frm) {
		frm.set_query("document_type", () => ({
			filters: { is_submittable: 1, istable: 0, issingle: 0 },
		}));
	},
	refresh(frm) {
		frappe.call("neiqin.dual_review.api.get_available_checks").then((r) => {
			const names = (r.message || []).map((c) => `${c.value} (${c.label})`).join(", ");
			frm.fields_dict.automatic_checks.grid.update_docfield_property(
				"check",
				"description",
				__("Available: {0}", [names])
			);
		});
	},
});
