// The party is one of customer, customer group and territory, exactly as the user chose it:
// a new form starts without the defaults frappe would put there (All Customer Groups, All
// Territories, a default territory), and choosing one clears the other two.
const PARTY_FIELDS = ["customer", "customer_group", "territory"];

function clear_other_parties(frm, chosen) {
	if (!frm.doc[chosen]) return;
	for (const field of PARTY_FIELDS) {
		if (field !== chosen && frm.doc[field]) frm.set_value(field, null);
	}
}

frappe.ui.form.on("Promotion Approval", {
	setup(frm) {
		frm.set_query("reference_name", "write_offs", (doc, cdt, cdn) => ({
			filters: { company: doc.company, docstatus: 1 },
		}));
	},
	onload(frm) {
		if (!frm.is_new()) return;
		for (const field of PARTY_FIELDS) {
			const df = frappe.meta.get_docfield(frm.doctype, field);
			const defaulted = frappe.model.get_default_value(df, { doctype: frm.doctype });
			if (frm.doc[field] && frm.doc[field] === defaulted) frm.doc[field] = null;
		}
	},
	customer(frm) {
		clear_other_parties(frm, "customer");
	},
	customer_group(frm) {
		clear_other_parties(frm, "customer_group");
	},
	territory(frm) {
		clear_other_parties(frm, "territory");
	},
});
