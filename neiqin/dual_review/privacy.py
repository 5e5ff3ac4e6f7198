"""Reviews are as private as the document: a `Document Review` (with its checklist answers and
check results) or a `Review Content Change` is visible only to users who may read the reviewed
document — in lists, forms, REST, reports and counts (hooks `permission_query_conditions`
and `has_permission`)."""

from __future__ import annotations

import frappe

REVIEW_DOCTYPES = ("Document Review", "Review Content Change")
# child tables of Document Review, read through their parent
REVIEW_CHILDREN = ("Document Review Checklist Answer", "Document Review Check Result")


def unrestricted(user: str | None) -> bool:
	return (user or frappe.session.user) == "Administrator"


def readable_condition(table: str, user: str | None) -> str:
	"""SQL condition on `table` (a review doctype): its reference is a document `user` may read."""
	user = user or frappe.session.user
	parts = []
	doctypes = frappe.get_all(table, distinct=True, pluck="reference_doctype")
	for doctype in sorted(set(doctypes)):
		if not frappe.db.exists("DocType", doctype) or not frappe.has_permission(doctype, "read", user=user):
			continue
		names = frappe.get_list(doctype, fields=["name"], user=user, run=False, order_by=None)
		parts.append(
			f"(`tab{table}`.reference_doctype = {frappe.db.escape(doctype)}"
			f" and `tab{table}`.reference_name in ({names}))"
		)
	return "(" + " or ".join(parts) + ")" if parts else "1=0"


def review_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	if unrestricted(user):
		return ""
	return readable_condition("Document Review", user)


def content_change_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	if unrestricted(user):
		return ""
	return readable_condition("Review Content Change", user)


def child_query_conditions(table: str, user: str | None) -> str:
	if unrestricted(user):
		return ""
	return (
		f"`tab{table}`.parent in (select `tabDocument Review`.name from `tabDocument Review`"
		f" where {readable_condition('Document Review', user)})"
	)


def checklist_answer_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	return child_query_conditions("Document Review Checklist Answer", user)


def check_result_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	return child_query_conditions("Document Review Check Result", user)


def has_review_permission(doc, ptype: str | None = None, user: str | None = None, **kwargs) -> bool:
	"""Document Review / Review Content Change: only readers of the reviewed document."""
	if unrestricted(user):
		return True
	reference_doctype, reference_name = doc.get("reference_doctype"), doc.get("reference_name")
	if not reference_doctype or not reference_name:
		return not doc.get("name")  # a new, empty row (frappe asks before it is filled)
	if not frappe.db.exists(reference_doctype, reference_name):
		return False
	return bool(frappe.has_permission(reference_doctype, "read", reference_name, user=user))
