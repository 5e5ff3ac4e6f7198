{% include "neiqin/form_texts.js" %}

// The register's list: status indicators and the import of the tax platform's export (a preview
// of every row and its Sales Invoices first; nothing is saved when any row is refused).
frappe.listview_settings["Fapiao"] = {
	formatters: neiqin.form_texts.select_columns_in_context("Fapiao"),
	add_fields: ["status", "is_red_letter"],
	get_indicator(doc) {
		const colours = { Issued: "orange", Mailed: "blue", "Received by Customer": "green", Reversed: "purple", Void: "gray" };
		return [__(doc.status, null, "Fapiao"), colours[doc.status] || "gray", `status,=,${doc.status}`];
	},
	onload(listview) {
		neiqin.form_texts.select_filters_in_context(listview);
		if (frappe.model.can_create("Fapiao")) {
			listview.page.add_inner_button(__("Import from Tax Platform"), () => neiqin.fapiao_import.open(listview));
		}
	},
};

frappe.provide("neiqin.fapiao_import");
neiqin.fapiao_import.table = (rows) => {
	const esc = frappe.utils.escape_html;
	const body = rows
		.map((row) => {
			const invoices = row.sales_invoices.map((inv) => `${esc(inv.sales_invoice)} (${format_currency(inv.amount)})`).join("<br>");
			const problems = row.problems.length
				? `<span class="text-danger">${row.problems.join("<br>")}</span>`
				: `<span class="text-success">${__("OK")}</span>`;
			return `<tr><td>${row.row}</td><td>${esc(row.fapiao_code || "")} ${esc(row.fapiao_number)}</td>
				<td>${esc(__(row.fapiao_type, null, "Fapiao"))}</td><td>${esc(row.issue_date || "")}</td>
				<td>${esc(row.buyer_name)}</td><td class="text-right">${format_currency(row.total)}</td>
				<td>${esc(__(row.status, null, "Fapiao"))}</td><td>${invoices}</td><td>${problems}</td></tr>`;
		})
		.join("");
	const head = [__("Row"), __("Fapiao Number"), __("Fapiao Type"), __("Issue Date"), __("Buyer Name"), __("Total (incl. tax)"), __("Status"), __("Sales Invoices"), __("Check")]
		.map((label) => `<th>${esc(label)}</th>`)
		.join("");
	return `<div class="table-responsive"><table class="table table-bordered table-sm"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
};

neiqin.fapiao_import.open = (listview) => {
	const dialog = new frappe.ui.Dialog({
		title: __("Import from Tax Platform"),
		size: "extra-large",
		fields: [
			{ fieldname: "company", fieldtype: "Link", options: "Company", label: __("Company"), reqd: 1, default: frappe.defaults.get_user_default("Company") },
			{
				fieldname: "file_url",
				fieldtype: "Attach",
				label: __("Export of the tax platform (.xlsx)"),
				reqd: 1,
				description: __("电子发票服务平台 › 发票查询统计 › 全量发票查询 › 导出 (columns 发票代码, 发票号码 / 数电票号码, 开票日期, 购买方名称, 购买方识别号, 金额, 税额, 价税合计, 发票状态, 备注)."),
			},
			{ fieldname: "preview", fieldtype: "HTML" },
		],
		primary_action_label: __("Preview"),
		primary_action(values) {
			const method = dialog.previewed_ok ? "import_fapiao" : "preview_fapiao_import";
			frappe
				.call({ method: `neiqin.documents_back.api.${method}`, args: values, freeze: true })
				.then((r) => {
					const result = r.message;
					if (method === "import_fapiao") {
						frappe.show_alert({ message: __("{0} fapiao imported", [result.imported]), indicator: "green" });
						dialog.hide();
						listview.refresh();
						return;
					}
					dialog.fields_dict.preview.$wrapper.html(neiqin.fapiao_import.table(result.rows));
					dialog.previewed_ok = !result.refused;
					dialog.set_primary_action(dialog.previewed_ok ? __("Import") : __("Preview"), dialog.primary_action);
					if (result.refused) {
						frappe.show_alert({ message: __("{0} rows are refused; nothing can be imported until they are fixed.", [result.refused]), indicator: "red" });
					}
				});
		},
	});
	dialog.fields_dict.file_url.df.onchange = () => {
		dialog.previewed_ok = false;
		dialog.set_primary_action(__("Preview"), dialog.primary_action);
	};
	dialog.show();
};
