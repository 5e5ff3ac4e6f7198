"""Fields the normal flow fills after the approval (`fingerprint.FILLED_AFTER_APPROVAL`: a sample's
courier and dispatch method) no longer bind a review. Reviews and submit records made while they
did carry a hash over them: where that hash is still the document's content under the former
binding, it is replaced by the hash under the present one — an approval that counted keeps
counting, and a log submitted before the upgrade can still be marked delivered."""

import frappe

from neiqin.dual_review import content, edits, fingerprint


def former_spec(doctype: str) -> fingerprint.Spec:
	"""The generic spec as it was: the fields filled after approval that it now leaves out."""
	spec = content.generic_spec(doctype)
	filled = fingerprint.FILLED_AFTER_APPROVAL.get(doctype, ())
	meta = frappe.get_meta(doctype)
	formerly = [
		df.fieldname
		for df in meta.fields
		if df.fieldname in filled and not df.read_only and not df.allow_on_submit and not df.is_virtual
	]
	return fingerprint.Spec(fields=(*spec.fields, *formerly), tables=spec.tables, when=spec.when)


def rebind(doctype: str) -> int:
	"""Rows rehashed for `doctype`."""
	if not frappe.db.exists("DocType", doctype) or fingerprint.SPECS.get(doctype):
		return 0
	old_spec = former_spec(doctype)
	review, change = frappe.qb.DocType("Document Review"), frappe.qb.DocType(edits.DOCTYPE)
	names = set(
		frappe.get_all("Document Review", filters={"reference_doctype": doctype}, pluck="reference_name")
	) | set(frappe.get_all(edits.DOCTYPE, filters={"reference_doctype": doctype}, pluck="reference_name"))
	rehashed = 0
	for name in sorted(names):
		if not frappe.db.exists(doctype, name):
			continue
		doc = frappe.get_doc(doctype, name)
		old = fingerprint.content_hash(content.values(doc, old_spec), old_spec)
		new = content.content_hash(doc)
		if old == new:
			continue
		for table in (review, change):
			rows = (
				frappe.qb.from_(table)
				.select(table.name)
				.where((table.reference_doctype == doctype) & (table.reference_name == name))
				.where(table.content_hash == old)
			).run(pluck=True)
			if rows:
				frappe.qb.update(table).set(table.content_hash, new).where(table.name.isin(rows)).run()
				rehashed += len(rows)
	return rehashed


def execute():
	for doctype in fingerprint.FILLED_AFTER_APPROVAL:
		rebind(doctype)
