"""docs/review-fingerprint.md, the sections of neiqin's own governed doctypes (generic spec):
which field binds a review and why the others do not. Regenerate after a doctype changes:

    bench --site S execute neiqin.dual_review.fingerprint_doc.sections
"""

from __future__ import annotations

import frappe
from frappe.model import no_value_fields, table_fields

from neiqin.dual_review import content, fingerprint

GOVERNED = ("Sales Material Log", "Seal Usage Log", "Invoice Request", "Promotion Approval")


def why_not(doctype: str, df) -> str:
	if fingerprint.filled_after_approval(doctype, df.fieldname):
		return "filled after the approval in the normal flow (dispatch, receipt)"
	if fingerprint.ignored_field(df.fieldname):
		return "name, status or progress"
	if df.read_only:
		return "read-only: computed, fetched or set by the flow"
	if df.allow_on_submit:
		return "editable after submit (progress)"
	return "not a value field"


def table(doctype: str) -> list[str]:
	meta = frappe.get_meta(doctype)
	spec = content.generic_spec(doctype)
	lines = [f"## {doctype}", "", "| field | label | type | bound | why not |", "|---|---|---|---|---|"]
	for df in meta.fields:
		if df.fieldtype in no_value_fields and df.fieldtype not in table_fields:
			continue
		if df.fieldtype in table_fields:
			kind, bound = f"table of {df.options}", df.fieldname in spec.tables
			mark = "**bound** (columns: {})".format(", ".join(spec.tables.get(df.fieldname, ())))
		else:
			kind, bound, mark = df.fieldtype, df.fieldname in spec.fields, "**bound**"
		lines.append(
			f"| `{df.fieldname}` | {df.label} | {kind} | {mark if bound else 'no'} | "
			f"{'' if bound else why_not(doctype, df)} |"
		)
	return [*lines, ""]


def sections() -> str:
	text = "\n".join(line for doctype in GOVERNED for line in table(doctype))
	print(text)
	return text
