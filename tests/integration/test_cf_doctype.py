"""Issue 4: the Contract Fulfilment doctype is read-only for users (desk and REST), readable by
the sales and accounts roles, has an API and a print format that can be emailed (point 6)."""

import json

import frappe
import pytest
from frappe.utils import flt

from neiqin.contract_fulfilment.api import get_fulfilment
from neiqin.contract_fulfilment.doctype.contract_fulfilment.contract_fulfilment import (
	ContractFulfilmentReadOnlyError,
)
from neiqin.contract_fulfilment.live import flush
from neiqin.contract_fulfilment.printing import PRINT_FORMAT
from tests.integration import factories, rest
from tests.integration.cf_support import table
from tests.integration.sql_spy import recorded_statements

pytestmark = pytest.mark.usefixtures("base")

USERS = {
	"Sales Admin": "nq-cf-admin@example.com",
	"Sales Manager": "nq-cf-manager@example.com",
	"Sales User": "nq-cf-sales@example.com",
	"Accounts User": "nq-cf-accounts@example.com",
	"Stock User": "nq-cf-stock@example.com",
	"Purchase User": "nq-cf-purchase@example.com",
}
RESOURCE = "/api/resource/Contract Fulfilment"


def user(role: str) -> str:
	return factories.ensure_user(USERS[role], [role])


def committed_order(committed, **values):
	so = factories.make_sales_order(
		items=[{"item_code": "_NQ Widget", "qty": 3}, {"item_code": "_NQ Gadget", "qty": 1}], **values
	)
	committed.add(so)
	frappe.db.commit()
	return so


# ----------------------------------------------------------------------------- read-only


def test_nobody_creates_changes_or_deletes_a_table_by_hand_in_the_desk():
	so = factories.make_sales_order()
	doc = table(so)

	doc.paid_amount = 999999
	with pytest.raises(
		ContractFulfilmentReadOnlyError, match="cannot be created, changed or deleted by hand"
	):
		doc.save()
	with pytest.raises(ContractFulfilmentReadOnlyError):
		frappe.delete_doc("Contract Fulfilment", so.name)
	other = factories.make_sales_order(submit=False)
	with pytest.raises(ContractFulfilmentReadOnlyError):
		frappe.get_doc({"doctype": "Contract Fulfilment", "sales_order": other.name}).insert()
	assert flt(frappe.db.get_value("Contract Fulfilment", so.name, "paid_amount")) == 0


def test_refusal_is_translated():
	so = factories.make_sales_order()
	frappe.local.lang = "zh"
	with pytest.raises(ContractFulfilmentReadOnlyError, match="不能手工新建、修改或删除"):
		table(so).save()


def test_rest_refuses_create_update_and_delete_and_lets_the_roles_read(committed):
	so = committed_order(committed)
	admin = user("Sales Admin")

	created = rest.call("POST", RESOURCE, admin, json={"sales_order": so.name})
	assert created.status_code == 403
	changed = rest.call("PUT", f"{RESOURCE}/{so.name}", admin, json={"paid_amount": 5})
	assert changed.status_code == 403
	deleted = rest.call("DELETE", f"{RESOURCE}/{so.name}", admin)
	assert deleted.status_code == 403
	# even the Administrator, who bypasses role permissions, cannot write it
	by_admin = rest.call("PUT", f"{RESOURCE}/{so.name}", "Administrator", json={"paid_amount": 5})
	assert by_admin.status_code == 417 and "ContractFulfilmentReadOnlyError" in by_admin.exception
	assert flt(frappe.db.get_value("Contract Fulfilment", so.name, "paid_amount")) == 0

	for role in ("Sales Admin", "Sales Manager", "Sales User", "Accounts User"):
		response = rest.call("GET", f"{RESOURCE}/{so.name}", user(role))
		assert response.status_code == 200, role
		assert response.json["data"]["ordered_amount"] == 550
		assert len(response.json["data"]["items"]) == 2
	assert rest.call("GET", f"{RESOURCE}/{so.name}", user("Stock User")).status_code == 403


