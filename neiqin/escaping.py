"""Text is text: every value neiqin places in HTML (desk messages, the review panel, timeline
notes, e-mails) goes through here, so a customer or item named `<a href=…>` shows as those
characters. Robot cards have their own rules (`neiqin.channels.message`: markdown escaped,
Feishu plain text); report cells are data, formatted by the desk.

`bold(value)` is `frappe.bold` of the escaped value: use it for every argument of a message
(translated labels included — escaping plain words changes nothing)."""

from __future__ import annotations

from frappe.utils import escape_html


def text(value) -> str:
	"""`value` as HTML text ("" for None)."""
	return escape_html("" if value is None else str(value))


def bold(value) -> str:
	return f"<strong>{text(value)}</strong>"


def existing_doc(doctype: str, name, for_update: bool = False):
	"""`frappe.get_doc` for a name a caller sent: a name that does not exist is refused with the
	name shown as text (frappe's own "… not found" message puts it in the HTML as it is)."""
	import frappe
	from frappe import _

	if not isinstance(name, str) or not name or not frappe.db.exists(doctype, name):
		frappe.throw(
			_("{0} {1} not found").format(_(doctype), bold(name)),
			frappe.DoesNotExistError(doctype=doctype),
		)
	return frappe.get_doc(doctype, name, for_update=for_update)
