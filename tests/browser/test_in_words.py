"""人民币大写 on the zh desk: a Sales Order's 大写金额 on its form and its print; and a new
Promotion Approval starts without the party the setup wizard's defaults would put there."""

from __future__ import annotations

from urllib.parse import quote

import frappe
import pytest

from neiqin.demo.users import user
from neiqin.rmb_words import rmb_in_words


def cny_order() -> frappe._dict:
	rows = frappe.get_all(
		"Sales Order",
		filters={"docstatus": 1, "currency": "CNY", "rounded_total": (">", 0)},
		fields=["name", "rounded_total"],
		order_by="creation desc",
		limit=1,
	)
	assert rows, "the demo has no submitted CNY order"
	return rows[0]


def test_sales_order_form_and_print_show_the_amount_in_capitals(desk):
	order = cny_order()
	words = rmb_in_words(order.rounded_total)
	assert words.startswith("人民币") and words.endswith(("整", "角", "分"))
	clerk = desk(user("clerk"))
	clerk.open_form("Sales Order", order.name)
	assert clerk.frm("frm.doc.in_words") == words
	assert clerk.frm("frm.doc.base_in_words") == words

	clerk.page.goto(f"/printview?doctype=Sales%20Order&name={quote(order.name)}&format=Standard")
	clerk.page.wait_for_load_state("networkidle")
	printed = clerk.page.inner_text("body")
	clerk.shot("print")
	assert words in printed
	assert "CNY" not in printed.split(words)[0].splitlines()[-1]  # no "CNY … 仅。" before it


@pytest.fixture
def setup_wizard_defaults():
	keys = ("customer_group", "territory")
	values = {
		"customer_group": frappe.db.get_value("Customer Group", {"is_group": 1}, "name", order_by="lft"),
		"territory": frappe.db.get_value("Territory", {"is_group": 1}, "name", order_by="lft"),
	}
	for key in keys:
		frappe.db.set_default(key, values[key])
	frappe.db.commit()
	yield values
	for key in keys:
		frappe.defaults.clear_default(key, parent="__default")
	frappe.db.commit()


def test_a_new_promotion_approval_starts_without_a_party(desk, setup_wizard_defaults):
	manager = desk(user("manager"))
	manager.goto("promotion-approval/new")
	manager.page.wait_for_function("() => window.cur_frm && cur_frm.doctype === 'Promotion Approval'")
	manager.settle()
	# frappe put the defaults there; the form took them out again
	assert manager.page.evaluate("() => frappe.defaults.get_user_default('customer_group')")
	assert manager.frm("[frm.doc.customer, frm.doc.customer_group, frm.doc.territory]") == [None, None, None]
	# choosing one party leaves the other two empty
	manager.frm(f"frm.set_value('territory', {setup_wizard_defaults['territory']!r})")
	manager.page.wait_for_function("() => cur_frm.doc.territory")
	manager.settle()
	manager.page.wait_for_timeout(500)
	assert manager.frm("frm.doc.territory") == setup_wizard_defaults["territory"]  # kept: chosen
	manager.frm(f"frm.set_value('customer_group', {setup_wizard_defaults['customer_group']!r})")
	manager.page.wait_for_function("() => cur_frm.doc.customer_group && !cur_frm.doc.territory")
