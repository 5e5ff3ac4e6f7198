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

// A new form: a party equal to a default of the site or the user (or of a User Permission) was
// put there by frappe, not chosen; it goes. frappe's link validation of that default may still
// be running and set it once more: that one late echo is taken out again too.
const defaulted = new WeakMap();
function clear_defaulted_parties(frm) {
	if (!frm.is_new() || defaulted.has(frm.doc)) return;
	const cleared = {};
	for (const field of PARTY_FIELDS) {
		const df = frappe.meta.get_docfield(frm.doctype, field);
		const defaults = new Set([
			frappe.defaults.get_user_default(field),
			...(frappe.defaults.get_user_defaults(df.options) || []),
			frappe.model.get_default_value(df, { doctype: frm.doctype }),
		]);
		if (frm.doc[field] && defaults.has(frm.doc[field])) {
			cleared[field] = frm.doc[field];
			frm.doc[field] = null;
		}
	}
	defaulted.set(frm.doc, cleared);
}

function party_changed(frm, field) {
	const cleared = defaulted.get(frm.doc) || {};
	if (frm.is_new() && field in cleared) {
		const echo = frm.doc[field] === cleared[field];
		delete cleared[field];
		if (echo) {
			frm.doc[field] = null;
			frm.refresh_field(field);
			return;
		}
	}
	clear_other_parties(frm, field);
}

frappe.ui.form.on("Promotion Approval", {
	setup(frm) {
		frm.set_query("reference_name", "write_offs", (doc, cdt, cdn) => ({
			filters: { company: doc.company, docstatus: 1 },
		}));
	},
	onload(frm) {
		clear_defaulted_parties(frm);
	},
	onload_post_render(frm) {
		// once the form's own requests are answered, a party set is the user's choice
		const doc = frm.doc;
		frappe.after_ajax(() => setTimeout(() => defaulted.set(doc, {}), 0));
	},
	customer(frm) {
		party_changed(frm, "customer");
	},
	customer_group(frm) {
		party_changed(frm, "customer_group");
	},
	territory(frm) {
		party_changed(frm, "territory");
	},
});
