"""Sales Order Item: every neiqin step on a line saved on its own — which ERPNext's Update Items
does for each line of a submitted order before it saves the order."""

from neiqin.overrides import steps
from neiqin.sales_compliance import events as compliance

STEPS = {
	# Sales compliance: a raised quantity or a new line meets the Block requirements again
	"validate": [compliance.check_qualifications_on_more],
	"before_update_after_submit": [compliance.check_qualifications_on_more],
}


def run(doc, method=None):
	"""doc_events of every event above (frappe passes the event as `method`)."""
	steps.run(STEPS, doc, method)
