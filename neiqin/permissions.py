"""Rights neiqin's roles need on ERPNext's doctypes, granted through Frappe's permission rules.

Frappe keeps a doctype's rules in DocPerm (shipped by the app) until someone customises
them; from then on Custom DocPerm replaces them (what the Role Permissions Manager does).
`grant` follows that path: it copies the standard rules once, then adds the missing rights
to the role's level-0 rule. It never takes a right away. On uninstall, neiqin's roles and
their rules are deleted and copies that equal the standard rules again are dropped
(`neiqin.uninstall`), so the doctypes follow ERPNext's own rules again.

What is granted at set-up:
- Sales Admin (销售内勤) checks every outgoing document and runs the reports: it reads the
  sales documents and may report, export, print and e-mail them. Entering documents stays
  with ERPNext's own roles (Sales User, Stock User, Accounts User).
- The report roles (Sales Admin, Sales Manager, Accounts User) get "select" (see a name,
  choose it in a filter, not open the record) on every doctype the reports show in a Link
  column or filter by: frappe drops a report's result for users who can neither read nor
  select such a doctype.
- Reviewers get read on what they review when a Review Rule is enabled
  (`grant_review_read`); the rule shows what it granted (`read_granted_to`), and disabling
  or deleting it takes back what only it granted (`release_review_read`).

Adding without freezing. In frappe 15 the first Custom DocPerm of a doctype makes frappe ignore
its standard DocPerm rules, so a copy would freeze ERPNext's rules as they were at install. neiqin
therefore keeps a ledger (`ledger()`) of every doctype whose rules it copied: ERPNext's rules as
copied (`standard`), neiqin's own additions (`grants`: role → rights) and the rules as neiqin last
wrote them (`written`). On every `bench migrate` (`resync_standard_rules`, before the grants),
when ERPNext's standard rules of such a doctype have changed, its Custom DocPerm is rebuilt as
ERPNext's current rules plus neiqin's additions — so ERPNext's changes apply. A doctype whose
rules an admin has changed since (Role Permissions Manager) is his: neiqin leaves it alone from
then on. On uninstall (`revoke_role_rights`) the Custom DocPerm of every doctype still in the
ledger is deleted: the doctype follows exactly ERPNext's rules again.
"""

from __future__ import annotations

import json

import frappe

SALES_ADMIN = "Sales Admin"
REPORT_ROLES = ("Sales Admin", "Sales Manager", "Accounts User")
DOCUMENT_RIGHTS = ("read", "report", "export", "print", "email")
CHECKED_DOCUMENTS = ("Sales Order", "Delivery Note", "Sales Invoice", "Payment Entry", "Contract")
# Reports' reference doctype: opening and exporting a report needs report/export there.
REPORT_REFERENCE = ("Sales Order", ("read", "report", "export"))
LINKED_DOCTYPES = (
	"Company",
	"Customer",
	"Customer Group",
	"Sales Person",
	"Territory",
	"Item Group",
	"Item",
	"UOM",
	"Mode of Payment",
	"Supplier",
	"Warehouse",
	"Contract",
	"Sales Invoice",
	"Delivery Note",
	"Payment Entry",
	"Journal Entry",
	# Sales expenses: the expense reports' employee column
	"Employee",
)


def grant_role_rights() -> None:
	"""Set-up step (idempotent): the rights described in the module docstring."""
	if frappe.db.exists("Role", SALES_ADMIN):
		for doctype in CHECKED_DOCUMENTS:
			grant(doctype, SALES_ADMIN, DOCUMENT_RIGHTS)
	reference, rights = REPORT_REFERENCE
	for role in REPORT_ROLES:
		if not frappe.db.exists("Role", role):
			continue
		grant(reference, role, rights)
		for doctype in LINKED_DOCTYPES:
			if not can_see(doctype, role):
				grant(doctype, role, ("select",))


def revoke_role_rights() -> None:
	"""Before uninstall: every doctype in the ledger follows exactly ERPNext's rules again (its
	Custom DocPerm deleted); on the others (an admin's), ERPNext's standard level-0 rules of the
	report roles are put back (neiqin's own roles are deleted with their rules)."""
	entries = ledger()
	for doctype, entry in entries.items():
		if frappe.db.exists("DocType", doctype) and rule_rows("Custom DocPerm", doctype) == entry.get(
			"written"
		):
			frappe.db.delete("Custom DocPerm", {"parent": doctype})
			frappe.clear_cache(doctype=doctype)
	save_ledger({})
	for doctype in dict.fromkeys((REPORT_REFERENCE[0], *CHECKED_DOCUMENTS, *LINKED_DOCTYPES)):
		if not frappe.db.exists("Custom DocPerm", {"parent": doctype}):
			continue
		for role in REPORT_ROLES:
			key = rule_key(doctype, role)
			standard = frappe.db.get_value("DocPerm", key, ("select", *DOCUMENT_RIGHTS), as_dict=True)
			if standard:
				frappe.db.set_value("Custom DocPerm", key, standard)
			else:
				frappe.db.delete("Custom DocPerm", key)
		frappe.clear_cache(doctype=doctype)


