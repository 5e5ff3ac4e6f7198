frappe.listview_settings["Review Rule"] = {
	// the example rules' titles are stored in English (written at install, before the site's
	// language is set): shown in the user's language
	formatters: { title: (value) => __(value || "") },
};
