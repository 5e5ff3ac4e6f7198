"""Whether an attached scan proves what it is attached for (the signed delivery note of a
receipt, the acknowledgement of a fapiao).

frappe attaches whatever file URL an Attach field is given to the document on save, so
"attached to this document" proves nothing by itself. What is checked: the URL is a file stored
on the site, and neither it nor a file with the same content proves another document of the
same type — the scan of one receipt does not close another.
"""

from __future__ import annotations

import frappe

MISSING = "missing"
REUSED = "reused"


def proof_problem(doc, fieldname: str) -> str | None:
	url = doc.get(fieldname)
	if not url:
		return MISSING
	files = frappe.get_all(
		"File",
		filters={"file_url": url},
		fields=["content_hash", "attached_to_doctype", "attached_to_name"],
	)
	if not files:
		return MISSING
	if any(
		f.attached_to_doctype == doc.doctype and f.attached_to_name not in (None, doc.name) for f in files
	):
		return REUSED
	hashes = sorted({f.content_hash for f in files if f.content_hash})
	if hashes and frappe.db.exists(
		"File",
		{
			"content_hash": ("in", hashes),
			"attached_to_doctype": doc.doctype,
			"attached_to_name": ("not in", [doc.name]),
		},
	):
		return REUSED
	return None