def grant(doctype: str, role: str, rights: tuple[str, ...] | list[str]) -> bool:
	"""Give `role` these level-0 rights on `doctype` (no-op when it has them). True if changed.
	The first grant on a doctype without Custom DocPerm puts it in the ledger."""
	entries = ledger()
	adopted = doctype in entries
	if not adopted and not frappe.db.exists("Custom DocPerm", {"parent": doctype}):
		entries[doctype] = {"standard": rule_rows("DocPerm", doctype), "grants": {}}
		adopted = True
	changed = _grant(doctype, role, rights)
	if adopted:
		held = entries[doctype]["grants"].get(role, [])
		entries[doctype]["grants"][role] = sorted({*held, *rights})
		entries[doctype]["written"] = rule_rows("Custom DocPerm", doctype)
		save_ledger(entries)
	return changed


def _grant(doctype: str, role: str, rights: tuple[str, ...] | list[str]) -> bool:
	from frappe.permissions import setup_custom_perms

	setup_custom_perms(doctype)
	key = rule_key(doctype, role)
	current = frappe.db.get_value("Custom DocPerm", key, list(rights), as_dict=True)
	if current and all(current.values()):
		return False
	if current:
		frappe.db.set_value("Custom DocPerm", key, dict.fromkeys(rights, 1))
	else:
		frappe.get_doc(
			{
				"doctype": "Custom DocPerm",
				"parenttype": "DocType",
				"parentfield": "permissions",
				"read": 0,
				"export": 0,
				**key,
				**dict.fromkeys(rights, 1),
			}
		).insert(ignore_permissions=True)
	frappe.clear_cache(doctype=doctype)
	return True


def can_read(doctype: str, role: str) -> bool:
	"""Whether the role (or everybody) may read every record of the doctype (level 0)."""
	readers = {
		perm.role
		for perm in frappe.get_meta(doctype).permissions
		if perm.read and not perm.permlevel and not perm.if_owner
	}
	return role in readers or "All" in readers


def grant_review_read(doctype: str, roles: list[str], rule: str) -> list[str]:
	"""Read on `doctype` for the reviewer roles of `rule` that cannot read it yet; returns the
	roles granted (the rule keeps them in `read_granted_to`)."""
	granted = [
		role for role in roles if role not in ("Administrator", "Guest") and not can_read(doctype, role)
	]
	for role in granted:
		grant(doctype, role, ("read",))
	return granted


def release_review_read(doctype: str, roles: list[str], rule: str) -> None:
	"""Take back the read that `rule` granted these roles, unless another enabled rule on the
	doctype names the role: then that rule holds the grant from now on."""
	for role in roles:
		heir = next(
			(
				other
				for other in frappe.get_all(
					"Review Rule",
					filters={"document_type": doctype, "enabled": 1, "name": ("!=", rule)},
					pluck="name",
				)
				if role in frappe.get_all("Review Rule Role", filters={"parent": other}, pluck="role")
			),
			None,
		)
		if heir:
			held = frappe.db.get_value("Review Rule", heir, "read_granted_to") or ""
			frappe.db.set_value(
				"Review Rule",
				heir,
				"read_granted_to",
				"\n".join(dict.fromkeys([*held.splitlines(), role])),
				update_modified=False,
			)
			continue
		revoke_read(doctype, role)


def revoke_read(doctype: str, role: str) -> None:
	"""Remove read from the role's level-0 rule on the doctype (the rule goes when nothing is left)."""
	key = rule_key(doctype, role)
	name = frappe.db.get_value("Custom DocPerm", key)
	if not name:
		return
	frappe.db.set_value("Custom DocPerm", name, "read", 0)
	rights = frappe.db.get_value(
		"Custom DocPerm", name, ["select", *DOCUMENT_RIGHTS, "write", "create"], as_dict=True
	)
	if not any(rights.values()):
		frappe.db.delete("Custom DocPerm", {"name": name})
	frappe.clear_cache(doctype=doctype)
	entries = ledger()
	if doctype in entries:
		held = [right for right in entries[doctype]["grants"].get(role, []) if right != "read"]
		entries[doctype]["grants"][role] = held
		entries[doctype]["written"] = rule_rows("Custom DocPerm", doctype)
		save_ledger(entries)


def can_see(doctype: str, role: str) -> bool:
	"""Whether the role (or everybody) may read or select the doctype's records."""
	table = "Custom DocPerm" if frappe.db.exists("Custom DocPerm", {"parent": doctype}) else "DocPerm"
	for who in (role, "All"):
		rule = frappe.db.get_value(table, rule_key(doctype, who), ("read", "select"), as_dict=True)
		if rule and (rule.read or rule.select):
			return True
	return False


