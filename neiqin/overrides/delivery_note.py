"""Delivery Note: every neiqin step, in the order it runs (returns included: they carry the
order line and give back what they consumed; they are never refused)."""

from neiqin import in_words
from neiqin.channels.tracking import links as tracking
from neiqin.contract_fulfilment.links import orders_of_delivery_note
from neiqin.contract_fulfilment.live import refresh
from neiqin.documents_back import receipts as signed_receipts
from neiqin.dual_review import gate as review_gate
from neiqin.overrides import steps
from neiqin.sales_compliance import events as compliance


def refresh_contract_fulfilment(doc, method=None):
	"""The delivered quantities of the order lines changed."""
	refresh(orders_of_delivery_note(doc))


STEPS = {
	"onload": [tracking.delivery_note_onload, signed_receipts.delivery_note_onload, in_words.show_in_words],
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
		refresh_contract_fulfilment,
		signed_receipts.make_receipt,
	],
	"before_update_after_submit": [review_gate.after_submit_change],
	"on_update_after_submit": [review_gate.after_submit_change],
	"on_cancel": [compliance.recompute_promotions, refresh_contract_fulfilment, signed_receipts.drop_receipt],
	"before_print": [in_words.show_in_words],
	"on_trash": [review_gate.on_trash],
}


def run(doc, method=None, *args):
	"""doc_events of every event above (frappe passes the event as `method`)."""
	steps.run(STEPS, doc, method)
