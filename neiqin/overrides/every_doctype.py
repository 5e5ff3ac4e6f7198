"""Steps on every doctype (hooks.py's "*"): the review gate, a cached no-op where no rule
applies (`neiqin.dual_review.gate`).

frappe runs a doctype's own doc_events before the "*" ones. A doctype whose override module
lists a gate step runs it there, in its place among the other steps; here it is skipped, so
it never runs twice.
"""

from neiqin.dual_review import gate as review_gate
from neiqin.overrides.steps import lists

STEPS = {
	"on_update": [review_gate.on_update],
	"before_submit": [review_gate.before_submit],
	"on_submit": [review_gate.on_submit],
	"before_update_after_submit": [review_gate.after_submit_change],
	"on_update_after_submit": [review_gate.after_submit_change],
	"on_trash": [review_gate.on_trash],
}


def run(doc, method=None):
	"""doc_events "*" of every event above (frappe passes the event as `method`)."""
	for step in STEPS.get(method, ()):
		if not lists(doc.doctype, method, step):
			step(doc, method)
