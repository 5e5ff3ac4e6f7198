"""The app is installed, its set-up is idempotent and the factories drive real ERPNext."""

import frappe
import pytest
from frappe.utils import flt

from neiqin.custom_fields import CUSTOM_FIELDS, ROLES
from neiqin.install import setup
from tests.integration import factories, rest
from tests.integration.inventory import neiqin_modules


def test_app_and_modules_are_installed():
	assert "neiqin" in frappe.get_installed_apps()
	assert "erpnext" in frappe.get_installed_apps()
	for module in neiqin_modules():
		assert frappe.db.get_value("Module Def", module, "app_name") == "neiqin", module


def test_roles_and_custom_fields_exist():
	for role in ROLES:
		assert frappe.db.exists("Role", role)
	for doctype, fields in CUSTOM_FIELDS.items():
		meta = frappe.get_meta(doctype)
		for field in fields:
			assert meta.has_field(field["fieldname"]), (doctype, field["fieldname"])


def test_neiqins_own_doctypes_carry_their_fields_in_their_json():
	"""Custom fields go on other apps' doctypes only: install-app syncs neiqin's doctypes from
	their JSON, and a Custom Field on one of them is a second, drifting definition."""
	own = frappe.get_all("DocType", filters={"module": ("in", neiqin_modules())}, pluck="name")
	assert own and not set(CUSTOM_FIELDS) & set(own)
	assert not frappe.get_all("Custom Field", filters={"dt": ("in", own)}, pluck="name")
	assert frappe.get_meta("Review Rule").get_field("notification_channels").doctype == "DocField"


def test_people_are_shown_by_full_name_in_every_link_to_a_user():
	"""申请人, 移交给, 保管人 … are Links to User: the desk shows the user's title (full name)."""
	from frappe.desk.search import search_link

	meta = frappe.get_meta("User")
	assert meta.show_title_field_in_link and meta.title_field == "full_name"
	user = factories.ensure_user("nq-full-name@example.com", ["Sales User"], first_name="张三")
	found = search_link("User", txt="nq-full-name")
	assert [row["label"] for row in found if row["value"] == user] == ["张三"], found


def test_setup_is_idempotent():
	before = {dt: frappe.db.count("Custom Field", {"dt": dt}) for dt in CUSTOM_FIELDS}
	setup()
	setup()
	after = {dt: frappe.db.count("Custom Field", {"dt": dt}) for dt in CUSTOM_FIELDS}
	assert before == after
	assert frappe.db.count("Role", {"name": ("in", list(ROLES))}) == len(ROLES)


def test_settings_defaults_are_stored_even_after_one_value_was_saved():
	frappe.db.delete("Singles", {"doctype": "Neiqin Settings"})
	frappe.db.set_single_value("Neiqin Settings", "material_overdue_days", 3)
	assert frappe.db.get_single_value("Neiqin Settings", "delivery_reminder_days") in (None, 0)
	setup()
	assert frappe.db.get_single_value("Neiqin Settings", "delivery_reminder_days") == 10
	assert frappe.db.get_single_value("Neiqin Settings", "material_overdue_days") == 3


def test_settings_refuse_negative_days():
	settings = frappe.get_single("Neiqin Settings")
	assert settings.delivery_reminder_days == 10
	settings.delivery_reminder_days = -1
	with pytest.raises(frappe.ValidationError, match="cannot be negative"):
		settings.save()


def test_refusal_is_translated_for_a_chinese_user():
	frappe.local.lang = "zh"
	settings = frappe.get_single("Neiqin Settings")
	settings.material_overdue_days = -3
	with pytest.raises(frappe.ValidationError, match="不能为负数"):
		settings.save()


def test_sales_chain_order_delivery_invoice_payment(base):
	so = factories.make_sales_order(
		items=[{"item_code": base.widget, "qty": 5}, {"item_code": base.gadget, "qty": 2}]
	)
	assert so.docstatus == 1
	assert flt(so.grand_total) == 5 * 100 + 2 * 250  # price list rates

	dn = factories.make_delivery_note(so, qty={base.widget: 3, base.gadget: 2})
	so.reload()
	assert dn.docstatus == 1
	assert flt(so.per_delivered) == pytest.approx(100 * 5 / 7, abs=0.01)  # ERPNext: by quantity

	si = factories.make_sales_invoice(dn)
	assert flt(si.grand_total) == 800
	assert flt(si.outstanding_amount) == 800

	pe = factories.make_payment_entry(si, amount=300)
	si.reload()
	assert pe.docstatus == 1
	assert flt(si.outstanding_amount) == 500
	ledger = frappe.get_all(
		"Payment Ledger Entry",
		filters={"against_voucher_no": si.name, "delinked": 0},
		pluck="amount",
	)
	assert flt(sum(ledger)) == 500  # invoice +800, payment -300

	ret = factories.make_return(dn, qty={base.widget: 1})
	assert ret.is_return and ret.docstatus == 1
	so.reload()
	assert flt(so.items[0].delivered_qty) == 2


def test_rest_respects_roles(base, committed):
	clerk = factories.ensure_user("nq-clerk@example.com", ["Sales Admin"])
	manager = factories.ensure_user("nq-settings-manager@example.com", ["Sales Manager"])
	path = "/api/resource/Neiqin Settings/Neiqin Settings"

	response = rest.call("GET", path, user=clerk)
	assert response.status_code == 200, response.text
	assert response.json["data"]["delivery_reminder_days"] == 10

	response = rest.call("PUT", path, user=clerk, json={"delivery_reminder_days": 3})
	assert response.status_code == 403, response.text

	original = frappe.db.get_single_value("Neiqin Settings", "delivery_reminder_days")
	try:
		response = rest.call("PUT", path, user=manager, json={"delivery_reminder_days": -2})
		assert response.status_code == 417, response.text
		assert "cannot be negative" in response.exception
		assert frappe.db.get_single_value("Neiqin Settings", "delivery_reminder_days") == original
	finally:
		frappe.db.set_single_value("Neiqin Settings", "delivery_reminder_days", original)
		frappe.db.commit()
