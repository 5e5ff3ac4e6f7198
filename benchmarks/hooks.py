"""Switch neiqin's document hooks off (and on again) inside one benchmark process.

Frappe keeps the expanded `doc_events` of all apps in `frappe.local.doc_events_hooks`
(`frappe.get_doc_hooks()`); the benchmark replaces it, for the duration of a block, by a
copy without the handlers of the `neiqin` package. Nothing on the site changes: other
processes (workers, the web server) keep every hook.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

APP = "neiqin."


def without_app(hooks: dict) -> dict:
	"""The doc_events map {doctype: {event: [dotted paths]}} without neiqin's handlers."""
	return {
		doctype: {event: [h for h in handlers if not h.startswith(APP)] for event, handlers in events.items()}
		for doctype, events in hooks.items()
	}


@contextmanager
def neiqin_hooks_off() -> Iterator[None]:
	import frappe

	hooks = frappe.get_doc_hooks()
	frappe.local.doc_events_hooks = without_app(hooks)
	try:
		yield
	finally:
		frappe.local.doc_events_hooks = hooks
