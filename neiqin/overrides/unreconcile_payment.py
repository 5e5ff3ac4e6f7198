"""Unreconcile Payment events neiqin listens to: unreconciliation delinks Payment Ledger
Entries and payment references directly in the database, so its own on_submit is the only
event after which the orders' paid amounts are final."""

from neiqin.contract_fulfilment.links import orders_advanced_by, orders_of_references
from neiqin.contract_fulfilment.live import refresh


def refresh_contract_fulfilment(doc, method=None):
	"""on_submit: money was taken off invoices or orders."""
	references = [(row.reference_doctype, row.reference_name) for row in doc.get("allocations", [])]
	refresh(orders_of_references(references) | orders_advanced_by([(doc.voucher_type, doc.voucher_no)]))
