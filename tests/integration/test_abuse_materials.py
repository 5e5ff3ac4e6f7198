"""Abuse cases against sales materials: which kinds need approval is a control (only a System
Manager changes it), and a dispatch never posts stock for a company or warehouse the
dispatcher's User Permissions keep them from."""

import frappe
import pytest

from neiqin.sales_materials.refusals import MaterialUserPermissionError
from neiqin.sales_materials.rules import KINDS, approval_field
from tests.integration import factories, rest
from tests.integration.factories import as_user

SETTINGS = "/api/resource/Neiqin Settings/Neiqin Settings"


@pytest.fixture(scope="module")
def users(base):
	return factories.ensure_abuse_users()


def approval_state() -> dict:
	from neiqin.sales_materials.setup import approval_kinds

	rules = frappe.get_all(
		"Review Rule",
		filters={"document_type": "Sales Material Log"},
		fields=["name", "condition", "modified"],
	)
	return {
		"checks": {
			field: frappe.db.get_single_value("Neiqin Settings", field)
			for field in map(approval_field, KINDS)
		},
		"effective": sorted(approval_kinds()),
		"rules": sorted((row.name, row.condition, str(row.modified)) for row in rules),
	}


def test_a_sales_manager_cannot_drop_samples_from_approval_over_rest(users):
	before = approval_state()
	assert "Sample" in before["effective"]
	response = rest.call(
		"PUT", SETTINGS, user=users.manager, json={"approval_sample": 0, "approval_brochure": 1}
	)
	assert response.status_code in (200, 403, 417), response.text[:300]
	assert approval_state() == before  # frappe keeps the permlevel-1 field as it was


def test_a_sales_admin_cannot_change_the_approval_kinds_over_rest(users):
	before = approval_state()
	response = rest.call("PUT", SETTINGS, user=users.admin, json={"approval_sample": 0})
	assert response.status_code == 403, response.text[:300]
	assert approval_state() == before


def test_a_sales_manager_cannot_loosen_approval_kinds_in_server_code(users):
	before = approval_state()
	with as_user(users.manager):
		settings = frappe.get_single("Neiqin Settings")
		settings.approval_sample = 0
		with pytest.raises((frappe.PermissionError, frappe.ValidationError)):
			settings.save(ignore_permissions=True)
	assert approval_state() == before


def dispatch_restricted(users, **permission) -> tuple:
	"""A Brochure log (no approval needed) dispatched by the Sales Admin whose User Permission
	(for Stock Entries only) is `permission`; returns (error, stock entries written meanwhile)."""
	log = factories.make_material_log(kind="Brochure")
	frappe.get_doc(
		{
			"doctype": "User Permission",
			"user": users.admin,
			"apply_to_all_doctypes": 0,
			"applicable_for": "Stock Entry",
			**permission,
		}
	).insert(ignore_permissions=True)
	frappe.clear_cache(user=users.admin)
	entries = frappe.db.count("Stock Entry")
	ledger = frappe.db.count("Stock Ledger Entry", {"item_code": "_NQ Widget"})
	frappe.db.savepoint("nq_dispatch")
	try:
		with as_user(users.admin), pytest.raises(MaterialUserPermissionError) as refusal:
			frappe.get_doc("Sales Material Log", log.name).submit()
		written = (
			frappe.db.count("Stock Entry") - entries,
			frappe.db.count("Stock Ledger Entry", {"item_code": "_NQ Widget"}) - ledger,
		)
		frappe.db.rollback(save_point="nq_dispatch")
		assert frappe.db.get_value("Sales Material Log", log.name, "docstatus") == 0
		return refusal.value, written
	finally:
		frappe.clear_cache(user=users.admin)


@pytest.fixture
def clear_admin_cache(users):
	yield
	frappe.db.rollback()
	frappe.clear_cache(user=users.admin)


def test_a_dispatcher_kept_from_the_warehouse_cannot_post_its_stock(users, clear_admin_cache):
	other = frappe.db.get_value(
		"Warehouse", {"company": factories.COMPANY, "is_group": 0, "warehouse_name": ("!=", "Stores")}
	)
	error, written = dispatch_restricted(users, allow="Warehouse", for_value=other)
	assert "Stores" in str(error)
	assert written == (0, 0)


def test_a_dispatcher_kept_to_another_company_cannot_post_its_stock(users, clear_admin_cache):
	other = frappe.db.get_value("Company", {"name": ("!=", factories.COMPANY)})
	error, written = dispatch_restricted(users, allow="Company", for_value=other)
	assert factories.COMPANY in str(error)
	assert written == (0, 0)
