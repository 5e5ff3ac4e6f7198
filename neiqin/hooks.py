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
# install-app on a running site whose cached module map predates neiqin in apps.txt
before_install = "neiqin.install.before_install"
after_install = "neiqin.install.after_install"
after_sync = "neiqin.install.after_sync"
after_migrate = "neiqin.install.after_migrate"
before_uninstall = [
	"neiqin.permissions.revoke_role_rights",
	"neiqin.uninstall.before_uninstall",
	"neiqin.overrides.user.clear_default_workspaces",
	"neiqin.indexes.drop_from_other_apps",
]

# Desk
# ----
doctype_js = {
	# Dual review panel (rules, reviews, checks, Approve / Reject) on governed documents
	# and the courier tracking link (channels) on a Delivery Note / Sales Material Log with a courier
	"Delivery Note": [
		"dual_review/js/review_panel.js",
		"channels/js/tracking_link.js",
		# Documents back: the state of the delivery's signed receipt
		"documents_back/js/delivery_note.js",
	],
	"Sales Invoice": "dual_review/js/review_panel.js",
	"Sales Order": "dual_review/js/review_panel.js",
	"Sales Material Log": ["dual_review/js/review_panel.js", "channels/js/tracking_link.js"],
	"Seal Usage Log": "dual_review/js/review_panel.js",
	"Invoice Request": "dual_review/js/review_panel.js",
	# Sales expenses: requests and claims are approved through the dual review
	"Sales Expense Request": "dual_review/js/review_panel.js",
	"Sales Expense Claim": "dual_review/js/review_panel.js",
	"Customer": [
		# Sales compliance: the customer's qualifications and their state
		"sales_compliance/js/customer.js",
		# Registers: last and next customer visit
		"registers/js/customer.js",
	],
}

# Desk: the awesome bar finds neiqin's doctypes by the words clerks type (支票, 印章, 机器人 …)
boot_session = ["neiqin.search_keywords.boot_session"]

# Dual review: the review state (待复核 1/2, 已批准, 已驳回) of drafts in the lists
doctype_list_js = {
	"Delivery Note": "dual_review/js/review_list.js",
	"Sales Invoice": "dual_review/js/review_list.js",
	"Sales Order": "dual_review/js/review_list.js",
}

