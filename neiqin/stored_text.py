"""Texts neiqin stores for later readers — why a review was voided, what changed in a reviewed
document — kept as a message and its arguments, so that every reader sees them in their own
language (the timeline, the review panel, the Review Audit Trail), whoever wrote them.

A stored text is JSON: ``{"_": "<English message>", "a": [<argument>, ...]}``. An argument is
either a string (data: names, already escaped where it will be shown as HTML) or another
stored text (translated too, e.g. a field label ``{"_": "Quantity"}``); a list of arguments
is shown joined by ", ". `render()` is pure (the translation function is passed in); `show()`
renders in the current user's language and leaves any other text (rows written before, free
text) as it is.
"""

from __future__ import annotations

import json
from collections.abc import Callable

Translate = Callable[[str], str]
MARKER = '{"_":'


def text(message: str, *args) -> dict:
	"""A message to store, with its arguments (strings, texts, or lists of them)."""
	return {"_": message, "a": list(args)} if args else {"_": message}


def dumps(value: dict) -> str:
	return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def is_stored(value) -> bool:
	return isinstance(value, str) and value.startswith(MARKER)


def render(value, translate: Translate) -> str:
	"""A stored text (dict, list of them, or plain string) in the language of `translate`."""
	if isinstance(value, list):
		return ", ".join(dict.fromkeys(render(item, translate) for item in value))
	if isinstance(value, dict):
		message = translate(value.get("_") or "")
		args = [render(arg, translate) for arg in value.get("a") or ()]
		return message.format(*args) if args else message
	return "" if value is None else str(value)


def show(value) -> str:
	"""What the current user reads for a stored value: rendered in their language when it is a
	stored text, unchanged otherwise."""
	if not is_stored(value):
		return value or ""
	from frappe import _

	try:
		return render(json.loads(value), _)
	except (ValueError, IndexError, KeyError):
		return value
