"""Customer: every neiqin step, in the order it runs."""

from neiqin.overrides import steps
from neiqin.registers import visits
from neiqin.sales_compliance import customer_master

STEPS = {
	# Registers: the form shows the last and next visit
	"onload": [visits.customer_onload],
	# Sales compliance: group and territory, which requirements and approvals read, change only
	# by a Sales Manager (again on update when frappe skipped validate)
	"validate": [customer_master.guard_customer_master],
	"on_update": [customer_master.guard_customer_master],
}


def run(doc, method=None):
	"""doc_events of every event above (frappe passes the event as `method`)."""
	steps.run(STEPS, doc, method)
