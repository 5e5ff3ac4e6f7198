"""zh.csv speaks one vocabulary: the one in docs/glossary.md.

Every zh.csv row whose English contains a glossary term uses the term's Chinese. Longer terms
are matched first and consume their words ("Sales Invoice" is not checked again as "Invoice").
A term scoped to a doctype applies only to rows with that context and replaces the general
term of the same form there.
"""

import csv
import re
from pathlib import Path

from neiqin.translation_sources import APP_DIR

GLOSSARY = Path(__file__).resolve().parents[2] / "docs" / "glossary.md"

# Reviewed exceptions: (English, context) rows that cannot follow the glossary.
# - ERPNext's wording: frappe merges every app's zh.csv into one dictionary, so neiqin's plain
#   row for a string ERPNext also translates must keep ERPNext's words
#   (tests/integration/test_translations_agree.py); neiqin shows its own word through the
#   context row named in OWN_WORD_IN_CONTEXT.
# - A few rows where the English word means something else.
ERPNEXT_WORDING = {
	"Approve",
	"Reject",
	"Rejected",
	"Review",
	"Owner",
	"Sample",
	"Requested",
	"Dispatch",
	"Confirmed",
	"Lost",
	"Lost Reason",
	"Delivered",
	"% Delivered",
	"Delivered Amount",
	"Delivered Qty",
	"Partly Delivered",
	"Invoice",
	"Invoice Date",
	"Invoice Number",
	"Invoiced Amount",
	"Invoiced",
	"Outstanding Amount",
	"Credit Note Amount",
	"Paid Amount",
	"Paid Amount (Company Currency)",
	"Purchase Invoices",
	"Question",
	"Mandatory",
	"To Bill",
	"To Deliver",
	"To Deliver and Bill",
	"Document",
	# sales expenses: statuses of a request and a claim (their own words in context)
	"Advance Paid",
	"Paid",
	"Document Type",
	"Reference Document",
	"Reference Document Type",
}
OTHER_MEANING = {
	# a label of the material log only: the day the shipment arrived (送达), not goods delivered
	"Delivered On",
	# the card issue 24 names 我的单据待复核: the clerk's own documents, drafts by definition
	"My Drafts Awaiting Review",
	"My drafts awaiting review",
	# bank drafts (汇票) among the receipt instruments, not drafts of documents
	"Cheques, drafts and acceptance bills received from customers, handed over to finance.",
	"The cheque, draft or bill this payment settles; at most one submitted payment settles an instrument.",
}
# Fields that show an ERPNext field's values as ERPNext words them (the order's own status)
ERPNEXT_VALUES = {("Contract Fulfilment", "order_status")}
# ERPNext-worded strings neiqin shows with its own word: the context row(s) that do it.
OWN_WORD_IN_CONTEXT = {
	"Sample": "Sales Material Log",
	"Requested": "Sales Material Log",
	"Confirmed": "Sales Material Log",
	"Lost": "Sales Material Log",
	"Delivered": "Sales Material Log",
	"Dispatch": "Sales Material Log",
	"Invoice": "Sales Material Log",
	"Invoiced Amount": "Contract Fulfilment",
	"Invoiced": "Invoice Request",
	"Outstanding Amount": "Contract Fulfilment",
	"Approve": "Document Review",
	"Reject": "Document Review",
	"Rejected": "Document Review",
	"Owner": "Document Review",
	"Mandatory": ("Document Review", "Review Rule Checklist Item", "Document Review Checklist Answer"),
	"Question": ("Review Rule Checklist Item", "Document Review Checklist Answer"),
	"Delivered Qty": ("Contract Fulfilment", "Contract Fulfilment Item"),
	"Paid Amount": ("Contract Fulfilment", "Contract Fulfilment Item"),
	"Paid Amount (Company Currency)": "Contract Fulfilment",
	"Partly Delivered": "Contract Fulfilment",
	# report columns and cards built on the server: _(text, context="neiqin")
	"Credit Note Amount": "neiqin",
	"Advance Paid": "Sales Expense Request",
	"Paid": "Sales Expense Claim",
	"Document": ("neiqin", "Document Review", "Review Content Change", "Material Kind Item Group"),
	"Document Type": (
		"neiqin",
		"Notification Channel",
		"Review Content Change",
		"Review Rule",
		"Document Review",
	),
	"Reference Document": ("Sales Material Log", "Seal Usage Log"),
	"Reference Document Type": ("Sales Material Log", "Seal Usage Log"),
}


