{% include "neiqin/form_texts.js" %}

// Notification Channel: "Send Test Message" posts to the robot at once and says whether it was
// sent and, if not, why (never the remote server's answer).
neiqin.form_texts.select_values_in_context("Notification Channel Event");
frappe.ui.form.on("Notification Channel", {
	refresh(frm) {
		if (frm.is_new() || !frm.perm[0] || !frm.perm[0].write) return;
		frm.add_custom_button(__("Send Test Message"), () => {
			frm.call({ doc: frm.doc, method: "send_test_message", freeze: true }).then((r) => {
				const result = r.message || {};
				frappe.msgprint({
					title: result.sent ? __("The channel accepted the message") : __("The channel refused the message"),
					indicator: result.sent ? "green" : "red",
					message: result.reason || "",
				});
				frm.reload_doc();
			});
		});
	},
});
