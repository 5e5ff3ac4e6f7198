{% include "neiqin/form_texts.js" %}

// Signed Delivery Receipt (签收回单): the actions of neiqin.documents_back.api; the server checks
// every rule again (scan for Returned, a Sales Manager for Lost).
neiqin.form_texts.select_values_in_context("Signed Delivery Receipt");
frappe.ui.form.on("Signed Delivery Receipt", {
	refresh(frm) {
		if (frm.is_new() || !frm.perm[0] || !frm.perm[0].write) return;
		const call = (method, args) =>
			frappe.call({ method: `neiqin.documents_back.api.${method}`, args: { name: frm.doc.name, ...args } }).then(() => frm.reload_doc());
		const status = frm.doc.status;
		if (["Awaiting", "Lost"].includes(status)) {
			frm.add_custom_button(__("Mark Returned"), () => {
				if (frm.is_dirty()) {
					frappe.msgprint(__("Save the receipt (with its scan) first."));
					return;
				}
				frappe.prompt(
					[
						{ fieldname: "returned_on", fieldtype: "Date", label: __("Returned On"), default: frappe.datetime.get_today(), reqd: 1 },
						{ fieldname: "returned_by", fieldtype: "Data", label: __("Returned By"), default: frm.doc.returned_by },
					],
					(values) => call("mark_receipt_returned", values),
					__("Mark Returned")
				);
			});
		}
		if (status === "Returned") {
			frm.add_custom_button(__("Archive"), () =>
				frappe.prompt(
					[{ fieldname: "archive_location", fieldtype: "Data", label: __("Archive Location"), reqd: 1 }],
					(values) => call("archive_receipt", values),
					__("Archive")
				)
			);
		}
		if (status === "Awaiting") {
			const manager = frappe.user.has_role("Sales Manager");
			frm.add_custom_button(manager ? __("Mark Lost") : __("Report Lost"), () =>
				frappe.prompt(
					[{ fieldname: "reason", fieldtype: "Small Text", label: __("Lost Reason"), reqd: 1, default: frm.doc.lost_reason }],
					(values) => call(manager ? "mark_receipt_lost" : "report_receipt_lost", values),
					manager ? __("Mark Lost") : __("Report Lost")
				)
			);
		}
		if (frm.doc.signed_quantities_differ && !frm.doc.sales_return) {
			frm.add_custom_button(__("Make Sales Return"), () =>
				frappe.model.open_mapped_doc({
					method: "erpnext.stock.doctype.delivery_note.delivery_note.make_sales_return",
					source_name: frm.doc.delivery_note,
				})
			);
		}
	},
});
