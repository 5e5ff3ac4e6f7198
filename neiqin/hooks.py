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
before_uninstall = "neiqin.uninstall.before_uninstall"

# Desk
# ----
# doctype_js = {}

# Document events (one small module per ERPNext doctype under neiqin/overrides/,
# capability-wide handlers inside their capability)
doc_events = {
	"Stock Entry": {
		"validate": "neiqin.sales_materials.stock.guard_stock_entry",
		"before_cancel": "neiqin.sales_materials.stock.guard_stock_entry",
	},
}

# Scheduled tasks
# ---------------
scheduler_events = {
	"daily": [
		"neiqin.sales_materials.tasks.mark_overdue_logs",
		"neiqin.contract_fulfilment.reminders.send_delivery_reminders",
	],
}

# Deleting a (cancelled) Sales Order is not blocked by the rows that remember its reminders
ignore_links_on_delete = ["Contract Delivery Reminder Log"]
