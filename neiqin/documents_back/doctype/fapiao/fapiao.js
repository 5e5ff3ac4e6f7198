{% include "neiqin/form_texts.js" %}

// Fapiao (发票登记): mailed through a Sales Material Log (kind Invoice), received with the
// customer's acknowledgement, voided with a reason — neiqin.documents_back.api; the server
// checks every rule again.
neiqin.form_texts.select_values_in_context("Fapiao");
frappe.ui.form.on("Fapiao", {
	setup(frm) {
		frm.set_query("red_letter_of", () => ({ filters: { company: frm.doc.company, is_red_letter: 0 } }));
		frm.set_query("sales_invoice", "invoices", () => ({
			filters: { company: frm.doc.company, docstatus: 1, ...(frm.doc.customer ? { customer: frm.doc.customer } : {}) },
		}));
	},
	refresh(frm) {
		if (frm.is_new() || !frm.perm[0] || !frm.perm[0].write) return;
		const call = (method, args) =>
			frappe.call({ method: `neiqin.documents_back.api.${method}`, args: { name: frm.doc.name, ...args } });
		if (frm.doc.status === "Issued" && !frm.doc.material_log) {
			frm.add_custom_button(__("Mail Fapiao"), () =>
				call("make_mailing_log").then((r) => frappe.set_route("Form", "Sales Material Log", r.message))
			);
			if (!["Digital VAT Special Invoice", "Digital Ordinary Invoice"].includes(frm.doc.fapiao_type)) {
				frm.add_custom_button(__("Void"), () =>
					frappe.prompt(
						[{ fieldname: "reason", fieldtype: "Small Text", label: __("Void Reason"), reqd: 1 }],
						(values) => call("void_fapiao", values).then(() => frm.reload_doc()),
						__("Void")
					)
				);
			}
		}
		if (frm.doc.status === "Mailed") {
			frm.add_custom_button(__("Mark Received by Customer"), () => {
				if (frm.is_dirty() || !frm.doc.acknowledgement) {
					frappe.msgprint(__("Attach the customer's acknowledgement and save first."));
					return;
				}
				frappe.prompt(
					[{ fieldname: "received_on", fieldtype: "Date", label: __("Received On"), default: frappe.datetime.get_today(), reqd: 1 }],
					(values) => call("mark_fapiao_received", values).then(() => frm.reload_doc()),
					__("Mark Received by Customer")
				);
			});
		}
	},
});
