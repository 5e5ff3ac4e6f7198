{% include "neiqin/form_texts.js" %}

neiqin.form_texts.select_values_in_context("Sales Expense Request");
frappe.ui.form.on("Sales Expense Request", {
	refresh(frm) {
		const doc = frm.doc;
		// Pay Advance: finance drafts the advance of an approved request (one per request)
		if (doc.docstatus === 1 && doc.advance_amount > 0 && !doc.advance_payment_entry && !doc.claimed_amount) {
			frm.add_custom_button(__("Pay Advance"), () =>
				frappe
					.call("neiqin.sales_expenses.api.make_advance_payment", { name: doc.name })
					.then((r) => frappe.set_route("Form", "Payment Entry", r.message))
			);
		}
	},
	territory(frm) {
		if (!frm.doc.territory) return;
		frappe.db.get_value("Territory", frm.doc.territory, "expense_cost_center").then((r) => {
			const cost_center = r.message && r.message.expense_cost_center;
			if (cost_center) frm.set_value("cost_center", cost_center);
		});
	},
});
