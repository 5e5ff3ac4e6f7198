{% include "neiqin/form_texts.js" %}

// Notification Channel: "Send test message" posts to the robot at once and shows its answer.
neiqin.form_texts.select_values_in_context("Notification Channel Event");
frappe.ui.form.on("Notification Channel", {
	refresh(frm) {
		if (frm.is_new() || !frm.perm[0] || !frm.perm[0].write) return;
		frm.add_custom_button(__("Send Test Message"), () => {
			frm.call({ doc: frm.doc, method: "send_test_message", freeze: true }).then((r) => {
				const result = r.message || {};
				const answer = JSON.stringify(result.answer || result.error || {});
				frappe.msgprint({
					title: result.accepted ? __("The channel accepted the message") : __("The channel refused the message"),
					indicator: result.accepted ? "green" : "red",
					message: frappe.utils.escape_html(answer),
				});
				frm.reload_doc();
			});
		});
	},
});
