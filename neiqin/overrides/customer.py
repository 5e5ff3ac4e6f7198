"""Customer: every neiqin step, in the order it runs."""

from neiqin.overrides import steps
from neiqin.registers import visits

STEPS = {
	# Registers: the form shows the last and next visit
	"onload": [visits.customer_onload],
}


def run(doc, method=None):
	"""doc_events of every event above (frappe passes the event as `method`)."""
	steps.run(STEPS, doc, method)
