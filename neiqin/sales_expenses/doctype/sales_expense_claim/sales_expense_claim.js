{% include "neiqin/form_texts.js" %}

neiqin.form_texts.select_values_in_context("Sales Expense Claim");
frappe.ui.form.on("Sales Expense Claim", {
	setup(frm) {
		// lines cite the employee's approved requests of the claim's company
		frm.set_query("sales_expense_request", "lines", () => ({
			filters: { docstatus: 1, company: frm.doc.company, employee: frm.doc.employee },
		}));
	},
	refresh(frm) {
		const doc = frm.doc;
		// Pay Employee: finance drafts the payment of what the claim still owes
		if (doc.docstatus === 1 && doc.payable_amount - (doc.paid_amount || 0) > 0.005) {
			frm.add_custom_button(__("Pay Employee"), () =>
				frappe
					.call("neiqin.sales_expenses.api.make_employee_payment", { name: doc.name })
					.then((r) => frappe.set_route("Form", "Payment Entry", r.message))
			);
		}
	},
});
