// Dual review state in the list of a governed doctype (待复核 1/2, 已批准, 已驳回): a pill next
// to each draft's status, from `neiqin.dual_review.api.review_states` (the drafts the user may
// read). Loaded through doctype_list_js; wraps the doctype's own list settings.
frappe.provide("neiqin.review_list");

neiqin.review_list.decorate = (listview) => {
	const drafts = (listview.data || []).filter((doc) => doc.docstatus === 0).map((doc) => doc.name);
	if (!drafts.length) return;
	frappe
		.xcall("neiqin.dual_review.api.review_states", { doctype: listview.doctype, names: drafts })
		.then((states) => {
			const esc = frappe.utils.escape_html;
			Object.entries(states || {}).forEach(([name, state]) => {
				const $row = listview.$result
					.find(".list-row-checkbox")
					.filter((i, el) => $(el).attr("data-name") === encodeURIComponent(name) || $(el).attr("data-name") === name)
					.closest(".list-row");
				$row.find(".neiqin-review-state").remove();
				const $pill = $(
					`<span class="indicator-pill ${esc(state.color)} no-indicator-dot ellipsis neiqin-review-state"
						data-review-state="${esc(state.state)}" title="${esc(state.label)}">
						<span class="ellipsis">${esc(state.label)}</span></span>`
				);
				const $status = $row.find(".indicator-pill").first();
				if ($status.length) $status.after($pill);
				else $row.find(".list-row-col").first().append($pill);
			});
		});
};

neiqin.review_list.install = (doctype) => {
	const settings = (frappe.listview_settings[doctype] = frappe.listview_settings[doctype] || {});
	if (settings.__neiqin_review) return;
	settings.__neiqin_review = true;
	const onload = settings.onload;
	settings.onload = function (listview) {
		if (onload) onload.apply(this, arguments);
		const render_list = listview.render_list;
		listview.render_list = function () {
			render_list.apply(this, arguments);
			neiqin.review_list.decorate(this);
		};
	};
};

["Delivery Note", "Sales Invoice", "Sales Order"].forEach(neiqin.review_list.install);
