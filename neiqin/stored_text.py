"""Texts neiqin stores for later readers — why a review was voided, what changed in a reviewed
document, what a submit was warned about — kept as a message and its arguments, so that every
reader sees them in their own language (the timeline, the review panel, the Review Audit
Trail), whoever wrote them.

A stored text is JSON: ``{"_": "<English message>", "a": [<argument>, ...]}``. An argument is
a string (data: names, already escaped where it will be shown as HTML), another stored text
(translated too, e.g. a field label ``{"_": "Quantity"}``), ``{"b": <argument>}`` (shown
bold), ``{"d": "YYYY-MM-DD"}`` (a date, in the reader's date format), or a list (shown joined
by ", ", or by ``{"j": "<br>", "a": [...]}``'s joiner). `render()` is pure (translation and
date formatting are passed in); `show()` renders for the current user and leaves any other
text (rows written before, free text) as it is.
"""

from __future__ import annotations

import json
from collections.abc import Callable

Translate = Callable[[str], str]
MARKERS = ('{"_":', '[{"_":', '{"j":')  # a text, a list of texts, texts joined


def text(message: str, *args) -> dict:
	"""A message to store, with its arguments (strings, texts, or lists of them)."""
	return {"_": message, "a": list(args)} if args else {"_": message}


def bold(value) -> dict:
	return {"b": value}


def day(value) -> dict:
	"""A date argument (a date or an ISO string), shown in the reader's date format."""
	return {"d": str(value)}


def joined(joiner: str, items: list) -> dict:
	return {"j": joiner, "a": list(items)}


def dumps(value: dict) -> str:
	return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def is_stored(value) -> bool:
	return isinstance(value, str) and value.startswith(MARKERS)


def render(value, translate: Translate, format_date: Callable[[str], str] = str) -> str:
	"""A stored text (dict, list of them, or plain string) in the language of `translate`."""
	if isinstance(value, list):
		return ", ".join(dict.fromkeys(render(item, translate, format_date) for item in value))
	if not isinstance(value, dict):
		return "" if value is None else str(value)
	if "b" in value:
		return f"<strong>{render(value['b'], translate, format_date)}</strong>"
	if "d" in value:
		return format_date(value["d"])
	if "j" in value:
		return str(value["j"]).join(render(item, translate, format_date) for item in value.get("a") or ())
	message = translate(value.get("_") or "")
	args = [render(arg, translate, format_date) for arg in value.get("a") or ()]
	return message.format(*args) if args else message


def show(value) -> str:
	"""What the current user reads for a stored value: rendered in their language when it is a
	stored text, unchanged otherwise."""
	if not is_stored(value):
		return value or ""
	try:
		return for_reader(json.loads(value))
	except (ValueError, IndexError, KeyError):
		return value


def for_reader(value) -> str:
	"""A stored text (as built, not as JSON) for the current user."""
	from frappe import _
	from frappe.utils import format_date

	return render(value, _, format_date)
