"""Contract events neiqin listens to: a Contract pointing at a Sales Order is shown on its
fulfilment table (and its signing date when the order has none)."""

from neiqin.contract_fulfilment.live import refresh


def refresh_contract_fulfilment(doc, method=None):
	"""on_change / after_delete: the order it points at (now and before) shows it."""
	docs = [doc, doc.get_doc_before_save()]
	refresh(d.document_name for d in docs if d and d.document_type == "Sales Order")