# Document events. Every neiqin step on an ERPNext doctype is listed, in order, in
# neiqin/overrides/<doctype>.py (`STEPS`); its `run` is wired here for each event it lists.
# neiqin's own doctypes keep their handlers inside their capability.
doc_events = {
	# Dual review: the gate for every submittable doctype (a cached no-op where no rule applies);
	# a doctype whose override module lists the gate runs it there instead
	"*": dict.fromkeys(
		(
			"on_update",
			"before_submit",
			"on_submit",
			"before_update_after_submit",
			"on_update_after_submit",
			"on_trash",
		),
		"neiqin.overrides.every_doctype.run",
	),
	# Dual review: rules are cached; any change of a rule clears the cache
	"Review Rule": {
		"on_change": "neiqin.dual_review.rules.on_rule_change",
		"on_trash": "neiqin.dual_review.rules.on_rule_change",
	},
	# Sales materials: a recorded review moves a draft log between Requested and Approved
	"Document Review": {
		"after_insert": "neiqin.sales_materials.review.on_review_recorded",
	},
	"Sales Order": dict.fromkeys(
		(
			"onload",
			"before_print",
			"validate",
			"on_update",
			"before_submit",
			"on_submit",
			"before_update_after_submit",
			"on_update_after_submit",
			"on_cancel",
			"on_change",
			"on_trash",
		),
		"neiqin.overrides.sales_order.run",
	),
	"Sales Order Item": dict.fromkeys(
		("validate", "before_update_after_submit"), "neiqin.overrides.sales_order_item.run"
	),
	"Delivery Note": dict.fromkeys(
		(
			"onload",
			"before_print",
			"validate",
			"on_update",
			"before_submit",
			"on_submit",
			"before_update_after_submit",
			"on_update_after_submit",
			"on_cancel",
			"on_trash",
		),
		"neiqin.overrides.delivery_note.run",
	),
	"Sales Invoice": dict.fromkeys(
		(
			"onload",
			"before_print",
			"validate",
			"on_update",
			"before_submit",
			"on_submit",
			"before_update_after_submit",
			"on_update_after_submit",
			"on_cancel",
			"on_trash",
		),
		"neiqin.overrides.sales_invoice.run",
	),
	"POS Invoice": dict.fromkeys(
		(
			"validate",
			"on_update",
			"before_submit",
			"on_submit",
			"before_update_after_submit",
			"on_update_after_submit",
			"on_cancel",
			"on_trash",
		),
		"neiqin.overrides.pos_invoice.run",
	),
	"Payment Entry": dict.fromkeys(
		("validate", "before_submit", "on_submit", "on_cancel", "on_update_after_submit", "on_trash"),
		"neiqin.overrides.payment_entry.run",
	),
	"Journal Entry": dict.fromkeys(
		("on_submit", "on_cancel", "on_update_after_submit"),
		"neiqin.overrides.journal_entry.run",
	),
	"Stock Entry": dict.fromkeys(("validate", "before_cancel"), "neiqin.overrides.stock_entry.run"),
	"Customer": dict.fromkeys(("onload", "validate", "on_update"), "neiqin.overrides.customer.run"),
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
	# Desk: a Sales Admin lands on the Sales Back Office workspace
	"User": {
		"validate": "neiqin.overrides.user.set_default_workspace",
	},
	# Plans and follow-up: a logged, changed or deleted visit updates the visit plans of its week
	"Customer Visit Log": {
		"on_change": "neiqin.sales_plans.visit_plans.on_visit_log_change",
		"after_delete": "neiqin.sales_plans.visit_plans.on_visit_log_change",
	},
	# Channels: the courier tracking link and latest state on the form
	"Sales Material Log": {
		"onload": "neiqin.channels.tracking.links.material_log_onload",
		# Documents back: the fapiao a log mails is Mailed while the log is dispatched
		"on_submit": "neiqin.documents_back.fapiao.on_material_log_change",
		"on_cancel": "neiqin.documents_back.fapiao.on_material_log_change",
		"on_update_after_submit": "neiqin.documents_back.fapiao.on_material_log_change",
	},
}

# Permissions
# -----------
# Dual review: reviews, their answers and results, and content changes are visible only to
# readers of the reviewed document
permission_query_conditions = {
	"Document Review": "neiqin.dual_review.privacy.review_query_conditions",
	"Document Review Checklist Answer": "neiqin.dual_review.privacy.checklist_answer_query_conditions",
	"Document Review Check Result": "neiqin.dual_review.privacy.check_result_query_conditions",
	"Review Content Change": "neiqin.dual_review.privacy.content_change_query_conditions",
	# Registers: a Sales User sees and edits the logs of his own visits only
	"Customer Visit Log": "neiqin.registers.visits.permission_query_conditions",
	# Sales expenses: a Sales User sees and edits his own requests and claims only
	"Sales Expense Request": "neiqin.sales_expenses.access.request_query_conditions",
	"Sales Expense Claim": "neiqin.sales_expenses.access.claim_query_conditions",
}
has_permission = {
	"Document Review": "neiqin.dual_review.privacy.has_review_permission",
	"Review Content Change": "neiqin.dual_review.privacy.has_review_permission",
	"Customer Visit Log": "neiqin.registers.visits.has_permission",
	"Sales Expense Request": "neiqin.sales_expenses.access.has_permission",
	"Sales Expense Claim": "neiqin.sales_expenses.access.has_permission",
}

# User Permissions: neiqin's documents that name a customer are read only by users who may read
# that customer (its territory, group, sales team …), in lists, forms, REST and reports alike
from neiqin.user_permissions import CUSTOMER_DOCUMENTS as _CUSTOMER_DOCUMENTS

for _doctype in _CUSTOMER_DOCUMENTS:
	for _hooks, _method in (
		(permission_query_conditions, "neiqin.user_permissions.query_conditions"),
		(has_permission, "neiqin.user_permissions.has_permission"),
	):
		_hooks[_doctype] = [*([_hooks[_doctype]] if _doctype in _hooks else []), _method]

