"""POS Invoice: every neiqin step, in the order it runs (goods leave at the till; the Sales
Invoice that later consolidates the POS invoices is not judged again)."""

from neiqin.dual_review import gate as review_gate
from neiqin.overrides import steps
from neiqin.sales_compliance import events as compliance

STEPS = {
	"validate": [compliance.fill_promotion_approvals],
	"on_update": [review_gate.on_update],
	"before_submit": [
		review_gate.before_submit,
		compliance.check_qualifications,
		compliance.hold_price_floor,
	],
	"on_submit": [
		review_gate.on_submit,
		# the blocks again only when frappe skipped before_submit (flags.ignore_validate)
		compliance.check_qualifications,
		compliance.hold_price_floor,
		compliance.recompute_promotions,
	],
	"before_update_after_submit": [review_gate.after_submit_change],
	"on_update_after_submit": [review_gate.after_submit_change],
	"on_cancel": [compliance.recompute_promotions],
	"on_trash": [review_gate.on_trash],
}


def run(doc, method=None):
	"""doc_events of every event above (frappe passes the event as `method`)."""
	steps.run(STEPS, doc, method)
