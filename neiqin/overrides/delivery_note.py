"""Delivery Note events neiqin listens to (returns included: they carry the order line)."""

from neiqin.contract_fulfilment.links import orders_of_delivery_note
from neiqin.contract_fulfilment.live import refresh


def refresh_contract_fulfilment(doc, method=None):
	"""on_submit / on_cancel: the delivered quantities of the order lines changed."""
	refresh(orders_of_delivery_note(doc))
