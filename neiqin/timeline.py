"""Notes neiqin adds to a submittable document's timeline (e.g. "submitted with a qualification
warning"), shown in each reader's language.

A note is a Comment of type "Bot" — a type frappe keeps with the document but does not draw on
the form — whose content is a stored text (`neiqin.stored_text`); frappe's
`additional_timeline_content` hook (hooks.py) calls `notes()` when a form loads, in the
reader's request after their read permission was checked, and draws each note translated.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import escape_html, get_url_to_form

from neiqin import stored_text
from neiqin.people import full_names

NOTE_TYPE = "Bot"


def add_note(doc, note) -> None:
	"""Remember `note` (a stored text) on `doc`'s timeline, as the current user."""
	doc.add_comment(NOTE_TYPE, stored_text.dumps(note))


def notes(doctype: str, docname: str) -> list[dict]:
	"""Timeline items of neiqin's notes on a submittable document (no query for other doctypes)."""
	if not docname or not frappe.get_meta(doctype).is_submittable:
		return []
	rows = frappe.get_all(
		"Comment",
		filters={
			"reference_doctype": doctype,
			"reference_name": docname,
			"comment_type": NOTE_TYPE,
			"content": ("like", '{"%'),
		},
		fields=["owner", "creation", "content"],
		order_by="creation asc",
	)
	names = full_names(row.owner for row in rows)
	return [
		item(
			"es-line-alert-circle",
			_("Warning"),
			row.creation,
			f"{person(row.owner, names)} · {stored_text.show(row.content)}",
		)
		for row in rows
		if stored_text.is_stored(row.content)
	]


def person(user: str, names: dict) -> str:
	"""A link to the user, shown by full name (as frappe's own timeline shows people)."""
	href = get_url_to_form("User", user)
	return f'<a href="{escape_html(href)}">{escape_html(names.get(user, user))}</a>'


def item(icon: str, title: str, moment, content: str) -> dict:
	"""A timeline item as frappe's form timeline draws it (the title is the badge's tooltip)."""
	return {"icon": icon, "icon_size": "sm", "title": title, "creation": moment, "content": content}
