"""The site-level tracking account, from Neiqin Settings (Password fields)."""

from __future__ import annotations

import frappe
from frappe.utils import cint
from frappe.utils.password import get_decrypted_password

SETTINGS = "Neiqin Settings"
DEFAULT_BATCH = 50


def kuaidi100_account() -> tuple[str, str, str | None]:
	"""(customer, key, url) of the Kuaidi100 account; empty strings when not set."""
	customer = get_decrypted_password(SETTINGS, SETTINGS, "kuaidi100_customer", raise_exception=False)
	key = get_decrypted_password(SETTINGS, SETTINGS, "kuaidi100_key", raise_exception=False)
	url = frappe.db.get_single_value(SETTINGS, "kuaidi100_url")
	return customer or "", key or "", url or None


def batch_size() -> int:
	value = frappe.db.get_single_value(SETTINGS, "tracking_batch_size")
	return max(cint(value), 1) if value else DEFAULT_BATCH
