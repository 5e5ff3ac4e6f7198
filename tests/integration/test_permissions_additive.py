"""Install adds, never freezes (issue 20, point 9): the rights neiqin grants on ERPNext's doctypes
sit on top of ERPNext's own rules, ERPNext's later changes to its standard rules still apply
after `bench migrate` (an ERPNext upgrade is simulated: a standard DocPerm row of Sales Order is
changed, then the after_migrate hook runs), and uninstall leaves ERPNext's rules exactly as it
ships them. Everything is rolled back; the permission caches are cleared afterwards."""

from __future__ import annotations

import frappe
import pytest

from neiqin import install
from neiqin.permissions import (
	DOCUMENT_RIGHTS,
	SALES_ADMIN,
	ledger,
	resync_standard_rules,
	revoke_role_rights,
	rule_key,
	rule_rows,
)

DOCTYPE = "Sales Order"


@pytest.fixture(autouse=True)
def fresh_caches():
	yield
	frappe.db.rollback()
	frappe.clear_cache(doctype=DOCTYPE)


def a_standard_rule_neiqin_does_not_touch():
	"""A level-0 standard rule of Sales Order of a role neiqin grants nothing to."""
	granted = set(ledger()[DOCTYPE]["grants"])
	rows = frappe.get_all(
		"DocPerm",
		filters={"parent": DOCTYPE, "permlevel": 0, "if_owner": 0},
		fields=["name", "role", "print", "email"],
		order_by="idx",
	)
	return next(row for row in rows if row.role not in granted)


def test_an_erpnext_change_of_its_standard_rules_applies_after_migrate_with_neiqins_rights_on_top():
	resync_standard_rules()
	assert DOCTYPE in ledger(), "Sales Order's rules are not held as ERPNext's plus neiqin's"
	rule = a_standard_rule_neiqin_does_not_touch()
	# ERPNext's next release takes print and e-mail away from that role
	frappe.db.set_value(
		"DocPerm", rule.name, {"print": 1 - (rule.print or 0), "email": 1 - (rule.email or 0)}
	)
	install.after_migrate()
	now = frappe.db.get_value(
		"Custom DocPerm", rule_key(DOCTYPE, rule.role), ["print", "email"], as_dict=True
	)
	assert (now.print, now.email) == (1 - (rule.print or 0), 1 - (rule.email or 0))
	frappe.clear_cache(doctype=DOCTYPE)
	meta_rule = next(
		perm
		for perm in frappe.get_meta(DOCTYPE).permissions
		if perm.role == rule.role and not perm.permlevel and not perm.if_owner
	)
	assert meta_rule.print == 1 - (rule.print or 0)
	# neiqin's own rights are still there, and the rest is ERPNext's rules as they are now
	admin = frappe.db.get_value(
		"Custom DocPerm", rule_key(DOCTYPE, SALES_ADMIN), DOCUMENT_RIGHTS, as_dict=True
	)
	assert admin and all(admin.values())
	erpnext = {tuple(row) for row in rule_rows("DocPerm", DOCTYPE)}
	custom = {tuple(row) for row in rule_rows("Custom DocPerm", DOCTYPE)}
	grants = ledger()[DOCTYPE]["grants"]
	assert {row for row in custom if row[0] not in grants} == {row for row in erpnext if row[0] not in grants}


def test_an_admins_own_change_is_left_alone():
	resync_standard_rules()
	rule = a_standard_rule_neiqin_does_not_touch()
	custom = frappe.db.get_value("Custom DocPerm", rule_key(DOCTYPE, rule.role))
	frappe.db.set_value("Custom DocPerm", custom, "export", 1)  # Role Permissions Manager
	frappe.db.set_value("DocPerm", rule.name, "email", 1 - (rule.email or 0))  # and an upgrade
	resync_standard_rules()
	assert DOCTYPE not in ledger()
	assert frappe.db.get_value("Custom DocPerm", custom, "export") == 1
	assert frappe.db.get_value("Custom DocPerm", custom, "email") == (rule.email or 0)


def test_uninstall_leaves_erpnexts_rules_exactly_as_shipped():
	resync_standard_rules()
	held = [doctype for doctype in ledger() if frappe.db.exists("DocType", doctype)]
	assert DOCTYPE in held
	revoke_role_rights()
	for doctype in held:
		assert not frappe.db.exists("Custom DocPerm", {"parent": doctype}), doctype
	assert ledger() == {}
	frappe.clear_cache(doctype=DOCTYPE)
	assert sorted(
		(p.role, p.permlevel, p.read, p.write, p.print) for p in frappe.get_meta(DOCTYPE).permissions
	) == sorted(
		(p.role, p.permlevel, p.read, p.write, p.print)
		for p in frappe.get_all(
			"DocPerm", filters={"parent": DOCTYPE}, fields=["role", "permlevel", "read", "write", "print"]
		)
	)
