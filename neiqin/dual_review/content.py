"""Read a document's reviewed content (the fingerprint spec's fields) as plain values."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model import no_value_fields, table_fields
from frappe.utils import cint, flt, get_datetime, get_time, getdate

from neiqin import stored_text
from neiqin.dual_review import fingerprint

NUMBER_TYPES = {"Currency", "Float", "Percent", "Rating"}
INT_TYPES = {"Int", "Check", "Duration"}


def spec_for(doctype: str) -> fingerprint.Spec:
	return fingerprint.SPECS.get(doctype) or generic_spec(doctype)


def generic_spec(doctype: str) -> fingerprint.Spec:
	"""For doctypes neiqin has no spec for: every editable value field of the document and its
	child tables, except status/progress fields, fields editable after submit, read-only
	(computed or fetched) fields and fields the normal flow fills after the approval
	(`fingerprint.FILLED_AFTER_APPROVAL`); `posting_date`/`posting_time` only while
	`set_posting_time` is set, when the doctype has that switch."""
	meta = frappe.get_meta(doctype)
	tables = {
		df.fieldname: tuple(value_fields(frappe.get_meta(df.options)))
		for df in meta.fields
		if df.fieldtype in table_fields and df.options
	}
	when = fingerprint.POSTING_WHEN if meta.has_field("set_posting_time") else {}
	return fingerprint.Spec(fields=tuple(value_fields(meta)), tables=tables, when=when)


def value_fields(meta) -> list[str]:
	floating = {f for fields in fingerprint.POSTING_WHEN.values() for f in fields}
	return [
		df.fieldname
		for df in meta.fields
		if df.fieldtype not in no_value_fields
		and df.fieldtype not in table_fields
		and not df.read_only
		and not df.allow_on_submit
		and not df.is_virtual
		and not fingerprint.ignored_field(df.fieldname)
		and not fingerprint.filled_after_approval(meta.name, df.fieldname)
		and not (meta.has_field("set_posting_time") and df.fieldname in floating)
	]


def values(doc, spec: fingerprint.Spec | None = None) -> dict:
	"""The spec's fields of `doc` as plain typed values (numbers as floats, dates as ISO text)."""
	spec = spec or spec_for(doc.doctype)
	flags = {flag: doc.get(flag) for flag in spec.when}
	header = {name: typed(doc.meta, name, doc.get(name)) for name in spec.header_fields(flags)}
	header.update(flags)
	for table, columns in spec.tables.items():
		rows = []
		for row in doc.get(table) or []:
			rows.append({column: typed(row.meta, column, row.get(column)) for column in columns})
		header[table] = rows
	return header


def typed(meta, fieldname: str, value):
	df = meta.get_field(fieldname)
	fieldtype = df.fieldtype if df else None
	if fieldtype in NUMBER_TYPES:
		return flt(value)
	if fieldtype in INT_TYPES:
		return cint(value)
	if value in (None, ""):
		return ""
	if fieldtype == "Date":
		return getdate(value).isoformat()
	if fieldtype == "Datetime":
		return get_datetime(value).strftime("%Y-%m-%d %H:%M:%S")
	if fieldtype == "Time":
		return get_time(value).strftime("%H:%M:%S")
	return value


def content_hash(doc) -> str:
	spec = spec_for(doc.doctype)
	return fingerprint.content_hash(values(doc, spec), spec)


def describe_changes(old_doc, new_doc) -> str:
	"""'Quantity in Items, Customer' — the reviewed fields that differ, in the user's language."""
	return stored_text.render(changed_labels(old_doc, new_doc), _)


def changed_labels(old_doc, new_doc) -> list[dict]:
	"""The reviewed fields that differ between two versions, as stored texts (labels, "{0} in
	{1}"), so each reader sees them in their own language (`neiqin.stored_text`)."""
	spec = spec_for(new_doc.doctype)
	changes = fingerprint.changed_fields(values(old_doc, spec), values(new_doc, spec), spec)
	labels = []
	for table, field in changes:
		if table is None:
			labels.append(stored_text.text(new_doc.meta.get_label(field)))
			continue
		table_label = stored_text.text(new_doc.meta.get_label(table))
		if not field:
			labels.append(stored_text.text("rows of {0}", table_label))
			continue
		child_meta = frappe.get_meta(new_doc.meta.get_field(table).options)
		labels.append(
			stored_text.text("{0} in {1}", stored_text.text(child_meta.get_label(field)), table_label)
		)
	return labels
