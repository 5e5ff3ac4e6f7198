// Dual review panel: rules, reviews, pending reviewers and check results on a governed
// document, with Approve / Reject for those allowed. Loaded through doctype_js; installs one
// "form-refresh" listener for every form whose doctype includes this file. The panel sits at
// the top of the form, above the tabs: frappe's own dashboard lives in the Connections tab
// of tabbed forms (Delivery Note, Sales Invoice, Sales Order), where reviewers would miss it.
frappe.provide("neiqin.review");

if (!neiqin.review.installed) {
	neiqin.review.installed = true;
	// Words ERPNext translates otherwise (同意/拒绝/强制性): neiqin's own words
	// (docs/glossary.md) come from the zh.csv rows with this context.
	const REVIEW_CONTEXT = "Document Review";

	// doctypes whose save asks first when it would void approvals (one handler per doctype)
	neiqin.review.guarded = new Set();

	$(document).on("form-refresh", (e, frm) => {
		if (!(frm.meta.__js || "").includes("neiqin.review.installed")) return;
		if (!neiqin.review.guarded.has(frm.doctype)) {
			neiqin.review.guarded.add(frm.doctype);
			frappe.ui.form.on(frm.doctype, "before_save", (f) => neiqin.review.confirm_save(f));
		}
		neiqin.review.clear(frm);
		if (frm.is_new()) return;
		neiqin.review.refresh(frm);
	});

	neiqin.review.clear = (frm) => {
		frm.layout.wrapper.find(".neiqin-review-area").remove();
	};

	neiqin.review.refresh = (frm) => {
		const { doctype, docname } = frm;
		frappe
			.call("neiqin.dual_review.api.get_review_status", { doctype, name: docname })
			.then((r) => {
				// the user may have moved on to another document meanwhile
				if (frm.doctype === doctype && frm.docname === docname) neiqin.review.render(frm, r.message);
			});
	};

	// Before a save that would void approvals that count now, say whose and why, and ask.
	neiqin.review.confirm_save = (frm) => {
		const status = frm.__neiqin_review;
		if (frm.is_new() || frm.doc.docstatus !== 0 || !frm.is_dirty()) return;
		if (!status || status.name !== frm.docname) return;
		if (!status.reviews.some((row) => row.counts && row.decision === "Approved")) return;
		return frappe
			.xcall("neiqin.dual_review.api.save_voids_approvals", {
				doctype: frm.doctype,
				name: frm.docname,
				doc: JSON.stringify(frm.doc),
			})
			.then((answer) => {
				if (!answer || !answer.voids) return;
				return new Promise((resolve) => {
					const esc = frappe.utils.escape_html;
					const dialog = frappe.confirm(
						__(
							"Saving changes {0}, which the approval by {1} covers: the approval will no longer count and the document must be approved again. Save anyway?",
							[esc(answer.changes), answer.approved_by.map(esc).join(", ")]
						),
						() => resolve(),
						() => {
							frappe.validated = false;
							resolve();
						}
					);
					dialog.set_title(__("Approvals will be voided"));
				});
			});
	};

	neiqin.review.render = (frm, status) => {
		frm.__neiqin_review = status;
		neiqin.review.clear(frm);
		if (!status || !status.governed) return;
		const esc = frappe.utils.escape_html;
		const names = (people) => people.map((p) => esc(p.full_name)).join(", ") || "–";
		const rules = status.rules.map((rule) => {
			const state = rule.rejected_by.length
				? `<span class="indicator-pill red">${__("Rejected", null, REVIEW_CONTEXT)}</span>`
				: rule.satisfied
				? `<span class="indicator-pill green">${__("Approved", null, REVIEW_CONTEXT)}</span>`
				: rule.is_open
				? `<span class="indicator-pill orange">${__("Awaiting review")}</span>`
				: `<span class="indicator-pill grey">${__("Waiting for earlier rules")}</span>`;
			// why approving under this rule is impossible now (to those who could approve), built
			// on the server with every data value escaped
			const blocked = (status.approval_blocked || {})[rule.name];
			const blocked_note = blocked
				? `<div class="text-danger small neiqin-approval-blocked">${blocked}</div>`
				: "";
			// check messages are built on the server with every data value escaped
			const checks = rule.checks
				.filter((c) => c.message !== undefined)
				.map(
					(c) => `<div>${c.passed ? "✔" : "✘"} <b>${esc(c.label || c.check)}</b>: ${c.message}
					${
						c.passed === false && !c.allow_override && !blocked
							? `<div class="text-danger small">${__(
									"This check cannot be overridden: change the document until it passes, then ask for the review again."
							  )}</div>`
							: ""
					}</div>`
				)
				.join("");
			const condition = rule.condition_error
				? `<div class="text-warning small">${rule.condition_error}</div>`
				: "";
			return `<div class="mb-3">
				<div><b>${esc(rule.title)}</b> ${state}
				${__("Approvals: {0} of {1}", [rule.approvals, rule.min_reviewers])}</div>
				<div class="text-muted small">${__("Approved by")}: ${names(rule.approved_by)}
				· ${__("Rejected by")}: ${names(rule.rejected_by)}
				· ${__("Pending reviewers")}: ${names(rule.pending_reviewers)}</div>
				${condition}${checks}${blocked_note}</div>`;
		});
		const history = status.reviews.map(
			(row) => `<div class="small ${row.counts ? "" : "text-muted"}">
				${frappe.datetime.str_to_user(row.reviewed_on)} · ${esc(row.reviewer_name)} ·
				${__(row.decision, null, REVIEW_CONTEXT)} · ${esc(row.rule_title || "")} · ${__(row.status, null, REVIEW_CONTEXT)}
				${row.comment ? "· " + esc(row.comment) : ""}
				${row.void_reason ? "· " + esc(row.void_reason) : ""}</div>`
		);
		// reasons are built on the server, every data value in them escaped
		const reasons = status.reasons.length
			? `<div class="alert alert-warning">${status.reasons.map((r) => `<div>${r}</div>`).join("")}</div>`
			: "";
		const excluded = status.excluded_because
			? `<div class="text-muted small mb-2">${status.excluded_because}</div>`
			: "";
		const body = frm.dashboard.add_section(
			reasons + excluded + rules.join("") + (history.length ? `<hr>${history.join("")}` : ""),
			__("Dual Review"),
			"custom neiqin-review"
		);
		$('<div class="form-dashboard neiqin-review-area"></div>')
			.append(body.closest(".form-dashboard-section"))
			.prependTo(frm.layout.page);
		if (frm.doc.docstatus !== 0) return;
		if (status.can_approve) {
			frm.add_custom_button(
				__("Approve", null, REVIEW_CONTEXT),
				() => neiqin.review.approve(frm, status),
				__("Dual Review")
			);
		}
		const blocked = Object.values(status.approval_blocked || {});
		if (!status.can_approve && blocked.length) {
			// approving is impossible: the button says why instead of asking for a justification
			const button = frm.add_custom_button(
				__("Approve", null, REVIEW_CONTEXT),
				() => frappe.msgprint(blocked.join("<br>"), __("Approval not possible")),
				__("Dual Review")
			);
			button.addClass("disabled neiqin-approve-blocked").attr("title", __("Approval not possible"));
		}
		if (status.can_reject) {
			frm.add_custom_button(
				__("Reject", null, REVIEW_CONTEXT),
				() => neiqin.review.reject(frm, status),
				__("Dual Review")
			);
		}
	};

	// every decision carries the content hash the reviewer saw: the server refuses it when
	// the document changed meanwhile
	neiqin.review.send = (frm, status, args) => {
		if (frm.is_dirty()) {
			frappe.msgprint(__("Save the document before reviewing it."));
			return;
		}
		return frappe
			.call({
				method: "neiqin.dual_review.api.review",
				args: { doctype: frm.doctype, name: frm.docname, content_hash: status.content_hash, ...args },
				freeze: true,
			})
			.then(() => frm.reload_doc());
	};

	neiqin.review.approve = (frm, status) => {
		const rules = status.rules.filter((rule) => rule.can_approve);
		const byQuestion = {};
		rules.forEach((rule) =>
			rule.checklist.forEach((q) => {
				const seen = byQuestion[q.question];
				byQuestion[q.question] = { ...q, mandatory: q.mandatory || (seen && seen.mandatory) };
			})
		);
		const questions = Object.keys(byQuestion);
		// a justification is asked only for checks the rule allows to override (the others
		// block approving under their rule: the server leaves such rules out of can_approve)
		const failing = rules.some((rule) => rule.checks.some((c) => c.passed === false && c.allow_override));
		// questions are data: escaped; mandatory ones are marked
		const fields = questions.map((question, i) => ({
			fieldname: `q${i}`,
			fieldtype: "Check",
			label:
				frappe.utils.escape_html(byQuestion[question].label || question) +
				(byQuestion[question].mandatory ? " *" : ""),
			description: byQuestion[question].mandatory ? __("Mandatory", null, REVIEW_CONTEXT) : "",
		}));
		fields.push({ fieldname: "comment", fieldtype: "Small Text", label: __("Comment") });
		if (failing) {
			fields.push({
				fieldname: "justification",
				fieldtype: "Small Text",
				label: __("Override Justification"),
				description: __("An automatic check failed; explain why you approve anyway."),
			});
		}
		const dialog = new frappe.ui.Dialog({
			title: __("Approve", null, REVIEW_CONTEXT),
			fields,
			primary_action_label: __("Approve", null, REVIEW_CONTEXT),
			primary_action: (values) => {
				const checklist = questions.map((question, i) => ({ question, answer: values[`q${i}`] ? 1 : 0 }));
				neiqin.review
					.send(frm, status, {
						decision: "Approved",
						comment: values.comment,
						justification: values.justification,
						checklist: JSON.stringify(checklist),
					})
					?.then(() => dialog.hide());
			},
		});
		dialog.show();
	};

	neiqin.review.reject = (frm, status) => {
		frappe.prompt(
			{ fieldname: "comment", fieldtype: "Small Text", label: __("Reason"), reqd: 1 },
			(values) => neiqin.review.send(frm, status, { decision: "Rejected", comment: values.comment }),
			__("Reject", null, REVIEW_CONTEXT),
			__("Reject", null, REVIEW_CONTEXT)
		);
	};
}
