{% include "neiqin/form_texts.js" %}

// Sales Material Log: recipient pickers, and the actions recorded on a dispatched log.
neiqin.form_texts.select_values_in_context("Sales Material Log");
frappe.ui.form.on("Sales Material Log", {
	setup(frm) {
		// the log cancels its own stock entries
		frm.ignore_doctypes_on_cancel_all = ["Stock Entry"];
		const party_filters = () => ({ link_doctype: frm.doc.party_type, link_name: frm.doc.party });
		frm.set_query("contact", () => ({
			query: "frappe.contacts.doctype.contact.contact.contact_query",
			filters: party_filters(),
		}));
		frm.set_query("address", () => ({
			query: "frappe.contacts.doctype.address.address.address_query",
			filters: party_filters(),
		}));
		const warehouse_query = () => ({ filters: { company: frm.doc.company, is_group: 0 } });
		frm.set_query("set_warehouse", warehouse_query);
		frm.set_query("warehouse", "items", warehouse_query);
		frm.set_query("sales_invoice", () => {
			const filters = { docstatus: 1, company: frm.doc.company };
			if (frm.doc.party_type === "Customer" && frm.doc.party) filters.customer = frm.doc.party;
			return { filters };
		});
		frm.set_query("reference_doctype", () => ({
			filters: {
				name: ["in", ["Sales Order", "Quotation", "Opportunity", "Delivery Note", "Sales Invoice", "Contract"]],
			},
		}));
	},

	refresh(frm) {
		// the reference document's type in the reader's words (销售订单, not "Sales Order")
		neiqin.form_texts.translate(frm, { reference_doctype: "text" });
		const actions = (frm.doc.__onload && frm.doc.__onload.allowed_actions) || [];
		const group = __("Record");
		if (actions.includes("deliver")) {
			frm.add_custom_button(__("Mark Delivered"), () => mark_delivered(frm), group);
		}
		if (actions.includes("confirm")) {
			frm.add_custom_button(__("Confirm Receipt"), () => confirm_receipt(frm), group);
		}
		if (actions.includes("return") && (frm.doc.items || []).length) {
			frm.add_custom_button(__("Record Return"), () => record_return(frm), group);
		}
		if (actions.includes("lose")) {
			frm.add_custom_button(__("Mark Lost"), () => mark_lost(frm), group);
		}
		if (frm.doc.is_overdue) {
			frm.dashboard.set_headline_alert(
				__("Dispatched on {0} and not confirmed yet: check the shipment with the courier.", [
					frappe.datetime.str_to_user(frm.doc.dispatch_date),
				]),
				"red"
			);
		}
	},

	party_type(frm) {
		frm.set_value("party", null);
	},

	party(frm) {
		frm.set_value("contact", null);
		frm.set_value("address", null);
	},
});

function call_action(frm, method, args) {
	return frappe.call({
		method: `neiqin.sales_materials.api.${method}`,
		args: { name: frm.doc.name, ...args },
		freeze: true,
		callback: () => frm.reload_doc(),
	});
}

function mark_delivered(frm) {
	frappe.prompt(
		[{ fieldname: "delivered_on", label: __("Delivered On"), fieldtype: "Date", default: "Today", reqd: 1 }],
		(values) => call_action(frm, "mark_delivered", values),
		__("Mark Delivered"),
		__("Save")
	);
}

function confirm_receipt(frm) {
	frappe.prompt(
		[
			{ fieldname: "confirmed_on", label: __("Receipt Confirmed On"), fieldtype: "Date", default: "Today", reqd: 1 },
			{ fieldname: "received_by", label: __("Receipt Signed By"), fieldtype: "Data" },
		],
		(values) => call_action(frm, "confirm_receipt", values),
		__("Confirm Receipt"),
		__("Save")
	);
}

function mark_lost(frm) {
	frappe.prompt(
		[
			{ fieldname: "lost_on", label: __("Lost On"), fieldtype: "Date", default: "Today", reqd: 1 },
			{
				fieldname: "reason",
				label: __("Lost Reason", null, "Sales Material Log"),
				fieldtype: "Small Text",
				reqd: 1,
			},
		],
		(values) => call_action(frm, "mark_lost", values),
		__("Mark Lost"),
		__("Save")
	);
}

function record_return(frm) {
	const lines = (frm.doc.items || [])
		.filter((row) => row.qty - (row.returned_qty || 0) > 0)
		.map((row) => ({
			row: row.name,
			idx: row.idx,
			item: row.item_code || row.description,
			open_qty: row.qty - (row.returned_qty || 0),
			qty: 0,
		}));
	const dialog = new frappe.ui.Dialog({
		title: __("Record Return"),
		fields: [
			{ fieldname: "returned_on", label: __("Last Returned On"), fieldtype: "Date", default: "Today", reqd: 1 },
			{
				fieldname: "items",
				label: __("Items"),
				fieldtype: "Table",
				cannot_add_rows: true,
				in_place_edit: true,
				data: lines,
				fields: [
					{ fieldname: "row", fieldtype: "Data", hidden: 1 },
					{ fieldname: "idx", label: __("Row"), fieldtype: "Int", read_only: 1, in_list_view: 1, columns: 1 },
					{ fieldname: "item", label: __("Item"), fieldtype: "Data", read_only: 1, in_list_view: 1, columns: 4 },
					{ fieldname: "open_qty", label: __("Not Returned"), fieldtype: "Float", read_only: 1, in_list_view: 1, columns: 2 },
					{ fieldname: "qty", label: __("Returned Qty"), fieldtype: "Float", in_list_view: 1, columns: 2 },
				],
			},
		],
		primary_action_label: __("Save"),
		primary_action(values) {
			const items = (values.items || []).filter((row) => row.qty).map((row) => ({ row: row.row, qty: row.qty }));
			dialog.hide();
			call_action(frm, "record_return", { items, returned_on: values.returned_on });
		},
	});
	dialog.show();
}
