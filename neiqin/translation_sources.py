"""Which strings of the app a user can see, read straight from its files (no frappe).

Used by the translations test and by anyone adding a language: every string returned
here must have an entry in `neiqin/translations/<lang>.csv`.
"""

from __future__ import annotations

import ast
import csv
import json
import re
from collections.abc import Iterator
from pathlib import Path

APP_DIR = Path(__file__).resolve().parent
JS_CALL = re.compile(r"""__\(\s*(?P<q>["'`])(?P<text>(?:\\.|(?!(?P=q)).)*)(?P=q)""", re.S)
TRANSLATE_FUNCS = {"_", "_lt"}
# messages stored to be translated when read (`neiqin.stored_text.text("...")`)
STORED_TEXT_FUNCS = {("stored_text", "text")}


def app_strings(app_dir: Path = APP_DIR) -> dict[str, set[str]]:
	"""{string: {files it comes from}} for every user-visible string of the app."""
	found: dict[str, set[str]] = {}

	def add(text: str | None, origin: Path | str):
		text = (text or "").strip()
		# (a text without a Latin letter, such as a name given in Chinese, is no English source)
		if re.search("[A-Za-z]", text):
			found.setdefault(text, set()).add(str(origin))

	for path in sorted(app_dir.rglob("*.json")):
		for text in json_strings(path):
			add(text, path.relative_to(app_dir))
	for path in sorted(app_dir.rglob("*.py")):
		for text in python_strings(path):
			add(text, path.relative_to(app_dir))
	for path in sorted(app_dir.rglob("*.js")):
		for text in js_strings(path.read_text(encoding="utf-8")):
			add(text, path.relative_to(app_dir))
	for line in (app_dir / "modules.txt").read_text(encoding="utf-8").splitlines():
		add(line, "modules.txt")
	return found


def json_strings(path: Path) -> Iterator[str]:
	try:
		data = json.loads(path.read_text(encoding="utf-8"))
	except ValueError:
		return
	if not isinstance(data, dict):
		return
	kind = data.get("doctype")
	if kind == "DocType":
		yield data.get("name")
		yield data.get("description")
		for field in data.get("fields", []):
			yield field.get("label")
			yield field.get("description")
			if field.get("fieldtype") == "Select":
				yield from (option for option in (field.get("options") or "").split("\n"))
		for action in data.get("actions", []):
			yield action.get("label")
	elif kind in ("Report", "Print Format", "Page"):
		yield data.get("name")
		yield data.get("title")
	elif kind in ("Workspace", "Number Card", "Dashboard Chart", "Notification"):
		yield data.get("label") or data.get("name")
		yield data.get("chart_name")
		yield data.get("subject")
		for key in ("shortcuts", "links", "cards", "charts", "number_cards"):
			for row in data.get(key, []):
				yield row.get("label")


def python_strings(path: Path) -> Iterator[str]:
	"""First string argument of every `_()`/`_lt()` call, plus label/description/role names
	in `custom_fields.py`-style dicts (module-level constants named *FIELDS* or ROLES)."""
	tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
	for node in ast.walk(tree):
		if (
			isinstance(node, ast.Call)
			and is_translating_call(node.func)
			and node.args
			and isinstance(node.args[0], ast.Constant)
			and isinstance(node.args[0].value, str)
		):
			yield node.args[0].value
		elif isinstance(node, ast.Assign | ast.AnnAssign):
			targets = node.targets if isinstance(node, ast.Assign) else [node.target]
			names = [t.id for t in targets if isinstance(t, ast.Name)]
			if any("FIELDS" in name or name == "ROLES" for name in names) and node.value is not None:
				yield from _dict_strings(node.value, top_level_keys=any(name == "ROLES" for name in names))


def is_translating_call(func: ast.AST) -> bool:
	if isinstance(func, ast.Name):
		return func.id in TRANSLATE_FUNCS
	return (
		isinstance(func, ast.Attribute)
		and isinstance(func.value, ast.Name)
		and (func.value.id, func.attr) in STORED_TEXT_FUNCS
	)


def _dict_strings(node: ast.AST, top_level_keys: bool) -> Iterator[str]:
	if top_level_keys and isinstance(node, ast.Dict):
		for key in node.keys:
			if isinstance(key, ast.Constant) and isinstance(key.value, str):
				yield key.value
	for child in ast.walk(node):
		if isinstance(child, ast.Dict):
			for key, value in zip(child.keys, child.values, strict=False):
				if (
					isinstance(key, ast.Constant)
					and key.value in ("label", "description")
					and isinstance(value, ast.Constant)
					and isinstance(value.value, str)
				):
					yield value.value
				if (
					isinstance(key, ast.Constant)
					and key.value == "options"
					and isinstance(value, ast.Constant)
					and isinstance(value.value, str)
					and _is_select(child)
				):
					yield from value.value.split("\n")


def _is_select(node: ast.Dict) -> bool:
	for key, value in zip(node.keys, node.values, strict=False):
		if isinstance(key, ast.Constant) and key.value == "fieldtype":
			return isinstance(value, ast.Constant) and value.value == "Select"
	return False


def js_strings(source: str) -> Iterator[str]:
	for match in JS_CALL.finditer(source):
		yield match.group("text").replace("\\'", "'").replace('\\"', '"')


def read_translations(lang: str, app_dir: Path = APP_DIR) -> dict[str, str]:
	path = app_dir / "translations" / f"{lang}.csv"
	if not path.exists():
		return {}
	with path.open(encoding="utf-8", newline="") as f:
		return {translation_key(row): row[1] for row in csv.reader(f) if len(row) >= 2 and row[0]}


def translation_key(row: list[str]) -> str:
	"""Frappe's key for a CSV row: `source`, or `source:context` when a third column gives the
	context (the desk passes the doctype as context for labels and select options, and falls
	back to the plain entry when there is no contextual one)."""
	return f"{row[0]}:{row[2]}" if len(row) >= 3 and row[2] else row[0]