# Scheduled tasks
# ---------------
scheduler_events = {
	"daily": [
		# first: contract lines fall overdue with the date alone (read by the reminders below)
		"neiqin.contract_fulfilment.rebuild.refresh_overdue_tables",
		"neiqin.sales_materials.tasks.mark_overdue_logs",
		"neiqin.contract_fulfilment.reminders.send_delivery_reminders",
		# qualification and approval statuses follow the calendar, then expiring qualifications are announced
		"neiqin.sales_compliance.reminders.refresh_statuses",
		"neiqin.sales_compliance.reminders.send_expiry_reminders",
		"neiqin.registers.visits.send_visit_reminders",
		"neiqin.registers.instruments.flag_late_handovers",
		# channels: contracts that fell overdue yesterday, bills falling due, then the digest of the day
		"neiqin.channels.digest.announce_overdue_contracts",
		"neiqin.channels.digest.announce_maturing_bills",
		"neiqin.channels.digest.send_daily_digest",
		# documents back: overdue signed delivery receipts flagged and reminded
		"neiqin.documents_back.receipts.send_overdue_reminders",
		# sales expenses: advances not settled within Advance Settle Days reminded
		"neiqin.sales_expenses.advances.send_overdue_reminders",
		# plans and follow-up: collection follow-ups' statuses from the ledger, broken promises announced
		"neiqin.sales_plans.followups.refresh_statuses",
	],
	"cron": {
		# channels: failed robot messages are retried with backoff
		"*/5 * * * *": ["neiqin.channels.publish.retry_due"],
		# courier tracking (定时查件), bounded per run (Neiqin Settings: tracking batch size)
		"0 */3 * * *": ["neiqin.channels.tracking.job.poll_tracking"],
		# plans and follow-up: Friday the week's summary drafts, Saturday 08:00 the roll-up posted
		"0 6 * * 5": ["neiqin.sales_plans.summaries.make_drafts"],
		"0 8 * * 6": ["neiqin.sales_plans.summaries.post_roll_up"],
	},
}

# Deleting a (cancelled) Sales Order is not blocked by the rows that remember its reminders
# Contract Fulfilment links to its order and contract: the order deletes its table itself
# (on_trash) and a deleted Contract is dropped from the table by recomputation (after_delete)
# A discarded draft Payment Entry is not blocked by the receipt instrument that drafted it
ignore_links_on_delete = [
	"Contract Delivery Reminder Log",
	"Document Review",
	"Review Content Change",
	"Contract Fulfilment",
	"Qualification Reminder Log",
	"Receipt Instrument",
	# A deleted visit log is unmatched from the visit plan lines it did (after_delete)
	"Visit Plan Line",
]

# Review events on every submittable document's timeline, in the reader's language
additional_timeline_content = {"*": ["neiqin.dual_review.timeline.timeline_content", "neiqin.timeline.notes"]}

# A Sales Order's Connections show its Contract Fulfilment (list values: other apps add theirs)
override_doctype_dashboards = {
	# Documents back: a Delivery Note's Connections show its signed receipt
	"Delivery Note": ["neiqin.documents_back.receipts.add_receipts_to_dashboard"],
	"Sales Order": ["neiqin.overrides.sales_order.add_fulfilment_to_dashboard"],
	"Customer": [
		"neiqin.sales_compliance.dashboard.add_qualifications_to_dashboard",
		"neiqin.registers.visits.add_registers_to_customer_dashboard",
	],
}

# Dual review: automatic checks shown to reviewers ({name: dotted path of `run(doc)`});
# other apps register theirs the same way.
neiqin_review_checks = {
	"items_match_order": "neiqin.dual_review.checks.items_match_order.run",
	"price_not_below_list": "neiqin.dual_review.checks.price_not_below_list.run",
	"credit_available": "neiqin.dual_review.checks.credit_available.run",
	"customer_qualification_valid": "neiqin.dual_review.checks.customer_qualification_valid.run",
}

# Courier tracking providers ({name: dotted path of a class with `query(number, carrier_code,
# phone=None)`}); other apps add carriers or aggregators the same way.
neiqin_tracking_providers = {
	"kuaidi100": "neiqin.channels.tracking.kuaidi100.Kuaidi100",
}

# Amounts in words: 人民币大写 for CNY when the reader's language is Chinese (on neiqin's prints;
# ERPNext's Sales Order, Delivery Note and Sales Invoice get theirs through onload / before_print)
jinja = {"methods": ["neiqin.in_words.amount_in_words"]}
