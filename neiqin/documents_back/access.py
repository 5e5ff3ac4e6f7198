"""What the user's User Permissions let a report of the documents back show.

One call per query (`restrict`), so that the shared mechanism for reports (issue 20, "access")
can take its place in one line: frappe's `get_list` honours User Permissions, a `frappe.qb`
query does not, so each report's query is narrowed here to the companies, customers (and other
linked records) the user is allowed.
"""

from __future__ import annotations

import frappe


def allowed(doctype: str, for_doctype: str) -> list[str] | None:
	"""Names of `doctype` the session user is restricted to when reading `for_doctype`, or None
	when unrestricted."""
	from frappe.core.doctype.user_permission.user_permission import get_user_permissions

	if frappe.session.user == "Administrator":
		return None
	rows = get_user_permissions(frappe.session.user).get(doctype) or []
	names = [
		row.get("doc")
		for row in rows
		if not row.get("applicable_for") or row.get("applicable_for") == for_doctype
	]
	return names or None


def restrict(query, table, links: dict[str, str], for_doctype: str):
	"""`query` narrowed to the allowed values of each link column ({column: linked doctype})."""
	for column, doctype in links.items():
		names = allowed(doctype, for_doctype)
		if names is not None:
			query = query.where(table[column].isin(names))
	return query
