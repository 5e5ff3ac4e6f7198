"""Documents that await the current user's review now (report "Awaiting My Review", number card).

Exact and cheap at any number of drafts: for each governed doctype the user may review, the
drafts they may read are fetched in one query and their reviews in one query; only where a
rule has a condition or a draft has reviews are the whole documents read, in one query plus one
per child table. Rule
conditions are evaluated by the rule itself (`applies_to`, the function the gate uses) on
documents built from those values, never loaded one by one; the rules come from the cache
(`rules.enabled_rules`). Every draft is considered — none is left out because older drafts
fill a limit — and the rows come newest first, paged by `start` / `page_length`.
"""

from __future__ import annotations

from collections import defaultdict

import frappe
from frappe.model import table_fields
from frappe.utils import get_datetime

from neiqin.dual_review import content, edits, rules
from neiqin.dual_review.status import REVIEW_FIELDS, ReviewStatus
from neiqin.user_permissions import document_rules, readable, readable_documents

EXTRA_FIELDS = (
	"customer",
	"customer_name",
	"party_name",
	"grand_total",
	"currency",
	"reference_doctype",
	"reference_name",
)


def documents_awaiting(
	user: str | None = None,
	document_type: str | None = None,
	start: int = 0,
	page_length: int | None = None,
) -> list[dict]:
	"""One row per (document, rule) the user may approve now: eligible under the rule (by role
	or by name), not the owner, the rule open and not yet satisfied or rejected, and no current
	decision of the user. Drafts only, and only documents the user may read. Newest first
	(the moment each became ready for the rule, then the document's creation)."""
	user = user or frappe.session.user
	roles = frappe.get_roles(user)
	rows = []
	for doctype, doctype_rules in rules_by_doctype(document_type).items():
		mine = [rule for rule in doctype_rules if rules.may_review(rule, user, None, roles)]
		if not mine or not frappe.has_permission(doctype, "read", user=user):
			continue
		rows += awaiting_in(doctype, doctype_rules, user)
	rows.sort(
		key=lambda row: (str(row.get("awaiting_since") or ""), row["created"], row["document"]), reverse=True
	)
	for row in rows:
		row.pop("created")
	end = None if page_length is None else start + page_length
	return rows[start:end]


def rules_by_doctype(document_type: str | None) -> dict[str, list]:
	"""{doctype: its enabled rules} from the caches (no query once warm)."""
	doctypes = [document_type] if document_type else sorted(rules.governed_doctypes())
	grouped = {}
	for doctype in doctypes:
		if enabled := rules.enabled_rules(doctype):
			grouped[doctype] = enabled
	return grouped


def my_drafts_awaiting(user: str | None = None, document_type: str | None = None) -> list[dict]:
	"""One row per (draft the user made, rule) still waiting for other people's approvals: the
	rule open, not satisfied and not rejected; with who may still approve it (report "My Drafts
	Awaiting Review", number card). Only documents the user may read; newest first."""
	user = user or frappe.session.user
	rows = []
	for doctype, doctype_rules in rules_by_doctype(document_type).items():
		if frappe.has_permission(doctype, "read", user=user):
			rows += awaiting_in(doctype, doctype_rules, user, mine=True)
	rows.sort(
		key=lambda row: (str(row.get("awaiting_since") or ""), row["created"], row["document"]), reverse=True
	)
	for row in rows:
		row.pop("created")
	return rows


def awaiting_in(doctype: str, doctype_rules: list, user: str, mine: bool = False) -> list[dict]:
	"""Rows of `doctype`'s drafts awaiting `user` (`mine`: the user's own drafts awaiting others)."""
	meta = frappe.get_meta(doctype)
	conditional = any((rule.condition or "").strip() for rule in doctype_rules)
	drafts = frappe.get_list(
		doctype,
		filters={"docstatus": 0, "owner": user if mine else ("!=", user)},
		fields=["name", "owner", "creation", "docstatus", *_extra(meta)],
		order_by="creation desc",
		limit_page_length=0,
		user=user,
	)
	# judged as frappe opens each draft (its child rows, its customer's territory …)
	# and a draft about another document (a seal usage stamping an order) only with that document
	allowed = readable(doctype, (d.name for d in drafts), user=user, **document_rules(doctype))
	referred = readable_documents(
		((d.get("reference_doctype"), d.get("reference_name")) for d in drafts), user=user
	)
	drafts = [
		draft
		for draft in drafts
		if draft.name in allowed
		and (not draft.get("reference_name") or (draft.reference_doctype, draft.reference_name) in referred)
	]
	if not drafts:
		return []
	reviews = reviews_of(doctype, [d.name for d in drafts])
	editors = editors_of(doctype, drafts)
	# the whole document (children included) where a condition or a content hash needs it
	whole = whole_documents(doctype, [d.name for d in drafts if conditional or reviews.get(d.name)])
	rows = []
	for draft in drafts:
		doc_reviews = reviews.get(draft.name, [])
		if draft.name in whole:
			doc = whole[draft.name]
			applicable = [rule for rule in doctype_rules if rule.applies_to(doc)]
			if not applicable:
				continue
			status = ReviewStatus(
				doc,
				applicable,
				doc_reviews,
				content_hash=content.content_hash(doc) if doc_reviews else "",
				editors=editors.get(draft.name, set()),
			)
		else:  # nobody reviewed it yet and every rule applies: its header values suffice
			status = ReviewStatus(
				frappe._dict(draft, doctype=doctype),
				doctype_rules,
				[],
				content_hash="",
				editors=editors.get(draft.name, set()),
			)
		rows += waiting_rows_of(status, draft, doctype) if mine else rows_of(status, draft, doctype, user)
	return rows


