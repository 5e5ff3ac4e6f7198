"""Documents that await the current user's review now (report "Awaiting My Review")."""

from __future__ import annotations

from collections import defaultdict

import frappe

from neiqin.dual_review import rules
from neiqin.dual_review.status import REVIEW_FIELDS, ReviewStatus

CANDIDATES_PER_DOCTYPE = 500
EXTRA_FIELDS = ("customer", "customer_name", "party_name", "grand_total", "currency")


def documents_awaiting(user: str | None = None, document_type: str | None = None) -> list[dict]:
	"""One row per (document, rule) the user may approve now: eligible under the rule (by role
	or by name), not the owner, the rule open and not yet satisfied or rejected, and no current
	decision of the user. Drafts only, and only documents the user may read."""
	user = user or frappe.session.user
	roles = frappe.get_roles(user)
	rows = []
	for doctype, doctype_rules in rules_by_doctype(document_type).items():
		mine = [rule for rule in doctype_rules if rules.may_review(rule, user, None, roles)]
		if not mine or not frappe.has_permission(doctype, "read", user=user):
			continue
		rows += awaiting_in(doctype, doctype_rules, user)
	return sorted(rows, key=lambda row: str(row.get("awaiting_since") or ""))


def rules_by_doctype(document_type: str | None) -> dict[str, list]:
	filters = {"enabled": 1}
	if document_type:
		filters["document_type"] = document_type
	grouped = defaultdict(list)
	for name in frappe.get_all(
		"Review Rule", filters=filters, order_by="sequence asc, name asc", pluck="name"
	):
		rule = frappe.get_doc("Review Rule", name)
		grouped[rule.document_type].append(rule)
	return grouped


def awaiting_in(doctype: str, doctype_rules: list, user: str) -> list[dict]:
	meta = frappe.get_meta(doctype)
	fields = ["name", "owner", "creation", "docstatus", *(f for f in EXTRA_FIELDS if meta.has_field(f))]
	drafts = frappe.get_list(
		doctype,
		filters={"docstatus": 0, "owner": ("!=", user)},
		fields=fields,
		order_by="creation asc",
		limit_page_length=CANDIDATES_PER_DOCTYPE,
		user=user,
	)
	if not drafts:
		return []
	reviews = reviews_of(doctype, [d.name for d in drafts])
	needs_doc = any((rule.condition or "").strip() for rule in doctype_rules)
	rows = []
	for draft in drafts:
		doc_reviews = reviews.get(draft.name, [])
		if needs_doc or doc_reviews:
			doc = frappe.get_doc(doctype, draft.name)
			status = ReviewStatus(doc, [r for r in doctype_rules if r.applies_to(doc)], doc_reviews)
		else:  # nobody reviewed it yet and every rule applies: no need to load the document
			status = ReviewStatus(frappe._dict(draft, doctype=doctype), doctype_rules, [], content_hash="")
		for rule in status.rules_to_approve(user):
			state = status.state_by_rule[rule.name]
			if state.satisfied or state.rejecters:
				continue
			rows.append(
				{
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
				}
			)
	return rows


def reviews_of(doctype: str, names: list[str]) -> dict[str, list]:
	review = frappe.qb.DocType("Document Review")
	rows = (
		frappe.qb.from_(review)
		.select(review.reference_name, *(review[field] for field in REVIEW_FIELDS))
		.where((review.reference_doctype == doctype) & review.reference_name.isin(names))
		.orderby(review.creation)
	).run(as_dict=True)
	grouped = defaultdict(list)
	for row in rows:
		grouped[row.reference_name].append(row)
	return grouped
