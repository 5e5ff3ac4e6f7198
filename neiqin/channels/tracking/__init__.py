"""Courier tracking: what a provider answers, and the providers other apps register.

A provider is a class with `query(number, carrier_code, phone=None) -> TrackingResult`,
registered by dotted path in the hook `neiqin_tracking_providers = {"name": "dotted.path"}`.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class ProviderError(Exception):
	"""The provider could not answer (network, refused signature, unknown number …)."""


@dataclass(frozen=True)
class TrackingEvent:
	time: str
	context: str
	location: str = ""


@dataclass(frozen=True)
class TrackingResult:
	state: str  # the provider's own state code
	state_label: str  # readable (English; translated when shown)
	signed: bool  # the carrier reports it signed for (签收)
	events: list[TrackingEvent] = field(default_factory=list)  # newest first
	signed_on: str | None = None  # date (YYYY-MM-DD) of the signing event


def tracking_url(template: str, tracking_number: str) -> str:
	"""The courier's tracking page for a number (template holds `{tracking_number}`)."""
	from urllib.parse import quote

	return (template or "").replace("{tracking_number}", quote((tracking_number or "").strip(), safe=""))


def template_problem(template: str | None) -> str | None:
	template = (template or "").strip()
	if not template:
		return None
	if "{tracking_number}" not in template:
		return "placeholder_missing"
	if not template.startswith(("https://", "http://")):
		return "not_a_web_address"
	return None
