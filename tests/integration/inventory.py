"""What neiqin offers to callers, enumerated from the app itself (so a new report or whitelisted
method cannot be missed by the tests that must cover every one of them)."""

from __future__ import annotations

import importlib
import json
import pkgutil
from pathlib import Path

import frappe

import neiqin

APP = Path(neiqin.__file__).parent


def neiqin_reports() -> list[str]:
	"""Names of every report the app ships (`<module>/report/<name>/<name>.json`)."""
	names = []
	for path in sorted(APP.glob("*/report/*/*.json")):
		if path.stem == path.parent.name:
			names.append(json.loads(path.read_text())["name"])
	return names


def neiqin_whitelisted_methods() -> list[str]:
	"""Dotted paths of every `@frappe.whitelist()` function or document method of the app
	(`Class.method` for a document's method)."""
	for module in pkgutil.walk_packages([str(APP)], prefix="neiqin."):
		if ".patches." in module.name or module.name.endswith(".patches"):
			continue
		importlib.import_module(module.name)
	return sorted(
		{
			f"{function.__module__}.{function.__qualname__}"
			for function in frappe.whitelisted
			if function.__module__.startswith("neiqin.")
		}
	)