def glossary_terms() -> list[tuple[str, str, str]]:
	"""(form, chinese, scope) for every form of every glossary row; scope '' = everywhere."""
	terms = []
	for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
		cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
		if len(cells) < 3 or not re.search("[\u4e00-\u9fff]", cells[1]) or cells[0].startswith("English"):
			continue
		chinese = cells[1].split("/")[0].strip()
		scope = re.match(r"scope:\s*([^—]+?)\s*(—|$)", cells[2])
		for form in cells[0].split(","):
			terms.append((form.strip().lower(), chinese, scope.group(1) if scope else ""))
	return terms


def zh_rows() -> list[tuple[str, str, str]]:
	with (APP_DIR / "translations" / "zh.csv").open(encoding="utf-8", newline="") as f:
		return [(row[0], row[1], row[2] if len(row) > 2 else "") for row in csv.reader(f) if len(row) >= 2]


def violations(english: str, chinese: str, context: str, terms) -> list[str]:
	applicable = {}
	for form, word, scope in terms:
		if scope in ("", context) and (form not in applicable or scope):
			applicable[form] = word
	text = english.lower()
	wrong = []
	for form in sorted(applicable, key=len, reverse=True):
		pattern = re.compile(r"(?<!\w)" + re.escape(form) + r"(?!\w)")
		if pattern.search(text):
			if applicable[form] not in chinese:
				wrong.append(f"{form} → {applicable[form]}")
			text = pattern.sub(" ", text)
	return wrong


def test_the_glossary_is_read():
	terms = glossary_terms()
	forms = {form for form, _word, _scope in terms}
	assert {"approve", "reject", "sample", "dispatch", "credit note", "outstanding"} <= forms
	assert ("delivered", "送达", "Sales Material Log") in terms


def test_the_checker_finds_a_second_vocabulary():
	terms = glossary_terms()
	assert violations("Approve the sample", "同意样本", "", terms) == ["approve → 批准", "sample → 样品"]
	assert violations("Sales Invoice {0}", "销售费用清单{0}", "", terms) == []
	assert violations("Delivered", "已交付", "Sales Material Log", terms) == ["delivered → 送达"]


def test_zh_csv_uses_the_glossary_words():
	terms = glossary_terms()
	wrong = {}
	for english, chinese, context in zh_rows():
		if not context and (english in ERPNEXT_WORDING or english in OTHER_MEANING):
			continue
		found = violations(english, chinese, context, terms)
		if found:
			wrong[(english, context)] = (chinese, found)
	assert not wrong, "zh.csv rows that do not use the glossary (docs/glossary.md):\n" + "\n".join(
		f"  {english!r} [{context}] = {chinese}: {', '.join(found)}"
		for (english, context), (chinese, found) in sorted(wrong.items())
	)


def test_erpnext_worded_strings_show_neiqins_word_in_neiqins_context():
	terms = glossary_terms()
	rows = {(english, context): chinese for english, chinese, context in zh_rows()}
	for english, contexts in OWN_WORD_IN_CONTEXT.items():
		assert english in ERPNEXT_WORDING
		for context in (contexts,) if isinstance(contexts, str) else contexts:
			chinese = rows.get((english, context))
			assert chinese, f"no zh.csv row {english!r} with context {context!r}"
			assert not violations(english, chinese, context, terms), (english, context, chinese)
	listed = {english for english, _chinese, _context in zh_rows()}
	assert not (ERPNEXT_WORDING - listed), "exceptions without a zh.csv row: " + ", ".join(
		sorted(ERPNEXT_WORDING - listed)
	)


JS_CALL = re.compile(
	r"""__\(\s*(?P<q>["'])(?P<text>(?:\\.|(?!(?P=q)).)*)(?P=q)"""
	r"""(?:\s*,\s*(?:null|undefined|\[[^\]]*\])\s*,\s*(?P<context>["'][^"']*["']|\w+))?"""
)
JS_CONST = re.compile(r"""const\s+(?P<name>\w+)\s*=\s*["'](?P<value>[^"']*)["']""")


def js_calls(source: str) -> list[tuple[str, str]]:
	"""(text, context) of every `__("text", …)` call; a context given as a constant of the file
	is resolved ("" = no context)."""
	constants = {m["name"]: m["value"] for m in JS_CONST.finditer(source)}
	calls = []
	for m in JS_CALL.finditer(source):
		context = m["context"] or ""
		context = context.strip("\"'") if context[:1] in "\"'" else constants.get(context, context)
		calls.append((m["text"], context))
	return calls


def test_the_js_reader_resolves_contexts():
	source = 'const C = "Document Review";\n__("Approve", null, C); __("Reject"); __("Lost", null, "Sales Material Log")'
	assert js_calls(source) == [
		("Approve", "Document Review"),
		("Reject", ""),
		("Lost", "Sales Material Log"),
	]


