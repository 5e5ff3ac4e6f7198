"""What neiqin is made of, read from the app itself: its modules, reports, doctypes and
whitelisted methods. A test that claims "every report", "every whitelisted method" or "every
doctype" takes the list from here, never from a list written out by hand — a hand-written list
goes stale the day a report or a method is added, and the test keeps passing without covering it.

	from tests.integration.inventory import (
		assert_covered, neiqin_doctypes, neiqin_modules, neiqin_reports, neiqin_whitelisted_methods,
	)

	neiqin_modules()              ["Neiqin", "Dual Review", ...]          (neiqin/modules.txt)
	neiqin_reports()              ["Awaiting My Review", ...]             (every neiqin/*/report/*/ folder)
	neiqin_doctypes()             ["Contract Fulfilment", ...]            (every neiqin/*/doctype/*/ folder)
	neiqin_doctypes(child=False, single=False)                            (only doctypes with their own list)
	neiqin_whitelisted_methods()  ["neiqin.dual_review.api.review", ...]  (frappe's whitelist registry)
	document_method(path)         ("Customer Qualification", "verify") or None
	assert_covered(table, neiqin_reports(), "report")                     (the table names each one)

A method of a DocType's controller class is listed as `<module>.<Class>.<method>`, e.g.
`neiqin.channels.doctype.notification_channel.notification_channel.NotificationChannel.send_test_message`
(the desk calls it through `run_doc_method`; `document_method(path)` gives its doctype and
method name); every other one is the dotted path that `/api/method/<path>` takes.

A test that needs something per item (filters per report, arguments per method) keeps its own
table keyed by these names and calls `assert_covered(table, everything, what)`: a new report or
method missing from the table then FAILS the test (it is never skipped), and so does a table row
naming one that no longer exists. Every function here reads files and imports modules only (no
database, no dates), so it may be called at collection time, e.g. in `pytest.mark.parametrize`.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import neiqin

APP = Path(neiqin.__file__).resolve().parent


def neiqin_modules() -> list[str]:
	"""The Module Defs of neiqin, as `modules.txt` lists them."""
	lines = (APP / "modules.txt").read_text(encoding="utf-8").splitlines()
	return [line.strip() for line in lines if line.strip()]


def _module_folders() -> list[Path]:
	return [APP / _scrub(module) for module in neiqin_modules()]


def _scrub(name: str) -> str:
	return name.strip().lower().replace(" ", "_").replace("-", "_")


def _definitions(kind: str) -> list[dict]:
	"""The JSON definitions in every `<module>/<kind>/<name>/<name>.json` of neiqin's modules."""
	found = []
	for folder in _module_folders():
		for path in sorted(folder.glob(f"{kind}/*/*.json")):
			if path.stem == path.parent.name:
				found.append(json.loads(path.read_text(encoding="utf-8")))
	return found


def neiqin_reports() -> list[str]:
	"""Every report neiqin ships (the name of each report folder's Report), sorted."""
	return sorted(definition["name"] for definition in _definitions("report"))


def neiqin_doctypes(child: bool = True, single: bool = True) -> list[str]:
	"""Every doctype neiqin ships, sorted; `child=False` leaves out child tables, `single=False`
	leaves out single (settings) doctypes."""
	return sorted(
		definition["name"]
		for definition in _definitions("doctype")
		if (child or not definition.get("istable")) and (single or not definition.get("issingle"))
	)


@cache
def neiqin_whitelisted_methods() -> list[str]:
	"""Every function or document method of neiqin that `@frappe.whitelist()` registered, as a
	dotted path, sorted. Imports every neiqin module first, so that none is left out because
	nothing imported it yet."""
	import frappe

	for module in pkgutil.walk_packages([str(APP)], "neiqin."):
		importlib.import_module(module.name)
	return sorted(
		{
			f"{function.__module__}.{function.__qualname__}"
			for function in frappe.whitelisted
			if function.__module__ == "neiqin" or function.__module__.startswith("neiqin.")
		}
	)


def document_method(path: str) -> tuple[str, str] | None:
	"""(doctype, method) when `path` names a method of a neiqin DocType's controller class (call it
	with `/api/method/run_doc_method` and `dt`, `dn`, `method`), else None."""
	parts = path.split(".")
	if len(parts) < 6 or parts[-5] != "doctype" or parts[-4] != parts[-3]:
		return None
	folder = APP.joinpath(*parts[1:-2]).parent
	definition = json.loads((folder / f"{folder.name}.json").read_text(encoding="utf-8"))
	return definition["name"], parts[-1]


def assert_covered(table: Iterable[str], everything: Iterable[str], what: str) -> None:
	"""Fail unless `table` names exactly `everything` (e.g. the reports neiqin ships)."""
	named, actual = set(table), set(everything)
	missing, stale = sorted(actual - named), sorted(named - actual)
	assert not missing, f"{len(missing)} {what}(s) of neiqin not covered by this test; add them: {missing}"
	assert not stale, f"this test names {what}(s) neiqin no longer has: {stale}"
