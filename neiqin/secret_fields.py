"""Secrets neiqin keeps (robot webhook addresses and signing secrets, tracking provider keys):
Password fields, so frappe keeps them encrypted in its __Auth table and only a System Manager
reads them back (`frappe.client.get_password`); the server reads them with `value()`.

The document's own column holds one fixed mask, whatever the secret's length (frappe's own
mask repeats `*` as often as the secret has characters): filters and counts on the column,
Version history, exports and prints see the same ten stars for every secret, and a change
of the secret shows no difference at all.
"""

from __future__ import annotations

from frappe.utils.password import get_decrypted_password, set_encrypted_password

MASK = "*" * 10

# (doctype, Password fields) holding secrets; the patch v1.secrets_as_password_fields moved
# the values kept before.
SECRET_FIELDS: dict[str, tuple[str, ...]] = {
	"Notification Channel": ("webhook_url", "secret"),
	"Neiqin Settings": ("kuaidi100_customer", "kuaidi100_key"),
}


def is_mask(value) -> bool:
	return isinstance(value, str) and bool(value) and set(value) == {"*"}


def new_value(doc, fieldname: str) -> str | None:
	"""The secret typed in this save, or None when the field keeps its stored secret."""
	value = doc.get(fieldname)
	return None if not value or is_mask(value) else value


def value(doc, fieldname: str) -> str | None:
	"""The secret as stored (or as typed in this save, before it is stored)."""
	typed = new_value(doc, fieldname)
	if typed is not None:
		return typed
	if not doc.get(fieldname):
		return None
	return get_decrypted_password(doc.doctype, doc.name, fieldname, raise_exception=False)


def store(doc, method=None) -> None:
	"""A validate step: a secret typed in this save is encrypted now, and the column gets the mask."""
	for fieldname in SECRET_FIELDS.get(doc.doctype, ()):
		typed = new_value(doc, fieldname)
		if typed is None:
			continue
		set_encrypted_password(doc.doctype, doc.name, typed, fieldname)
		doc.set(fieldname, MASK)


def get(doctype: str, name: str, fieldname: str) -> str | None:
	return get_decrypted_password(doctype, name, fieldname, raise_exception=False) or None
