"""Delivery Note events neiqin listens to (returns included: they carry the order line)."""

from neiqin.contract_fulfilment.links import orders_of_delivery_note
from neiqin.contract_fulfilment.live import refresh
from neiqin.documents_back.receipts import delivery_note_onload as signed_receipt_onload  # noqa: F401
from neiqin.documents_back.receipts import drop_receipt as drop_signed_receipt  # noqa: F401
from neiqin.documents_back.receipts import make_receipt as make_signed_receipt  # noqa: F401


def refresh_contract_fulfilment(doc, method=None):
	"""on_submit / on_cancel: the delivered quantities of the order lines changed."""
	refresh(orders_of_delivery_note(doc))