def rule_key(doctype: str, role: str) -> dict:
	return {"parent": doctype, "role": role, "permlevel": 0, "if_owner": 0}


# ----------------------------------------------------------------------------- the ledger

LEDGER_KEY = "neiqin_permission_ledger"
LEDGER_OWNER = "__neiqin"  # a DefaultValue parent of its own: not sent to the desk with the globals


def ledger() -> dict:
	"""{doctype: {"standard": rules, "grants": {role: rights}, "written": rules}} of the doctypes
	whose rules neiqin copied into Custom DocPerm."""
	stored = frappe.db.get_value("DefaultValue", {"parent": LEDGER_OWNER, "defkey": LEDGER_KEY}, "defvalue")
	return json.loads(stored or "{}")


def save_ledger(entries: dict) -> None:
	frappe.db.set_global(LEDGER_KEY, json.dumps(entries, sort_keys=True), user=LEDGER_OWNER)


def rule_rows(table: str, doctype: str) -> list[list]:
	"""The doctype's permission rules in `table` (DocPerm or Custom DocPerm), comparable."""
	from neiqin.uninstall import permission_rules

	return sorted(list(rule) for rule in permission_rules(table, doctype))


def resync_standard_rules() -> None:
	"""Set-up step (every migrate, before the grants): each doctype in the ledger whose standard
	rules ERPNext changed gets ERPNext's current rules plus neiqin's additions; one an admin has
	changed leaves the ledger (his rules stay as he set them)."""
	entries = ledger()
	adopt_legacy_copies(entries)
	for doctype in list(entries):
		entry = entries[doctype]
		if not frappe.db.exists("DocType", doctype):
			del entries[doctype]
			continue
		if rule_rows("Custom DocPerm", doctype) != entry.get("written"):
			del entries[doctype]  # changed by an admin since neiqin wrote it: his now
			continue
		standard = rule_rows("DocPerm", doctype)
		if standard == entry["standard"]:
			continue
		frappe.db.delete("Custom DocPerm", {"parent": doctype})
		frappe.clear_cache(doctype=doctype)
		if not any(entry["grants"].values()):
			del entries[doctype]  # nothing of neiqin's left: ERPNext's own rules apply
			continue
		for role, rights in entry["grants"].items():
			if rights and frappe.db.exists("Role", role):
				_grant(doctype, role, rights)
		if not frappe.db.exists("Custom DocPerm", {"parent": doctype}):
			from frappe.permissions import setup_custom_perms

			setup_custom_perms(doctype)
		entry.update(standard=standard, written=rule_rows("Custom DocPerm", doctype))
		frappe.clear_cache(doctype=doctype)
	save_ledger(entries)


# rights neiqin adds (a copy adding only these to the standard rules is neiqin's)
ADDED_RIGHTS = ("select", *DOCUMENT_RIGHTS)


def adopt_legacy_copies(entries: dict) -> None:
	"""Doctypes whose rules an earlier neiqin copied before the ledger existed: taken into the
	ledger when their Custom DocPerm is exactly the standard rules plus level-0 rights of the kinds
	neiqin grants (anything else is an admin's)."""
	from neiqin.uninstall import PERMISSION_COLUMNS

	touched = {REPORT_REFERENCE[0], *CHECKED_DOCUMENTS, *LINKED_DOCTYPES}
	if frappe.db.table_exists("Review Rule"):
		touched.update(frappe.get_all("Review Rule", distinct=True, pluck="document_type"))
	columns = list(PERMISSION_COLUMNS)
	for doctype in sorted(touched - set(entries)):
		if not frappe.db.exists("DocType", doctype) or not frappe.db.exists(
			"Custom DocPerm", {"parent": doctype}
		):
			continue
		key = lambda row: (row.role, row.permlevel or 0, row.if_owner or 0)  # noqa: E731
		standard = {
			key(row): row for row in frappe.get_all("DocPerm", filters={"parent": doctype}, fields=columns)
		}
		custom = {
			key(row): row
			for row in frappe.get_all("Custom DocPerm", filters={"parent": doctype}, fields=columns)
		}
		grants, neiqins = {}, set(standard) <= set(custom)
		for rule_key_, row in custom.items():
			base = standard.get(rule_key_) or frappe._dict()
			added = [c for c in columns[3:] if (row.get(c) or 0) != (base.get(c) or 0)]
			if any((row.get(c) or 0) < (base.get(c) or 0) for c in columns[3:]):
				neiqins = False  # a right taken away: an admin's change
			elif added and (rule_key_[1:] != (0, 0) or not set(added) <= set(ADDED_RIGHTS)):
				neiqins = False
			elif added:
				grants[rule_key_[0]] = added
		if neiqins:
			entries[doctype] = {
				"standard": rule_rows("DocPerm", doctype),
				"grants": grants,
				"written": rule_rows("Custom DocPerm", doctype),
			}
