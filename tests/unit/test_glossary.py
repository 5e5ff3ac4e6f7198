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
}
OTHER_MEANING = {
	# a label of the material log only: the day the shipment arrived (送达), not goods delivered
	"Delivered On",
}
# ERPNext-worded strings neiqin shows with its own word: the context row that does it.
OWN_WORD_IN_CONTEXT = {
	"Sample": "Sales Material Log",
	"Requested": "Sales Material Log",
	"Confirmed": "Sales Material Log",
	"Lost": "Sales Material Log",
	"Delivered": "Sales Material Log",
	"Dispatch": "Sales Material Log",
	"Invoice": "Sales Material Log",
	"Invoiced Amount": "Contract Fulfilment",
	"Outstanding Amount": "Contract Fulfilment",
	"Rejected": "Document Review",
	"Owner": "Document Review",
	"Delivered Qty": "Contract Fulfilment Item",
	"Partly Delivered": "Contract Fulfilment",
	# report columns and cards built on the server: _(text, context="neiqin")
	"Credit Note Amount": "neiqin",
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
	for english, context in OWN_WORD_IN_CONTEXT.items():
		assert english in ERPNEXT_WORDING
		chinese = rows.get((english, context))
		assert chinese, f"no zh.csv row {english!r} with context {context!r}"
		assert not violations(english, chinese, context, terms), (english, context, chinese)
	listed = {english for english, _chinese, _context in zh_rows()}
	assert not (ERPNEXT_WORDING - listed), "exceptions without a zh.csv row: " + ", ".join(
		sorted(ERPNEXT_WORDING - listed)
	)
