// Courier tracking link (and the latest tracking state) on a Sales Material Log or a
// Delivery Note whose courier has Courier Tracking Settings. Values come from onload.
["Sales Material Log", "Delivery Note"].forEach((doctype) => {
	frappe.ui.form.on(doctype, {
		refresh(frm) {
			const onload = frm.doc.__onload || {};
			if (onload.tracking_url) {
				frm.add_custom_button(__("Track Shipment"), () => window.open(onload.tracking_url, "_blank", "noopener"));
			}
			const state = onload.shipment_tracking;
			if (state && state.state_label) {
				frm.dashboard.add_comment(
					__("Courier tracking: {0} (checked {1})", [
						frappe.utils.escape_html(__(state.state_label)),
						frappe.datetime.str_to_user(state.last_checked),
					]),
					"blue",
					true
				);
			}
		},
	});
});
