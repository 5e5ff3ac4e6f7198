"""Signed delivery receipts (签收回单) around ERPNext's Delivery Note and Sales Invoice.

"办公室将用户签字的送货单或发货单交销售内勤" · "销售内勤对用户的收货凭证或发货凭证要妥善保存，不得遗失".

- Delivery Note on_submit (`make_receipt`): a `Signed Delivery Receipt` (Awaiting) for every
  delivery to a customer that Neiqin Settings › Signed Receipts Required covers (returns need
  none). on_cancel (`drop_receipt`): a receipt still awaited, without a scan, goes with it.
- Delivery Note onload (`delivery_note_onload`): the form shows its receipt's state.
- Sales Invoice validate / before_submit (`warn_invoice_before_receipt`,
  `block_invoice_before_receipt`): Neiqin Settings › Invoice Only After Signed Receipt (Off /
  Warn / Block) for invoices of goods whose receipt is not back — whether the invoice was made
  from the Delivery Note or from the order the Delivery Note delivered.
- Daily (`send_overdue_reminders`): overdue flags follow the calendar; the Sales Admins and each
  order's sales person hear of the receipts overdue.
"""

from __future__ import annotations

from datetime import date

import frappe
from frappe import _
from frappe.desk.doctype.notification_log.notification_log import enqueue_create_notification
from frappe.utils import cint, escape_html, format_date, getdate, nowdate

from neiqin.documents_back import rules
from neiqin.documents_back.exceptions import InvoiceBeforeReceiptError
from neiqin.escaping import bold

DOCTYPE = "Signed Delivery Receipt"
SETTINGS = "Neiqin Settings"
DEFAULT_RETURN_DAYS = 7
REMINDED_ROLE = "Sales Admin"
LISTED_IN_REMINDER = 10


# ----------------------------------------------------------------------------- settings


def settings() -> frappe._dict:
	values = frappe.db.get_singles_dict(SETTINGS)
	days = values.get("receipt_return_days")
	return frappe._dict(
		mode=values.get("signed_receipts_required") or rules.RECEIPTS_OFF,
		groups=frappe.get_all(
			"Signed Receipt Customer Group",
			filters={"parenttype": SETTINGS, "parentfield": "receipt_customer_groups"},
			pluck="customer_group",
		)
		if values.get("signed_receipts_required") == rules.RECEIPTS_GROUPS
		else [],
		return_days=DEFAULT_RETURN_DAYS if days in (None, "") else max(cint(days), 0),
		guard=values.get("invoice_only_after_signed_receipt") or rules.GUARD_OFF,
	)


def customer_group_lineage(customer: str) -> list[str]:
	"""The customer's group and every group above it (a chosen group covers those below it)."""
	group = frappe.db.get_value("Customer", customer, "customer_group")
	if not group:
		return []
	bounds = frappe.db.get_value("Customer Group", group, ["lft", "rgt"], as_dict=True)
	if not bounds:
		return [group]
	return frappe.get_all(
		"Customer Group",
		filters={"lft": ("<=", bounds.lft), "rgt": (">=", bounds.rgt)},
		pluck="name",
	)


def is_required(customer: str, current: frappe._dict | None = None) -> bool:
	current = current or settings()
	if current.mode == rules.RECEIPTS_OFF:
		return False
	lineage = customer_group_lineage(customer) if current.mode == rules.RECEIPTS_GROUPS else []
	return rules.receipt_required(current.mode, lineage, current.groups)


# ----------------------------------------------------------------------------- Delivery Note


def make_receipt(doc, method=None) -> str | None:
	"""Delivery Note on_submit: the receipt to wait for (returns and uncovered customers: none)."""
	if doc.get("is_return"):
		return None
	current = settings()
	if not is_required(doc.customer, current) or frappe.db.exists(DOCTYPE, {"delivery_note": doc.name}):
		return None
	order = next((row.against_sales_order for row in doc.items if row.get("against_sales_order")), None)
	receipt = frappe.get_doc(
		{
			"doctype": DOCTYPE,
			"delivery_note": doc.name,
			"customer": doc.customer,
			"customer_name": doc.customer_name,
			"company": doc.company,
			"sales_order": order,
			"delivered_on": doc.posting_date,
			"due_date": rules.receipt_due_date(getdate(doc.posting_date), current.return_days),
			"sales_person": first_sales_person(doc, order),
			"status": rules.AWAITING,
		}
	)
	receipt.flags.made_by_delivery = True
	receipt.insert(ignore_permissions=True)
	return receipt.name


