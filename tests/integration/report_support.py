"""Asserting on a report's refusal of its filters (see `neiqin.report_filters.answers_refusals`)."""

from __future__ import annotations

import re

import frappe


def refusal(result) -> str:
	"""The refusal a report's `execute` answered with: no rows, the reason as its message and no
	dialog queued. Returns the message text."""
	_columns, data, message, *_rest = result
	assert data == [], "a refused report shows no rows"
	assert message, "a refused report says why"
	queued = [frappe.parse_json(entry).get("message") for entry in frappe.local.message_log]
	assert not any(text and text in message for text in queued), "the refusal is not also a dialog"
	return message


def assert_refused(result, pattern: str) -> None:
	message = refusal(result)
	assert re.search(pattern, message), f"{pattern!r} not in {message!r}"
