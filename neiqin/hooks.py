app_name = "neiqin"
app_title = "Neiqin"
app_publisher = "neiqin contributors"
app_description = "Sales back-office (销售内勤) for ERPNext: dual review, contract fulfilment, sales material logs and sales reports"
app_email = "dev@neiqin.invalid"
app_license = "mit"

# "frappe/erpnext" (not a bare "erpnext") so that install-app needs no network lookup
required_apps = ["frappe/erpnext"]

export_python_type_annotations = True
require_type_annotated_api_methods = True  # takes effect on v16

# Installation
# ------------
after_install = "neiqin.install.after_install"
after_migrate = "neiqin.install.after_migrate"
before_uninstall = [
	"neiqin.permissions.revoke_role_rights",
	"neiqin.uninstall.before_uninstall",
]

# Desk
# ----
doctype_js = {
	# Dual review panel (rules, reviews, checks, Approve / Reject) on governed documents
	"Delivery Note": "dual_review/js/review_panel.js",
	"Sales Invoice": "dual_review/js/review_panel.js",
	"Sales Order": "dual_review/js/review_panel.js",
	"Sales Material Log": "dual_review/js/review_panel.js",
}

# Document events (one small module per ERPNext doctype under neiqin/overrides/,
# capability-wide handlers inside their capability)
doc_events = {
	# Dual review: the gate for every submittable doctype (a cached no-op where no rule applies)
	"*": {
		"on_update": "neiqin.dual_review.gate.on_update",
		"before_submit": "neiqin.dual_review.gate.before_submit",
		"on_submit": "neiqin.dual_review.gate.on_submit",
		"on_trash": "neiqin.dual_review.gate.on_trash",
	},
	# Dual review: rules are cached; any change of a rule clears the cache
	"Review Rule": {
		"on_change": "neiqin.dual_review.rules.on_rule_change",
		"on_trash": "neiqin.dual_review.rules.on_rule_change",
	},
	# Sales materials: a recorded review moves a draft log between Requested and Approved
	"Document Review": {
		"after_insert": "neiqin.sales_materials.review.on_review_recorded",
	},
	# Contract fulfilment: every event after which an order's table may change recomputes it
	"Sales Order": {
		"on_change": "neiqin.overrides.sales_order.refresh_contract_fulfilment",
		"on_trash": "neiqin.overrides.sales_order.delete_contract_fulfilment",
	},
	"Delivery Note": {
		"on_submit": "neiqin.overrides.delivery_note.refresh_contract_fulfilment",
		"on_cancel": "neiqin.overrides.delivery_note.refresh_contract_fulfilment",
	},
	"Sales Invoice": {
		"on_submit": "neiqin.overrides.sales_invoice.refresh_contract_fulfilment",
		"on_cancel": "neiqin.overrides.sales_invoice.refresh_contract_fulfilment",
	},
	"Payment Entry": {
		"on_submit": "neiqin.overrides.payment_entry.refresh_contract_fulfilment",
		"on_cancel": "neiqin.overrides.payment_entry.refresh_contract_fulfilment",
		"on_update_after_submit": "neiqin.overrides.payment_entry.refresh_contract_fulfilment",
	},
	"Journal Entry": {
		"on_submit": "neiqin.overrides.journal_entry.refresh_contract_fulfilment",
		"on_cancel": "neiqin.overrides.journal_entry.refresh_contract_fulfilment",
		"on_update_after_submit": "neiqin.overrides.journal_entry.refresh_contract_fulfilment",
	},
	"Payment Ledger Entry": {
		"on_submit": "neiqin.overrides.payment_ledger_entry.refresh_contract_fulfilment",
	},
	"Unreconcile Payment": {
		"on_submit": "neiqin.overrides.unreconcile_payment.refresh_contract_fulfilment",
	},
	"Contract": {
		"on_change": "neiqin.overrides.contract.refresh_contract_fulfilment",
		"after_delete": "neiqin.overrides.contract.refresh_contract_fulfilment",
	},
	"Stock Entry": {
		"validate": "neiqin.sales_materials.stock.guard_stock_entry",
		"before_cancel": "neiqin.sales_materials.stock.guard_stock_entry",
	},
}

# Scheduled tasks
# ---------------
scheduler_events = {
	"daily": [
		# first: contract lines fall overdue with the date alone (read by the reminders below)
		"neiqin.contract_fulfilment.rebuild.refresh_overdue_tables",
		"neiqin.sales_materials.tasks.mark_overdue_logs",
		"neiqin.contract_fulfilment.reminders.send_delivery_reminders",
	],
}

# Deleting a (cancelled) Sales Order is not blocked by the rows that remember its reminders
# Contract Fulfilment links to its order and contract: the order deletes its table itself
# (on_trash) and a deleted Contract is dropped from the table by recomputation (after_delete)
ignore_links_on_delete = ["Contract Delivery Reminder Log", "Document Review", "Contract Fulfilment"]

# A Sales Order's Connections show its Contract Fulfilment (list values: other apps add theirs)
override_doctype_dashboards = {
	"Sales Order": ["neiqin.overrides.sales_order.add_fulfilment_to_dashboard"],
}

# Dual review: automatic checks shown to reviewers ({name: dotted path of `run(doc)`});
# other apps register theirs the same way.
neiqin_review_checks = {
	"items_match_order": "neiqin.dual_review.checks.items_match_order.run",
	"price_not_below_list": "neiqin.dual_review.checks.price_not_below_list.run",
	"credit_available": "neiqin.dual_review.checks.credit_available.run",
}
