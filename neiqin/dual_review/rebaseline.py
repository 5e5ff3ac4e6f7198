"""Reviews survive a new fingerprint version (`fingerprint.VERSION`).

Hashes of different versions cannot be compared, so after an upgrade that changes what a review
binds, every review and every submitted document still holds a hash of the old version. Without
a re-baseline the stale-approval guard would void every approval of a draft (a harmless nuisance)
and the after-submit guard would have nothing to compare with (a hole). `rebaseline()` — run by
the patch `neiqin.patches.v1.rebaseline_review_fingerprints`, listed in `patches.txt` once per
version — moves both to the new version, trusting only what the old version vouched for:

- a submitted document governed at submit gets a new baseline (`Re-baselined`: its content now,
  hashed with the new version, the same rules as its last baseline). Its content was guarded
  under the old version until the upgrade, so what it holds now is what was approved;
- a valid review of a draft is re-stamped with the draft's new hash only when it was current
  under the old version: its hash is the draft's last recorded fingerprint (every save of a
  governed draft records one, `edits.record_edit`). Any other review stays of the old version
  and no longer counts, as before.

Idempotent: rows already of the new version are left alone.
"""

from __future__ import annotations

import frappe

from neiqin import stored_text
from neiqin.dual_review import content, edits, fingerprint
from neiqin.dual_review.quorum import VALID

REBASELINED = edits.REBASELINED
REVIEW = "Document Review"


def rebaseline(version: str | None = None) -> dict:
	"""Move baselines and current reviews to `version` (default: the current one). Returns
	{"documents": n, "reviews": n} re-baselined."""
	version = version or fingerprint.VERSION
	return {"documents": rebaseline_documents(version), "reviews": rebaseline_reviews(version)}


def _of_version(content_hash: str | None, version: str) -> bool:
	return bool(content_hash) and content_hash.split(":", 1)[0] == version


def _latest(rows: list[dict]) -> dict[tuple[str, str], dict]:
	"""The newest row of each document (rows newest first)."""
	latest: dict[tuple[str, str], dict] = {}
	for row in rows:
		latest.setdefault((row.reference_doctype, row.reference_name), row)
	return latest


def rebaseline_documents(version: str) -> int:
	rows = frappe.get_all(
		edits.DOCTYPE,
		filters={"event": ("in", edits.BASELINES)},
		fields=["reference_doctype", "reference_name", "content_hash", "review_rules"],
		order_by="changed_on desc, creation desc, name desc",
	)
	done = 0
	for (doctype, name), base in _latest(rows).items():
		if not base.content_hash or _of_version(base.content_hash, version):
			continue
		if not frappe.db.exists(doctype, name):
			continue
		doc = frappe.get_doc(doctype, name)
		if doc.docstatus != 1:
			continue
		change = stored_text.text("fingerprint {0} → {1}", base.content_hash.split(":", 1)[0], version)
		edits.record(
			doc,
			REBASELINED,
			content.content_hash(doc),
			base.content_hash,
			rules=[rule for rule in (base.review_rules or "").splitlines() if rule],
			changes=[change],
		)
		done += 1
	return done


def rebaseline_reviews(version: str) -> int:
	reviews = [
		review
		for review in frappe.get_all(
			REVIEW,
			filters={"status": VALID},
			fields=["name", "reference_doctype", "reference_name", "content_hash"],
		)
		if review.content_hash and not _of_version(review.content_hash, version)
	]
	by_document: dict[tuple[str, str], list] = {}
	for review in reviews:
		by_document.setdefault((review.reference_doctype, review.reference_name), []).append(review)
	done = 0
	for (doctype, name), found in by_document.items():
		if not frappe.db.exists(doctype, name):
			continue
		doc = frappe.get_doc(doctype, name)
		if doc.docstatus != 0:
			continue  # decisions on a submitted document are history; its baseline guards it
		last = frappe.get_all(
			edits.DOCTYPE,
			filters=edits.of_document(doctype, name, doc.get("creation"), event=edits.EDITED),
			fields=["content_hash"],
			order_by="changed_on desc, creation desc, name desc",
			limit=1,
		)
		if not last or not last[0].content_hash:
			continue
		current = content.content_hash(doc)
		for review in found:
			if review.content_hash == last[0].content_hash:
				frappe.db.set_value(REVIEW, review.name, "content_hash", current, update_modified=False)
				done += 1
	return done
