"""Tracking providers registered through the hook `neiqin_tracking_providers`."""

from __future__ import annotations

import frappe


def registry() -> dict[str, str]:
	providers: dict[str, str] = {}
	for name, path in (frappe.get_hooks("neiqin_tracking_providers") or {}).items():
		providers[name] = path[-1] if isinstance(path, list) else path
	return providers


def provider_names() -> list[str]:
	return sorted(registry())


def get_provider(name: str):
	"""An instance of provider `name` (its class's `from_settings()` when it has one)."""
	cls = frappe.get_attr(registry()[name])
	return cls.from_settings() if hasattr(cls, "from_settings") else cls()
