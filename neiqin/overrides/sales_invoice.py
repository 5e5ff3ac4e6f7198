"""Sales Invoice events neiqin listens to (from orders or delivery notes; credit notes;
stock-updating invoices, which also deliver)."""

from neiqin.contract_fulfilment.links import orders_of_invoice
from neiqin.contract_fulfilment.live import refresh
from neiqin.documents_back.invoice_requests import check_invoice_request  # noqa: F401
from neiqin.documents_back.invoice_requests import record_invoice as record_invoice_request  # noqa: F401
from neiqin.documents_back.invoice_requests import release_invoice as release_invoice_request  # noqa: F401
from neiqin.documents_back.receipts import block_invoice_before_receipt as block_invoice_before_signed_receipt  # noqa: F401
from neiqin.documents_back.receipts import warn_invoice_before_receipt as warn_invoice_before_signed_receipt  # noqa: F401


def refresh_contract_fulfilment(doc, method=None):
	"""on_submit / on_cancel: invoiced (and, for POS or advances, paid) amounts changed."""
	refresh(orders_of_invoice(doc))