def waiting_rows_of(status: ReviewStatus, draft, doctype: str) -> list[dict]:
	rows = []
	for rule in status.rules:
		state = status.state_by_rule[rule.name]
		if state.satisfied or state.rejecters or not state.is_open:
			continue
		rows.append(
			{
				**row_values(status, draft, doctype, rule),
				"pending_reviewers": ", ".join(
					status.full_name(user) for user in status.pending_reviewers(rule)
				),
			}
		)
	return rows


def row_values(status: ReviewStatus, draft, doctype: str, rule) -> dict:
	state = status.state_by_rule[rule.name]
	return {
		"document_type": doctype,
		"document": draft.name,
		"party": draft.get("customer_name") or draft.get("customer") or draft.get("party_name"),
		"grand_total": draft.get("grand_total"),
		"currency": draft.get("currency"),
		"review_rule": rule.name,
		"rule_title": rule.title,
		"approvals": f"{len(state.approvers)} / {state.required}",
		"owner": draft.owner,
		"awaiting_since": status.awaiting_since(rule),
		"created": str(draft.creation or ""),
	}


def rows_of(status: ReviewStatus, draft, doctype: str, user: str) -> list[dict]:
	rows = []
	for rule in status.rules_to_approve(user):
		state = status.state_by_rule[rule.name]
		if state.satisfied or state.rejecters:
			continue
		rows.append(row_values(status, draft, doctype, rule))
	return rows


def _extra(meta) -> list[str]:
	return [field for field in EXTRA_FIELDS if meta.has_field(field)]


def whole_documents(doctype: str, names: list[str]) -> dict:
	"""{name: document} built from values read in bulk — one query for the documents (the
	caller has already checked they are readable) and one per child table; no per-document
	load, no controller method run."""
	if not names:
		return {}
	children = child_rows(doctype, names)
	return {
		values.name: frappe.get_doc(frappe._dict(values, doctype=doctype, **children[values.name]))
		for values in frappe.get_all(doctype, filters={"name": ("in", names)}, fields=["*"])
	}


def child_rows(doctype: str, names: list[str]) -> dict[str, dict[str, list]]:
	"""{draft: {table field: rows in order}} for these drafts: one query per child table."""
	if not names:
		return {}
	result: dict[str, dict[str, list]] = {name: {} for name in names}
	for df in frappe.get_meta(doctype).fields:
		if df.fieldtype not in table_fields or not df.options:
			continue
		for name in names:
			result[name][df.fieldname] = []
		for row in frappe.get_all(
			df.options,
			filters={"parenttype": doctype, "parentfield": df.fieldname, "parent": ("in", names)},
			fields=["*"],
			order_by="idx asc",
		):
			result[row.parent][df.fieldname].append(row)
	return result


def editors_of(doctype: str, drafts: list) -> dict[str, set[str]]:
	"""{draft: users who changed its reviewed content} — `edits.editors_of` for all drafts in
	one query (rows from before a draft's creation belong to an earlier document of that name)."""
	created = {d.name: get_datetime(d.creation) for d in drafts}
	result: dict[str, set[str]] = defaultdict(set)
	for row in frappe.get_all(
		edits.DOCTYPE,
		filters={
			"reference_doctype": doctype,
			"reference_name": ("in", list(created)),
			"event": edits.EDITED,
		},
		fields=["reference_name", "user", "changed_on"],
	):
		if get_datetime(row.changed_on) >= created[row.reference_name]:
			result[row.reference_name].add(row.user)
	return result


def reviews_of(doctype: str, names: list[str]) -> dict[str, list]:
	"""{document: its Document Review rows, oldest first} (one query)."""
	review = frappe.qb.DocType("Document Review")
	rows = (
		frappe.qb.from_(review)
		.select(review.reference_name, *(review[field] for field in REVIEW_FIELDS))
		.where((review.reference_doctype == doctype) & review.reference_name.isin(names))
		.orderby(review.creation)
		.orderby(review.name)
	).run(as_dict=True)
	grouped = defaultdict(list)
	for row in rows:
		grouped[row.reference_name].append(row)
	return grouped
