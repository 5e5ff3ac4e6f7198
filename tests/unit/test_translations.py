"""Every user-visible string the app defines has a Simplified Chinese translation."""

import ast
import csv
import json

from neiqin.translation_sources import (
	APP_DIR,
	app_strings,
	js_strings,
	json_strings,
	python_strings,
	read_translations,
	translation_key,
)


def test_every_app_string_has_a_zh_translation():
	zh = read_translations("zh")
	missing = {text: sorted(origins) for text, origins in app_strings().items() if not zh.get(text)}
	assert not missing, "Missing zh translations (add them to neiqin/translations/zh.csv):\n" + "\n".join(
		f"  {text!r}  <- {', '.join(origins)}" for text, origins in sorted(missing.items())
	)


def test_zh_translations_are_chinese_and_unique():
	with (APP_DIR / "translations" / "zh.csv").open(encoding="utf-8", newline="") as f:
		sources = [translation_key(row) for row in csv.reader(f) if row]
	zh = read_translations("zh")
	assert len(zh) >= 10
	not_chinese = [s for s, t in zh.items() if not any("\u4e00" <= ch <= "\u9fff" for ch in t)]
	assert not not_chinese, f"These zh entries contain no Chinese: {not_chinese}"
	assert len(sources) == len(set(sources)), "zh.csv has duplicate source strings"


def test_placeholders_survive_translation():
	"""`{0}` in the English string must appear in the translation, or .format() breaks."""
	broken = []
	for source, target in read_translations("zh").items():
		for index in range(10):
			token = "{" + str(index) + "}"
			if token in source and token not in target:
				broken.append(source)
	assert not broken, f"Placeholders lost in translation: {broken}"


def test_extractors_find_the_kinds_of_strings_the_desk_shows(tmp_path):
	doctype = tmp_path / "x.json"
	doctype.write_text(
		json.dumps(
			{
				"doctype": "DocType",
				"name": "Thing",
				"fields": [
					{"label": "Colour", "fieldtype": "Select", "options": "Red\nBlue"},
					{"label": "Note", "fieldtype": "Data", "description": "A short note"},
				],
			}
		)
	)
	assert set(json_strings(doctype)) - {None} == {"Thing", "Colour", "Red", "Blue", "Note", "A short note"}

	module = tmp_path / "m.py"
	module.write_text(
		'from frappe import _\nX = _("Cannot do {0}").format(1)\n'
		'CUSTOM_FIELDS = {"Sales Order": [{"label": "Signed On", "fieldtype": "Select", "options": "A\\nB"}]}\n'
		'ROLES = {"Sales Admin": {}}\n'
	)
	assert set(python_strings(module)) == {"Cannot do {0}", "Signed On", "A", "B", "Sales Admin"}
	assert list(js_strings("frm.add_custom_button(__('Approve'), () => __(\"Reject {0}\", [x]))")) == [
		"Approve",
		"Reject {0}",
	]
	ast.parse(module.read_text())


def test_every_zh_row_is_source_translation_and_optional_doctype_context():
	"""A stray comma in an unquoted translation splits the row: frappe then drops the entry (four
	columns) or files it under a bogus context (three). Contexts are neiqin's doctypes (labels and
	options) or "neiqin" (texts built on the server, `_(text, context="neiqin")`)."""
	doctypes = {
		json.loads(path.read_text(encoding="utf-8")).get("name") for path in APP_DIR.rglob("doctype/*/*.json")
	} | {"neiqin"}
	with (APP_DIR / "translations" / "zh.csv").open(encoding="utf-8", newline="") as f:
		rows = [row for row in csv.reader(f) if row]
	malformed = [row for row in rows if len(row) not in (2, 3) or (len(row) == 3 and row[2] not in doctypes)]
	assert not malformed, f"Malformed zh.csv rows (quote translations containing commas): {malformed}"