def first_sales_person(doc, order: str | None) -> str | None:
	"""The delivery's sales person, else its order's (the highest share first)."""
	team = sorted(doc.get("sales_team") or [], key=lambda row: -(row.allocated_percentage or 0))
	if team:
		return team[0].sales_person
	if order:
		rows = frappe.get_all(
			"Sales Team",
			filters={"parenttype": "Sales Order", "parent": order},
			fields=["sales_person"],
			order_by="allocated_percentage desc, idx asc",
			limit=1,
		)
		return rows[0].sales_person if rows else None
	return None


def drop_receipt(doc, method=None) -> None:
	"""Delivery Note on_cancel: a cancelled delivery needs no signature back. A receipt that is
	back (or has a scan) stays, as the record of what the customer signed."""
	receipt = frappe.db.get_value(
		DOCTYPE, {"delivery_note": doc.name}, ["name", "status", "scan"], as_dict=True
	)
	if receipt and receipt.status == rules.AWAITING and not receipt.scan:
		frappe.delete_doc(DOCTYPE, receipt.name, ignore_permissions=True, force=True)


def delivery_note_onload(doc, method=None) -> None:
	"""Delivery Note onload: the state of its signed receipt, shown on the form."""
	if doc.docstatus == 0 or doc.get("is_return"):
		return
	receipt = frappe.db.get_value(
		DOCTYPE,
		{"delivery_note": doc.name},
		["name", "status", "is_overdue", "due_date", "returned_on"],
		as_dict=True,
	)
	if receipt:
		doc.set_onload("signed_delivery_receipt", receipt)


def add_receipts_to_dashboard(data: dict) -> dict:
	"""override_doctype_dashboards of Delivery Note: its receipt among the Connections."""
	data.setdefault("non_standard_fieldnames", {})[DOCTYPE] = "delivery_note"
	transactions = data.setdefault("transactions", [])
	transactions.append({"label": _("Documents Back"), "items": [DOCTYPE]})
	return data


# ----------------------------------------------------------------------------- Sales Invoice


def receipts_not_back(invoice) -> list[frappe._dict]:
	"""Awaited receipts of the goods this invoice bills: of the Delivery Notes it names, and of
	the Delivery Notes that delivered the order lines it bills without naming one."""
	if invoice.get("is_return") or invoice.get("update_stock"):
		return []
	deliveries = {row.delivery_note for row in invoice.items if row.get("delivery_note")}
	order_lines = [
		row.so_detail for row in invoice.items if row.get("so_detail") and not row.get("delivery_note")
	]
	if order_lines:
		deliveries.update(
			frappe.get_all(
				"Delivery Note Item",
				filters={"so_detail": ("in", order_lines), "docstatus": 1},
				pluck="parent",
				distinct=True,
			)
		)
	if not deliveries:
		return []
	return frappe.get_all(
		DOCTYPE,
		filters={"delivery_note": ("in", sorted(deliveries)), "status": rules.AWAITING},
		fields=["name", "delivery_note", "due_date"],
		order_by="delivery_note asc",
	)


def invoice_guard_message(receipts: list[dict]) -> str:
	return _(
		"The signed delivery note is not back yet for {0}: invoice only after it has been returned."
	).format(", ".join(bold(row.delivery_note) for row in receipts))


def warn_invoice_before_receipt(doc, method=None) -> None:
	"""Sales Invoice validate: setting Warn shows which receipts are not back."""
	if doc.docstatus != 0 or frappe.flags.in_import:
		return
	current = settings().guard
	if current != rules.GUARD_WARN:
		return
	receipts = receipts_not_back(doc)
	if rules.invoice_guard(current, [row.name for row in receipts]) == "warn":
		frappe.msgprint(
			invoice_guard_message(receipts), title=_("Signed Receipt Not Back"), indicator="orange"
		)


