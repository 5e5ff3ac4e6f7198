frappe.ui.form.on("Customer", {
	refresh(frm) {
		const visits = frm.doc.__onload && frm.doc.__onload.neiqin_visits;
		if (!visits || !visits.last_visit) {
			return;
		}
		frm.dashboard.add_indicator(
			__("Last Visit: {0} ({1} days ago)", [frappe.datetime.str_to_user(visits.last_visit), visits.days_since]),
			"blue"
		);
		if (visits.next_visit) {
			frm.dashboard.add_indicator(
				__("Next Visit: {0}", [frappe.datetime.str_to_user(visits.next_visit)]),
				visits.overdue ? "red" : "green"
			);
		}
	},
});
