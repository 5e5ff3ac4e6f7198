// Included into the scripts of forms that show texts frappe leaves in English (see their first
// line). Texts neiqin stores in English — rule titles and checklist questions written at
// install, names of document types and roles — read in the user's language wherever the form
// only displays them (read-only fields, table rows): frappe shows them as stored (a Link to
// DocType or Role is not translated for users who cannot read DocType or Role, a Data field
// never is). And descriptions of Datetime fields, to which frappe appends the time zone before
// translating them (then finding no translation).
frappe.provide("neiqin.form_texts");

// (a read-only Data field hands its value over escaped: the lookup needs the text itself)
neiqin.form_texts.shown = (value) =>
	frappe.utils.escape_html(__(frappe.utils.unescape_html(String(value || ""))));

// how each kind of field is displayed
neiqin.form_texts.formatters = {
	// a text or a name
	text: (value) => neiqin.form_texts.shown(value),
	// names one per line (a Small Text)
	lines: (value) =>
		(value || "")
			.split("\n")
			.filter((line) => line.trim())
			.map((line) => neiqin.form_texts.shown(line.trim()))
			.join(", "),
	// a Table MultiSelect: the link of each row
	rows: (rows, df) => {
		const link = frappe.get_meta(df.options).fields.find((field) => field.fieldtype === "Link");
		return (rows || []).map((row) => neiqin.form_texts.shown(row[link.fieldname])).join(", ");
	},
};

// fields: {fieldname: kind}; tables: {table fieldname: [column fieldnames shown as text]}
neiqin.form_texts.translate = (frm, fields, tables = {}) => {
	for (const [fieldname, kind] of Object.entries(fields)) {
		frm.set_df_property(fieldname, "formatter", neiqin.form_texts.formatters[kind]);
	}
	for (const [table, columns] of Object.entries(tables)) {
		const grid = frm.fields_dict[table].grid;
		for (const column of columns) {
			grid.update_docfield_property(column, "formatter", neiqin.form_texts.formatters.text);
		}
		grid.refresh();
	}
};

// on refresh: the descriptions of these Datetime fields handed over already translated
neiqin.form_texts.translate_datetime_descriptions = (frm, fieldnames) => {
	for (const fieldname of fieldnames) {
		const description = frappe.meta.docfield_map[frm.doctype][fieldname].description;
		frm.set_df_property(fieldname, "description", __(description, null, frm.doctype));
	}
};

// Select values shown in the doctype's own words wherever frappe displays them (list columns,
// read-only fields, table rows): its formatter translates them without context, while its Select
// control (the dropdown) passes the doctype, so "Sample" would read 样本 in the list but 样品 in
// the dropdown (zh.csv rows with the doctype as context, docs/glossary.md).
neiqin.form_texts.select_values_in_context = (...doctypes) => {
	for (const doctype of doctypes) {
		for (const df of Object.values(frappe.meta.docfield_map[doctype] || {})) {
			if (df.fieldtype === "Select" && !df.formatter) {
				df.formatter = (value) => __(value, null, doctype);
			}
		}
	}
};

// The same in a list: frappe draws a Select column as a filter pill around `__(value)`; these
// `listview_settings.formatters` draw that pill around the value in the doctype's words.
neiqin.form_texts.select_columns_in_context = (doctype) => {
	const formatters = {};
	for (const df of Object.values(frappe.meta.docfield_map[doctype] || {})) {
		if (df.fieldtype !== "Select") continue;
		formatters[df.fieldname] = (value) => {
			const raw = frappe.utils.escape_html(value || "");
			const shown = frappe.utils.escape_html(__(value || "", null, doctype));
			return `<span class="ellipsis" title="${__(df.label, null, doctype)}: ${shown}">
				<span class="filterable indicator-pill ${frappe.utils.guess_colour(raw)} ellipsis"
					data-filter="${df.fieldname},=,${raw}"><span class="ellipsis"> ${shown} </span></span>
			</span>`;
		};
	}
	return formatters;
};

// The list's standard filters: frappe builds a Select filter without its doctype, so its options
// read the plain rows (ERPNext's 样本, 文档, 要求 …) while the rows' pills read the doctype's own
// words (样品, 文件, 已申请 …). `listview_settings.onload`: the filters in the doctype's words.
neiqin.form_texts.select_filters_in_context = (listview) => {
	for (const field of Object.values(listview.page.fields_dict || {})) {
		if (field.df.fieldtype !== "Select" || !field.set_options) continue;
		field.df.context = listview.doctype;
		field.last_options = null;
		field.set_options();
	}
};
