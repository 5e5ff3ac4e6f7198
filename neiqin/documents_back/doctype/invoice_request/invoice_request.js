{% include "neiqin/form_texts.js" %}

// Invoice Request (开票申请单): lines from submitted orders or deliveries, typed buyer details
// verified by a second person, and the Sales Invoice finance makes from the submitted request.
neiqin.form_texts.select_values_in_context("Invoice Request", "Invoice Request Item");
frappe.ui.form.on("Invoice Request", {
	setup(frm) {
		frm.set_query("customer_qualification", () => ({ filters: { customer: frm.doc.customer } }));
	},
	refresh(frm) {
		if (frm.doc.docstatus === 0 && frm.doc.customer && frm.doc.company) {
			for (const doctype of ["Sales Order", "Delivery Note"]) {
				frm.add_custom_button(__(doctype), () => neiqin.invoice_request.get_lines(frm, doctype), __("Get Lines From"));
			}
		}
		const typed = frm.doc.buyer_details_from === "Typed";
		if (
			!frm.is_new() &&
			frm.doc.docstatus === 0 &&
			typed &&
			!frm.doc.buyer_details_verified_by &&
			frm.doc.buyer_details_entered_by !== frappe.session.user
		) {
			frm.add_custom_button(__("Verify Buyer Details"), () =>
				frappe
					.call({ method: "neiqin.documents_back.api.verify_buyer_details", args: { name: frm.doc.name } })
					.then(() => frm.reload_doc())
			);
		}
		if (frm.doc.docstatus === 1 && frm.doc.status === "To Invoice" && frappe.model.can_create("Sales Invoice")) {
			frm.add_custom_button(
				__("Make Sales Invoice"),
				() =>
					frappe.model.open_mapped_doc({
						method: "neiqin.documents_back.invoice_requests.make_sales_invoice",
						frm,
					}),
				__("Create")
			);
		}
	},
});

frappe.provide("neiqin.invoice_request");
neiqin.invoice_request.get_lines = (frm, doctype) => {
	frappe
		.call({
			method: "neiqin.documents_back.invoice_requests.source_lines",
			args: { customer: frm.doc.customer, company: frm.doc.company, doctype },
		})
		.then((r) => {
			const lines = r.message || [];
			if (!lines.length) {
				frappe.msgprint(__("Nothing left to request from the customer's submitted documents."));
				return;
			}
			const dialog = new frappe.ui.Dialog({
				title: __("Get Lines From") + " " + __(doctype),
				size: "extra-large",
				fields: [
					{
						fieldname: "lines",
						fieldtype: "Table",
						cannot_add_rows: 1,
						in_place_edit: 1,
						data: lines,
						fields: [
							{ fieldname: "source_name", fieldtype: "Data", label: __(doctype), in_list_view: 1, read_only: 1, columns: 2 },
							{ fieldname: "item_code", fieldtype: "Data", label: __("Item"), in_list_view: 1, read_only: 1, columns: 3 },
							{ fieldname: "qty", fieldtype: "Float", label: __("Quantity"), in_list_view: 1, columns: 2 },
							{ fieldname: "rate", fieldtype: "Currency", label: __("Rate"), in_list_view: 1, read_only: 1, columns: 2 },
							{ fieldname: "source_detail", fieldtype: "Data", hidden: 1 },
						],
					},
				],
				primary_action_label: __("Add"),
				primary_action() {
					const grid = dialog.fields_dict.lines.grid;
					const chosen = grid.get_selected_children().length ? grid.get_selected_children() : grid.get_data();
					for (const line of chosen) {
						if (frm.doc.items.some((row) => row.source_detail === line.source_detail)) continue;
						frm.add_child("items", {
							source_doctype: doctype,
							source_name: line.source_name,
							source_detail: line.source_detail,
							item_code: line.item_code,
							qty: line.qty,
							rate: line.rate,
						});
					}
					frm.refresh_field("items");
					dialog.hide();
				},
			});
			dialog.show();
		});
};
