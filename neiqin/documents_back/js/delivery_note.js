// Documents back: the state of the delivery's signed receipt (签收回单) on the Delivery Note,
// from onload (neiqin.documents_back.receipts.delivery_note_onload).
frappe.ui.form.on("Delivery Note", {
	refresh(frm) {
		const receipt = (frm.doc.__onload || {}).signed_delivery_receipt;
		if (!receipt) return;
		const colours = { Awaiting: "orange", Returned: "green", Archived: "blue", Lost: "red" };
		const status = __(receipt.status, null, "Signed Delivery Receipt");
		const link = frappe.utils.get_form_link("Signed Delivery Receipt", receipt.name, true);
		const text =
			receipt.status === "Awaiting"
				? __("Signed receipt {0}: {1}, due back on {2}", [link, status, frappe.datetime.str_to_user(receipt.due_date)])
				: __("Signed receipt {0}: {1}", [link, status]);
		frm.dashboard.add_comment(text, receipt.is_overdue ? "red" : colours[receipt.status] || "gray", true);
	},
});
