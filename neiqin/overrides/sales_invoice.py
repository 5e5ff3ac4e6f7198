"""Sales Invoice: every neiqin step, in the order it runs (from orders or delivery notes;
credit notes; stock-updating invoices, which also deliver)."""

from neiqin import in_words
from neiqin.contract_fulfilment.links import orders_of_invoice
from neiqin.contract_fulfilment.live import refresh
from neiqin.documents_back import invoice_requests
from neiqin.documents_back import receipts as signed_receipts
from neiqin.dual_review import gate as review_gate
from neiqin.overrides import steps
from neiqin.sales_compliance import events as compliance


def refresh_contract_fulfilment(doc, method=None):
	"""Invoiced (and, for POS or advances, paid) amounts changed."""
	refresh(orders_of_invoice(doc))


STEPS = {
	"onload": [in_words.show_in_words],  # 人民币大写 for a Chinese reader
	"validate": [
		compliance.fill_promotion_approvals,
		invoice_requests.check_invoice_request,
		signed_receipts.warn_invoice_before_receipt,
	],
	"on_update": [review_gate.on_update],
	"before_submit": [
		review_gate.before_submit,
		compliance.check_qualifications,
		compliance.hold_price_floor,
		signed_receipts.block_invoice_before_receipt,
	],
	"on_submit": [
		review_gate.on_submit,
		# the blocks again only when frappe skipped before_submit (flags.ignore_validate)
		compliance.check_qualifications,
		compliance.hold_price_floor,
		compliance.recompute_promotions,
		refresh_contract_fulfilment,
		invoice_requests.record_invoice,
	],
	"before_update_after_submit": [review_gate.after_submit_change],
	"on_update_after_submit": [review_gate.after_submit_change],
	"on_cancel": [
		compliance.recompute_promotions,
		refresh_contract_fulfilment,
		invoice_requests.release_invoice,
	],
	"before_print": [in_words.show_in_words],
	"on_trash": [review_gate.on_trash],
}


def run(doc, method=None, *args):
	"""doc_events of every event above (frappe passes the event as `method`)."""
	steps.run(STEPS, doc, method)