def test_list_view_and_standard_filters():
	meta = frappe.get_meta("Contract Fulfilment")
	in_list = {f.fieldname for f in meta.fields if f.in_list_view}
	assert {
		"customer",
		"fulfilment_status",
		"per_delivered",
		"per_billed",
		"per_paid",
		"is_overdue",
	} <= in_list
	filters = {f.fieldname for f in meta.fields if f.in_standard_filter}
	assert {"customer", "fulfilment_status", "is_overdue", "company", "sales_person", "territory"} <= filters
	assert meta.in_create and meta.autoname == "field:sales_order" and not meta.is_submittable


# ----------------------------------------------------------------------------- API


def test_get_fulfilment_returns_header_and_lines(base):
	so = factories.make_sales_order(items=[{"item_code": base.widget, "qty": 3}])
	factories.make_delivery_note(so, qty={base.widget: 1})
	result = get_fulfilment(so.name)
	assert (result["sales_order"], result["customer"], result["fulfilment_status"]) == (
		so.name,
		base.customer,
		"Partly Delivered",
	)
	assert result["items"][0]["delivered_qty"] == 1 and result["items"][0]["status"] == "Partly Delivered"


def test_get_fulfilment_computes_a_missing_table_without_writing_it(base):
	so = factories.make_sales_order(items=[{"item_code": base.widget, "qty": 3}])
	flush()  # the table as the submit's commit leaves it, then gone (as before neiqin's install)
	frappe.db.delete("Contract Fulfilment Item", {"parent": so.name})
	frappe.db.delete("Contract Fulfilment", {"name": so.name})
	result = get_fulfilment(so.name)
	assert result["ordered_amount"] == 300 and result["items"][0]["qty"] == 3
	assert not frappe.db.exists("Contract Fulfilment", so.name)


def test_get_fulfilment_refuses_drafts_and_unknown_orders():
	draft = factories.make_sales_order(submit=False)
	with pytest.raises(frappe.ValidationError, match="not submitted"):
		get_fulfilment(draft.name)
	with pytest.raises(frappe.DoesNotExistError):
		get_fulfilment("SAL-ORD-NO-SUCH")


def test_get_fulfilment_over_rest_needs_read_permission_on_the_order(committed):
	so = committed_order(committed)
	path = f"/api/method/neiqin.contract_fulfilment.api.get_fulfilment?sales_order={so.name}"
	allowed = rest.call("GET", path, user("Sales User"))
	assert allowed.status_code == 200
	assert allowed.json["message"]["ordered_amount"] == 550
	assert rest.call("GET", path, user("Purchase User")).status_code == 403
	# Stock User reads the order but not its fulfilment table (desk and REST alike)
	assert frappe.has_permission("Sales Order", "read", so.name, user=user("Stock User"))
	assert rest.call("GET", path, user("Stock User")).status_code == 403


def test_rebuild_is_for_system_managers_only(committed):
	so = committed_order(committed)
	frappe.db.set_value("Contract Fulfilment", so.name, "ordered_amount", 1, update_modified=False)
	frappe.db.commit()
	path = "/api/method/neiqin.contract_fulfilment.api.rebuild"
	refused = rest.call("POST", path, user("Sales Admin"), json={"sales_order": so.name})
	assert refused.status_code == 403
	assert flt(frappe.db.get_value("Contract Fulfilment", so.name, "ordered_amount")) == 1

	done = rest.call("POST", path, "Administrator", json={"sales_order": so.name})
	assert done.status_code == 200 and done.json["message"] == {"sales_order": so.name, "rebuilt": True}
	assert flt(frappe.db.get_value("Contract Fulfilment", so.name, "ordered_amount")) == 550


# ----------------------------------------------------------------------------- print and email