def block_invoice_before_receipt(doc, method=None) -> None:
	"""Sales Invoice before_submit: setting Block refuses the submit."""
	current = settings().guard
	if current != rules.GUARD_BLOCK:
		return
	receipts = receipts_not_back(doc)
	if rules.invoice_guard(current, [row.name for row in receipts]) == "block":
		frappe.throw(
			invoice_guard_message(receipts), InvoiceBeforeReceiptError, title=_("Signed Receipt Not Back")
		)


# ----------------------------------------------------------------------------- daily


def refresh_due_dates() -> None:
	"""Awaited receipts are due Receipt Return Days after their delivery (also after the setting
	changed)."""
	frappe.db.sql(
		"update `tabSigned Delivery Receipt` set due_date = date_add(delivered_on, interval %(days)s day) "
		"where status = %(status)s and delivered_on is not null",
		{"days": settings().return_days, "status": rules.AWAITING},
	)


def refresh_overdue(today: date) -> None:
	"""Awaited receipts past their due date are overdue; the others are not."""
	refresh_due_dates()
	receipt = frappe.qb.DocType(DOCTYPE)
	overdue = (receipt.status == rules.AWAITING) & (receipt.due_date < today)
	frappe.qb.update(receipt).set(receipt.is_overdue, 1).where(overdue & (receipt.is_overdue == 0)).run()
	frappe.qb.update(receipt).set(receipt.is_overdue, 0).where(~overdue & (receipt.is_overdue == 1)).run()


def send_overdue_reminders(today: date | str | None = None) -> int:
	"""Daily job: overdue flags follow the calendar, then each Sales Admin hears of every overdue
	receipt and each sales person of those of his orders (one notification each, in the reader's
	language). Returns the number of overdue receipts."""
	from neiqin.contract_fulfilment.reminders import users_with_roles

	today = getdate(today or nowdate())
	refresh_overdue(today)
	overdue = frappe.get_all(
		DOCTYPE,
		filters={"status": rules.AWAITING, "is_overdue": 1},
		fields=["name", "delivery_note", "customer_name", "sales_person", "due_date"],
		order_by="due_date asc, name asc",
	)
	if not overdue:
		return 0
	readers: dict[str, list[dict]] = {user: list(overdue) for user in users_with_roles([REMINDED_ROLE])}
	for user, receipts in sales_person_users(overdue).items():
		readers.setdefault(user, [])
		known = {row.name for row in readers[user]}
		readers[user].extend(row for row in receipts if row.name not in known)
	for user, receipts in readers.items():
		notify_overdue(user, receipts, today)
	return len(overdue)


def sales_person_users(receipts: list[dict]) -> dict[str, list[dict]]:
	"""{user: receipts} for the sales persons (through their Employee's user) of the receipts."""
	people = {row.sales_person for row in receipts if row.sales_person}
	if not people:
		return {}
	person = frappe.qb.DocType("Sales Person")
	employee = frappe.qb.DocType("Employee")
	users = dict(
		(
			frappe.qb.from_(person)
			.join(employee)
			.on(employee.name == person.employee)
			.select(person.name, employee.user_id)
			.where(person.name.isin(sorted(people)) & employee.user_id.isnotnull())
		).run()
	)
	found: dict[str, list[dict]] = {}
	for row in receipts:
		user = users.get(row.sales_person)
		if user:
			found.setdefault(user, []).append(row)
	return found


def notify_overdue(user: str, receipts: list[dict], today: date) -> None:
	from neiqin.sales_compliance.reminders import language

	lang = frappe.db.get_value("User", user, "language") or frappe.db.get_default("lang") or "en"
	with language(lang):
		listed = ", ".join(escape_html(row.delivery_note) for row in receipts[:LISTED_IN_REMINDER])
		if len(receipts) > LISTED_IN_REMINDER:
			listed += " …"
		enqueue_create_notification(
			[user],
			{
				"type": "Alert",
				"document_type": DOCTYPE,
				"document_name": receipts[0]["name"],
				"subject": _("{0} signed delivery receipts are overdue (oldest due {1}): {2}").format(
					bold(len(receipts)), format_date(receipts[0]["due_date"]), listed
				),
				"email_content": _(
					"Ask the customers to send the signed delivery notes back, then mark each receipt Returned with its scan (report Signed Receipt Tracking)."
				),
			},
		)
