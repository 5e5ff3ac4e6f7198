"""Sales Material Log (销售物料登记): one kind of material sent to one party.

A saved draft is the request, approval is the dual review, submit is the dispatch (stock
moves then); delivery, confirmation, return and loss are recorded on the submitted log
through `neiqin.sales_materials.api`. The rules live in `neiqin.sales_materials.rules`.
"""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt, getdate, nowdate

from neiqin.escaping import bold
from neiqin.sales_materials import approval_need, review, rules, stock
from neiqin.sales_materials.refusals import (
	MaterialLineError,
	MaterialRecipientError,
	MaterialStatusError,
	throw_problems,
)

PARTY_NAME_FIELD = {"Customer": "customer_name", "Supplier": "supplier_name", "Lead": "lead_name"}
INVOICE_FIELDS = (
	"invoice_number",
	"invoice_date",
	"invoice_amount",
	"invoice_currency",
	"billing_company",
	"invoice_recipient",
)
# Recorded on the submitted log by the actions of `api.py` only (never edited directly).
RECORDED_FIELDS = (
	"delivered_on",
	"confirmed_on",
	"confirmed_by",
	"received_by",
	"returned_on",
	"lost_on",
	"lost_reason",
	"is_overdue",
)


class SalesMaterialLog(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from neiqin.sales_materials.doctype.sales_material_log_item.sales_material_log_item import (
			SalesMaterialLogItem,
		)

		address: DF.Link | None
		address_display: DF.TextEditor | None
		amended_from: DF.Link | None
		billing_company: DF.Link | None
		company: DF.Link
		confirmed_by: DF.Link | None
		confirmed_on: DF.Date | None
		contact: DF.Link | None
		contact_display: DF.SmallText | None
		courier: DF.Link | None
		delivered_on: DF.Date | None
		dispatch_date: DF.Date | None
		dispatch_method: DF.Literal["", "Courier", "Registered Mail", "Hand Delivery"]
		invoice_amount: DF.Currency
		invoice_currency: DF.Link | None
		invoice_date: DF.Date | None
		invoice_number: DF.Data | None
		invoice_recipient: DF.Data | None
		is_overdue: DF.Check
		items: DF.Table[SalesMaterialLogItem]
		kind: DF.Literal[
			"", "Sample", "Brochure", "Business Card", "Gift", "Promotional Item", "Document", "Invoice"
		]
		lost_on: DF.Date | None
		lost_reason: DF.SmallText | None
		naming_series: DF.Literal["SML-.YYYY.-"]
		party: DF.DynamicLink
		party_name: DF.Data | None
		party_type: DF.Literal["", "Customer", "Lead", "Supplier"]
		purpose: DF.SmallText | None
		received_by: DF.Data | None
		reference_doctype: DF.Link | None
		reference_name: DF.DynamicLink | None
		request_date: DF.Date
		requested_by: DF.Link
		requested_by_name: DF.Data | None
		returned_on: DF.Date | None
		sales_invoice: DF.Link | None
		set_warehouse: DF.Link | None
		shipping_cost: DF.Currency
		status: DF.Literal[
			"Requested", "Approved", "Dispatched", "Delivered", "Confirmed", "Returned", "Lost", "Cancelled"
		]
		stock_entry: DF.Link | None
		tracking_number: DF.Data | None
	# end: auto-generated types

	def onload(self):
		self.set_onload("approval", review.approval(self))
		if self.docstatus == 1 and self.has_permission("submit"):
			self.set_onload("allowed_actions", sorted(rules.ALLOWED_ACTIONS.get(self.status, ())))

	def validate(self):
		self.clear_recorded_fields()
		self.set_defaults()
		self.set_party_details()
		self.set_invoice_details()
		self.set_line_details()
		self.validate_kind()
		self.validate_lines()
		self.validate_warehouses()
		self.validate_recipient()
		self.validate_shipping_cost()
		self.set_needs_approval()
		self.set_status()

	def before_submit(self):
		self.set_dispatch_date()
		self.validate_dispatch()
		self.set_needs_approval()
		self.set_status(docstatus=1)

	def on_submit(self):
		# decided again on the values submitted (frappe skips before_submit with ignore_validate;
		# the review gate runs after this and reads it)
		self.set_needs_approval()
		self.db_set("needs_approval", self.needs_approval, update_modified=False)
		self.db_set("stock_entry", stock.post_issue(self), update_modified=False)

	def before_update_after_submit(self):
		self.guard_recorded_fields()
		self.validate_dispatch(check_date=False)
		self.validate_shipping_cost()
		self.set_status_after_action()

	def before_cancel(self):
		# the log's stock entries are cancelled with it (see on_cancel), not one by one
		self.ignore_linked_doctypes = ("Stock Entry",)

	def on_cancel(self):
		stock.cancel_stock_entries(self)
		self.db_set({"status": rules.CANCELLED, "is_overdue": 0}, update_modified=False)

	# ------------------------------------------------------------------ defaults and details

	def clear_recorded_fields(self):
		"""A draft has nothing recorded yet: values sent for these read-only fields (over REST,
		or in the same request as the submit) would otherwise decide the status at dispatch
		without the log's actions."""
		for fieldname in (*RECORDED_FIELDS, "stock_entry"):
			self.set(fieldname, None)
		self.is_overdue = 0
		for row in self.items:
			row.returned_qty = 0

	def set_defaults(self):
		if not self.company:
			self.company = frappe.defaults.get_user_default("Company") or frappe.db.get_single_value(
				"Global Defaults", "default_company"
			)
		if not self.dispatch_method:
			self.dispatch_method = rules.default_dispatch_method(self.kind)

	def set_party_details(self):
		self.party_name = None
		if self.party_type in PARTY_NAME_FIELD and self.party:
			fields = [PARTY_NAME_FIELD[self.party_type]]
			if self.party_type == "Lead":
				fields.append("company_name")
			values = frappe.db.get_value(self.party_type, self.party, fields, as_dict=True) or {}
			self.party_name = values.get(fields[0]) or values.get("company_name") or self.party
		self.contact_display = contact_display(self.contact) if self.contact else None
		if self.address:
			from frappe.contacts.doctype.address.address import render_address

			self.address_display = render_address(self.address, check_permissions=False)
		else:
			self.address_display = None

	def set_invoice_details(self):
		if self.kind != "Invoice" or not self.sales_invoice:
			self.sales_invoice = None
			for fieldname in INVOICE_FIELDS:
				self.set(fieldname, None)
			return
		invoice = frappe.db.get_value(
			"Sales Invoice",
			self.sales_invoice,
			[
				"name",
				"docstatus",
				"customer",
				"customer_name",
				"company",
				"posting_date",
				"grand_total",
				"currency",
				"contact_person",
				"customer_address",
			],
			as_dict=True,
		)
		if not invoice:
			return  # the link check reports it
		if invoice.docstatus != 1:
			frappe.throw(
				_("Sales Invoice {0} is not submitted; only a submitted invoice can be mailed.").format(
					bold(invoice.name)
				),
				MaterialRecipientError,
			)
		if not self.party:
			self.party_type, self.party = "Customer", invoice.customer
			self.set_party_details()
		if self.party_type != "Customer" or self.party != invoice.customer:
			frappe.throw(
				_("Sales Invoice {0} is billed to {1}; the log must go to that customer, not to {2}.").format(
					bold(invoice.name), bold(invoice.customer), bold(self.party)
				),
				MaterialRecipientError,
			)
		self.invoice_number = (self.invoice_number or "").strip() or invoice.name
		self.invoice_date = invoice.posting_date
		self.invoice_amount = invoice.grand_total
		self.invoice_currency = invoice.currency
		self.billing_company = invoice.company
		self.invoice_recipient = invoice.customer_name
		self.company = invoice.company
		if not self.contact and invoice.contact_person:
			self.contact = invoice.contact_person
		if not self.address and invoice.customer_address:
			self.address = invoice.customer_address
		self.set_party_details()

	def set_line_details(self):
		codes = list({row.item_code for row in self.items if row.item_code})
		items = (
			{
				row.name: row
				for row in frappe.get_all(
					"Item",
					filters={"name": ("in", codes)},
					fields=["name", "item_name", "is_stock_item", "stock_uom"],
				)
			}
			if codes
			else {}
		)
		for row in self.items:
			item = items.get(row.item_code)
			if not item:
				row.is_stock_item = 0
				row.conversion_factor = 1
				row.stock_qty = flt(row.qty)
				continue
			row.item_name = item.item_name
			row.is_stock_item = item.is_stock_item
			row.uom = row.uom or item.stock_uom
			row.conversion_factor = conversion_factor(row.item_code, row.uom, item.stock_uom)
			row.stock_qty = flt(row.qty) * flt(row.conversion_factor)
			if item.is_stock_item and not row.warehouse:
				row.warehouse = self.set_warehouse

	# ------------------------------------------------------------------ validation

	def validate_kind(self):
		throw_problems(rules.kind_problems(self.kind, bool(self.items), self.sales_invoice))

	def validate_lines(self):
		throw_problems(rules.line_problems(row.as_dict() for row in self.items))

	def validate_warehouses(self):
		names = list({row.warehouse for row in self.items if row.warehouse} | {self.set_warehouse} - {None})
		if not names:
			return
		warehouses = {
			w.name: w
			for w in frappe.get_all(
				"Warehouse", filters={"name": ("in", names)}, fields=["name", "company", "is_group"]
			)
		}
		for row in self.items:
			warehouse = warehouses.get(row.warehouse)
			if warehouse and (warehouse.company != self.company or warehouse.is_group):
				frappe.throw(
					_("Row {0}: warehouse {1} is a group or belongs to another company than {2}.").format(
						row.idx, bold(row.warehouse), bold(self.company)
					),
					MaterialLineError,
				)

	def validate_recipient(self):
		for doctype, name in (("Contact", self.contact), ("Address", self.address)):
			if name and not linked_to(doctype, name, self.party_type, self.party):
				frappe.throw(
					_("{0} {1} does not belong to {2} {3}.").format(
						_(doctype), bold(name), _(self.party_type), bold(self.party)
					),
					MaterialRecipientError,
				)

	def validate_shipping_cost(self):
		if flt(self.shipping_cost) < 0:
			throw_problems([rules.Problem("negative_shipping_cost", (self.shipping_cost,))])

	def set_dispatch_date(self):
		if not self.dispatch_date:
			self.dispatch_date = nowdate()

	def validate_dispatch(self, check_date: bool = True):
		throw_problems(
			rules.dispatch_problems(
				self.kind,
				self.dispatch_method,
				self.courier,
				self.tracking_number,
				flt(self.shipping_cost),
				getdate(self.dispatch_date) if check_date and self.dispatch_date else None,
				getdate(nowdate()),
			)
		)

	def guard_recorded_fields(self):
		"""Delivery, receipt, returns, loss and overdue are recorded through the log's
		actions (which check the status rules), never by editing the fields."""
		if self.flags.material_action:
			return
		before = self.get_doc_before_save()
		changed = [
			f for f in ("status", *RECORDED_FIELDS) if str(self.get(f) or "") != str(before.get(f) or "")
		]
		old_returns = {row.name: flt(row.returned_qty) for row in before.items}
		if any(flt(row.returned_qty) != old_returns.get(row.name, 0) for row in self.items):
			changed.append("returned_qty")
		if changed:
			frappe.throw(
				_(
					"{0} can only be recorded with the log's actions (Mark Delivered, Confirm Receipt, Record Return, Mark Lost)."
				).format(", ".join(bold(_(self.meta.get_label(f) or f)) for f in changed)),
				MaterialStatusError,
			)

	# ------------------------------------------------------------------ approval

	def set_needs_approval(self):
		"""Whether a manager must approve the log: its kind, the kinds of its items (by item group)
		or the value of its stocked lines — never the label the requester picks alone."""
		self.needs_approval = int(approval_need.needs_approval(self))

	# ------------------------------------------------------------------ status

	def facts(self, docstatus: int | None = None) -> rules.Facts:
		docstatus = self.docstatus if docstatus is None else docstatus
		return rules.Facts(
			docstatus=docstatus,
			approved=docstatus == 0 and review.approval(self)["approved"],
			delivered=bool(self.delivered_on),
			confirmed=bool(self.confirmed_on),
			lost=bool(self.lost_on),
			fully_returned=rules.is_fully_returned(
				(flt(row.qty), flt(row.returned_qty)) for row in self.items
			),
		)

	def set_status(self, docstatus: int | None = None):
		self.status = rules.derive_status(self.facts(docstatus))

	def set_status_after_action(self):
		old = self.get_doc_before_save().status
		new = rules.derive_status(self.facts())
		throw_problems([p for p in [rules.transition_problem(old, new)] if p])
		self.status = new
		if new not in rules.OPEN_STATUSES:
			self.is_overdue = 0


def conversion_factor(item_code: str, uom: str | None, stock_uom: str) -> float:
	if not uom or uom == stock_uom:
		return 1.0
	from erpnext.stock.get_item_details import get_conversion_factor

	factor = flt(get_conversion_factor(item_code, uom).get("conversion_factor"))
	if not factor:
		frappe.throw(
			_("Item {0} has no conversion factor from {1} to its stock unit {2}.").format(
				bold(item_code), bold(uom), bold(stock_uom)
			),
			MaterialLineError,
		)
	return factor


def contact_display(contact: str) -> str:
	values = frappe.db.get_value(
		"Contact", contact, ["full_name", "first_name", "mobile_no", "phone", "email_id"], as_dict=True
	)
	if not values:
		return ""
	parts = [values.full_name or values.first_name, values.mobile_no or values.phone, values.email_id]
	return "\n".join(part for part in parts if part)


def linked_to(doctype: str, name: str, party_type: str, party: str) -> bool:
	return bool(
		frappe.db.exists(
			"Dynamic Link",
			{"parenttype": doctype, "parent": name, "link_doctype": party_type, "link_name": party},
		)
	)