def test_print_format_in_english_and_chinese(base):
	so = factories.make_sales_order(items=[{"item_code": base.widget, "qty": 3}])
	factories.make_delivery_note(so, qty={base.widget: 3})
	flush()  # what the commit does before the user opens the print view
	assert frappe.get_meta("Contract Fulfilment").default_print_format == PRINT_FORMAT

	english = frappe.get_print("Contract Fulfilment", so.name, print_format=PRINT_FORMAT)
	assert "Contract Fulfilment Statement" in english and base.widget in english
	assert "Delivered Qty" in english and "Outstanding Amount" in english

	frappe.local.lang = "zh"
	chinese = frappe.get_print("Contract Fulfilment", so.name, print_format=PRINT_FORMAT)
	assert "合同履行一览表" in chinese and "合同合计" in chinese
	assert "Contract Fulfilment Statement" not in chinese


def outgoing_email_account(committed):
	"""The site's default outgoing account (never connects in tests), if it has none yet."""
	if frappe.db.exists("Email Account", {"default_outgoing": 1, "enable_outgoing": 1}):
		return
	account = frappe.get_doc(
		{
			"doctype": "Email Account",
			"email_account_name": "_NQ Outgoing",
			"email_id": "nq-outgoing@example.com",
			"enable_outgoing": 1,
			"default_outgoing": 1,
			"smtp_server": "localhost",
			"no_smtp_authentication": 1,
		}
	).insert(ignore_permissions=True)
	committed.add(account)


def test_clerk_emails_the_statement_with_the_standard_email_dialog(committed):
	from frappe.core.doctype.communication.email import make

	so = committed_order(committed)
	clerk = user("Sales Admin")
	outgoing_email_account(committed)
	frappe.set_user(clerk)
	result = make(
		doctype="Contract Fulfilment",
		name=so.name,
		subject=f"Contract {so.name}",
		content="Please find the fulfilment statement of your contract attached.",
		recipients="buyer@example.com",
		send_email=True,
		print_format=PRINT_FORMAT,
		print_language="zh",
	)
	frappe.set_user("Administrator")
	communication = frappe.get_doc("Communication", result["name"])
	committed.add(communication)
	assert (communication.reference_doctype, communication.reference_name) == ("Contract Fulfilment", so.name)
	queue = frappe.get_all(
		"Email Queue", filters={"communication": communication.name}, fields=["name", "attachments"]
	)
	for row in queue:
		committed.add("Email Queue", row.name)
	frappe.db.commit()
	assert queue, "no email was queued"
	attachment = json.loads(queue[0].attachments)[0]
	assert attachment["print_format"] == PRINT_FORMAT and attachment["lang"] == "zh"


def test_sales_order_connections_open_its_table(base):
	from frappe.desk.notifications import get_open_count

	so = factories.make_sales_order()
	flush()  # what the commit does before the user opens the order
	groups = frappe.get_meta("Sales Order").get_dashboard_data().transactions
	assert any("Contract Fulfilment" in group["items"] for group in groups)
	counts = {
		row["doctype"]: row["count"]
		for row in get_open_count("Sales Order", so.name)["count"]["external_links_found"]
	}
	assert counts["Contract Fulfilment"] == 1


def test_recompute_reads_a_fixed_number_of_queries_whatever_the_order_size(base):
	from neiqin.contract_fulfilment.recompute import compute

	def queries(sales_order: str) -> int:
		with recorded_statements() as executed:
			compute(sales_order)
		return len(executed)

	def busy_order(lines: int, rounds: int):
		so = factories.make_sales_order(
			items=[
				{"item_code": code, "qty": 20} for code in [base.widget, base.gadget, base.service][:lines]
			]
		)
		for _ in range(rounds):
			dn = factories.make_delivery_note(so, qty={row.item_code: 2 for row in so.items})
			si = factories.make_sales_invoice(dn)
			factories.make_payment_entry(si, amount=10)
			factories.make_return(dn, qty={base.widget: 1})
		factories.make_payment_entry(so, amount=5)
		return so.name

	small, large = busy_order(1, 1), busy_order(3, 3)
	queries(small)  # warm the metadata caches
	assert queries(small) == queries(large) <= 15
