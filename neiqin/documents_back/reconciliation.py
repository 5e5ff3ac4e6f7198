"""发票核对: what the Sales Invoices and the fapiao register disagree on (pure: no frappe).

Issues, one row each:
- an invoice that still needs a fapiao (what its credit notes leave of it is not covered at all),
  or is only partly covered;
- a fapiao (not void, not red-letter) that covers no Sales Invoice;
- a fapiao that covers its invoices whole but whose amount or tax differs from theirs;
- a credit note of an invoice that had a fapiao, without a red-letter fapiao;
- a fapiao issued but not mailed, or mailed but not signed for.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from neiqin.documents_back import rules

WITHOUT_FAPIAO = "Sales Invoice without fapiao"
PARTLY_COVERED = "Sales Invoice partly covered"
FAPIAO_WITHOUT_INVOICE = "Fapiao without Sales Invoice"
AMOUNT_DIFFERS = "Amount or tax differs"
CREDIT_NOTE_WITHOUT_RED = "Credit note without red-letter fapiao"
NOT_MAILED = "Issued, not mailed"
NOT_SIGNED = "Mailed, not signed for"
ISSUES = (
	WITHOUT_FAPIAO,
	PARTLY_COVERED,
	FAPIAO_WITHOUT_INVOICE,
	AMOUNT_DIFFERS,
	CREDIT_NOTE_WITHOUT_RED,
	NOT_MAILED,
	NOT_SIGNED,
)


def issues(
	invoices: Iterable[Mapping],
	returned: Mapping[str, float],
	covered: Mapping[str, float],
	fapiao: Iterable[Mapping],
	fapiao_rows: Mapping[str, list[Mapping]],
) -> list[dict]:
	"""`invoices`: {name, customer, posting_date, grand_total, is_return, return_against};
	`returned`: {invoice: total of its credit notes (negative)}; `covered`: {invoice: what
	covering fapiao add up to on it}; `fapiao`: {name, customer, issue_date, status, total,
	amount, tax_amount, is_red_letter}; `fapiao_rows`: {fapiao: [{sales_invoice, amount,
	grand_total, net_total, total_taxes}]}."""
	found = []
	for invoice in invoices:
		name, total = invoice["name"], float(invoice["grand_total"] or 0)
		if invoice.get("is_return"):
			original = invoice.get("return_against")
			if (
				original
				and covered.get(original, 0.0) > rules.TOLERANCE
				and abs(covered.get(name, 0.0)) <= rules.TOLERANCE
			):
				found.append(issue(CREDIT_NOTE_WITHOUT_RED, "Sales Invoice", invoice, invoice_amount=total))
			continue
		needed = total + returned.get(name, 0.0)
		done = covered.get(name, 0.0)
		if needed <= rules.TOLERANCE:
			continue
		if done <= rules.TOLERANCE:
			found.append(
				issue(WITHOUT_FAPIAO, "Sales Invoice", invoice, invoice_amount=needed, fapiao_amount=0.0)
			)
		elif done < needed - rules.TOLERANCE:
			found.append(
				issue(PARTLY_COVERED, "Sales Invoice", invoice, invoice_amount=needed, fapiao_amount=done)
			)
	for item in fapiao:
		if item["status"] == rules.VOID:
			continue
		rows = fapiao_rows.get(item["name"], [])
		total = float(item["total"] or 0)
		if not item.get("is_red_letter"):
			if not rows:
				found.append(issue(FAPIAO_WITHOUT_INVOICE, "Fapiao", item, fapiao_amount=total))
			elif all(abs(float(r["amount"]) - float(r["grand_total"])) <= rules.TOLERANCE for r in rows):
				net = sum(float(r["net_total"] or 0) for r in rows)
				tax = sum(float(r["total_taxes"] or 0) for r in rows)
				if (
					abs(net - float(item["amount"] or 0)) > rules.TOLERANCE
					or abs(tax - float(item["tax_amount"] or 0)) > rules.TOLERANCE
				):
					found.append(
						issue(
							AMOUNT_DIFFERS,
							"Fapiao",
							item,
							invoice_amount=net,
							fapiao_amount=float(item["amount"] or 0),
							note=(net, tax, float(item["amount"] or 0), float(item["tax_amount"] or 0)),
						)
					)
		if item["status"] == rules.ISSUED and not item.get("is_red_letter"):
			found.append(issue(NOT_MAILED, "Fapiao", item, fapiao_amount=total))
		elif item["status"] == rules.MAILED:
			found.append(issue(NOT_SIGNED, "Fapiao", item, fapiao_amount=total))
	return found


def issue(
	kind: str, document_type: str, source: Mapping, invoice_amount=None, fapiao_amount=None, note=None
) -> dict:
	difference = None
	if invoice_amount is not None and fapiao_amount is not None:
		difference = round(invoice_amount - fapiao_amount, 2)
	return {
		"issue": kind,
		"document_type": document_type,
		"document": source["name"],
		"customer": source.get("customer"),
		"date": source.get("posting_date") or source.get("issue_date"),
		"invoice_amount": invoice_amount,
		"fapiao_amount": fapiao_amount,
		"difference": difference,
		"note": note,
	}