def test_neiqins_js_shows_erpnext_worded_strings_in_neiqins_context():
	"""`__("Approve")` would read ERPNext's 同意: neiqin's scripts pass the context whose row
	speaks the glossary (批准)."""
	terms = glossary_terms()
	rows = {(english, context): chinese for english, chinese, context in zh_rows()}
	wrong = []
	for path in sorted(APP_DIR.rglob("*.js")):
		for text, context in js_calls(path.read_text(encoding="utf-8")):
			if text not in ERPNEXT_WORDING:
				continue
			# frappe falls back to the plain row when the context has none
			chinese = rows.get((text, context)) or rows.get((text, ""), "")
			if violations(text, chinese, context, terms):
				wrong.append(f"{path.relative_to(APP_DIR)}: __({text!r}) context {context!r} = {chinese}")
	assert not wrong, "JS strings shown in ERPNext's words, not the glossary's:\n" + "\n".join(wrong)


def test_neiqins_labels_and_options_read_the_glossarys_words_on_the_desk():
	"""The desk translates a label or Select option with its doctype as context and falls back to
	the plain row: a label ERPNext words otherwise (Paid Amount = 已付金额) needs a context row
	of the doctype showing it."""
	import json

	terms = glossary_terms()
	rows = {(english, context): chinese for english, chinese, context in zh_rows()}
	wrong = []
	for path in sorted(APP_DIR.rglob("doctype/*/*.json")):
		meta = json.loads(path.read_text(encoding="utf-8"))
		doctype = meta.get("name")
		for field in meta.get("fields", []):
			texts = [field.get("label")]
			if field.get("fieldtype") == "Select" and (doctype, field["fieldname"]) not in ERPNEXT_VALUES:
				texts += (field.get("options") or "").split("\n")
			for text in filter(None, texts):
				if text not in ERPNEXT_WORDING or text in OTHER_MEANING:
					continue
				chinese = rows.get((text, doctype)) or rows.get((text, ""), "")
				if violations(text, chinese, doctype, terms):
					wrong.append(f"{doctype}.{field['fieldname']}: {text!r} = {chinese}")
	assert not wrong, "labels and options shown in ERPNext's words on neiqin's forms:\n" + "\n".join(wrong)


PY_CALL = re.compile(
	r"""(?<![\w.])_\(\s*(?P<q>["'])(?P<text>(?:\\.|(?!(?P=q)).)*)(?P=q)"""
	r"""(?:\s*,\s*context\s*=\s*(?P<context>["'][^"']*["']|\w+))?"""
)


def py_calls(source: str) -> list[tuple[str, str]]:
	"""(text, context) of every `_("text"[, context=…])` in Python or a jinja print format."""
	constants = {
		m["name"]: m["value"]
		for m in re.finditer(r"""(?m)^(?P<name>[A-Z_]+)\s*=\s*["'](?P<value>[^"']*)["']""", source)
	}
	calls = []
	for m in PY_CALL.finditer(source):
		context = m["context"] or ""
		context = context.strip("\"'") if context[:1] in "\"'" else constants.get(context, context)
		calls.append((m["text"], context))
	return calls


def test_the_python_reader_resolves_contexts():
	source = 'CF = "Contract Fulfilment"\n_("Paid Amount", context=CF); _("Delivered"); {{ _("Lost", context="Sales Material Log") }}'
	assert py_calls(source) == [
		("Paid Amount", "Contract Fulfilment"),
		("Delivered", ""),
		("Lost", "Sales Material Log"),
	]


def test_neiqins_prints_reports_and_messages_show_erpnext_worded_strings_in_neiqins_context():
	"""A print, a report column or a message that says `_("Delivered Qty")` reads ERPNext's
	已交付数量 next to neiqin's 交货 on the form: it passes the context whose row speaks the glossary."""
	terms = glossary_terms()
	rows = {(english, context): chinese for english, chinese, context in zh_rows()}
	wrong = []
	for path in sorted([*APP_DIR.rglob("*.py"), *APP_DIR.rglob("*.html")]):
		for text, context in py_calls(path.read_text(encoding="utf-8")):
			if text not in ERPNEXT_WORDING or text in OTHER_MEANING:
				continue
			chinese = rows.get((text, context)) or rows.get((text, ""), "")
			if violations(text, chinese, context, terms):
				wrong.append(f"{path.relative_to(APP_DIR)}: _({text!r}) context {context!r} = {chinese}")
	assert not wrong, "server and print strings shown in ERPNext's words, not the glossary's:\n" + "\n".join(
		wrong
	)
