"""Invoice Request (开票申请单): the clerk asks finance for an invoice of submitted order or
delivery lines; a Sales Manager approves it through the dual review (the enabled Review Rule
made at set-up, `neiqin.documents_back.setup`) before it is submitted; finance then makes the
Sales Invoice from it (`neiqin.documents_back.invoice_requests.make_sales_invoice`).

Lines keep the item, unit, rate and tax rate of their source line, whatever was sent; only the
quantity is the clerk's, and never more than is left to request. Buyer details come from the
customer's invoicing-details qualification, or are typed and then verified by someone else.
"""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt, getdate, now_datetime

from neiqin.documents_back import invoice_requests, rules
from neiqin.documents_back.exceptions import (
	BuyerVerificationError,
	InvoiceRequestBuyerError,
	InvoiceRequestDateError,
)
from neiqin.documents_back.refusals import throw_problems
from neiqin.escaping import bold

FROM_QUALIFICATION = "Customer Qualification"
TYPED = "Typed"
BUYER_FIELDS = ("buyer_name", "buyer_tax_id", "buyer_address_phone", "buyer_bank_account")
QUALIFICATION_FIELDS = {
	"buyer_name": "invoice_title",
	"buyer_tax_id": "tax_id",
	"buyer_address_phone": "address_phone",
	"buyer_bank_account": "bank_account",
}
VERIFICATION_FIELDS = ("buyer_details_entered_by", "buyer_details_verified_by", "buyer_details_verified_on")
VERIFIER_ROLES = ("Sales Admin", "Sales Manager", "Accounts User")
STATUS_BY_DOCSTATUS = {0: "Requested", 1: invoice_requests.TO_INVOICE, 2: "Cancelled"}


class InvoiceRequest(Document):
	def validate(self):
		self.set_customer_name()
		self.set_status()
		self.check_dates()
		self.set_lines_from_sources()
		self.check_lines()
		self.set_totals()
		self.set_buyer_details()
		self.check_buyer_details()

	def before_submit(self):
		self.check_lines(for_update=True)
		self.check_buyer_verified()
		self.status = invoice_requests.TO_INVOICE

	def on_cancel(self):
		self.db_set("status", "Cancelled", update_modified=False)

	# ------------------------------------------------------------------ header

	def set_customer_name(self):
		self.customer_name = frappe.db.get_value("Customer", self.customer, "customer_name") or self.customer

	def set_status(self):
		before = self.get_doc_before_save()
		if self.docstatus == 0 or not before:
			self.status = STATUS_BY_DOCSTATUS[self.docstatus]
		else:
			self.status, self.sales_invoice = before.status, before.sales_invoice

	def check_dates(self):
		if self.is_new() or not self.posting_date:
			self.posting_date = getdate()
		if self.needed_by and getdate(self.needed_by) < getdate(self.posting_date):
			frappe.throw(
				_("Needed By {0} is before the request date {1}.").format(
					bold(frappe.format(self.needed_by, "Date")),
					bold(frappe.format(self.posting_date, "Date")),
				),
				InvoiceRequestDateError,
			)

	# ------------------------------------------------------------------ lines

	def load_sources(self) -> dict:
		details: dict[str, list[str]] = {}
		for line in self.items:
			if line.source_doctype and line.source_detail:
				details.setdefault(line.source_doctype, []).append(line.source_detail)
		return invoice_requests.with_order_lines(invoice_requests.load_sources(details))

	def set_lines_from_sources(self):
		self._sources = sources = self.load_sources()
		parents: dict[str, set[str]] = {}
		for row in sources.values():
			parents.setdefault(row.doctype, set()).add(row.parent)
		rates = invoice_requests.document_tax_rates(parents)
		self.currency = None
		for line in self.items:
			source = sources.get(line.source_detail or "")
			if source is None or source.doctype != line.source_doctype:
				line.sales_order = line.so_detail = line.delivery_note = line.dn_detail = None
				continue
			line.source_name = source.parent
			line.item_code, line.item_name, line.uom, line.rate = (
				source.item_code,
				source.item_name,
				source.uom,
				source.rate,
			)
			if source.doctype == "Delivery Note":
				line.delivery_note, line.dn_detail = source.parent, source.name
				line.sales_order, line.so_detail = source.get("against_sales_order"), source.get("so_detail")
			else:
				line.sales_order, line.so_detail = source.parent, source.name
				line.delivery_note = line.dn_detail = None
			document_rate, included = rates.get((source.doctype, source.parent), (0.0, False))
			line.tax_rate = invoice_requests.line_tax_rate(source.item_tax_rate, document_rate)
			line.amount = flt(flt(line.qty) * flt(line.rate), 2)
			line.tax_amount = flt(
				line.amount * line.tax_rate / (100 + line.tax_rate)
				if included
				else line.amount * line.tax_rate / 100,
				2,
			)
			line.tax_included = included
			self.currency = self.currency or source.currency

	def check_lines(self, for_update: bool = False):
		sources = self._sources if hasattr(self, "_sources") else self.load_sources()
		taken = invoice_requests.requested_quantities(
			[name for name, row in sources.items() if row.doctype == "Sales Order"],
			[name for name, row in sources.items() if row.doctype == "Delivery Note"],
			exclude=self.name if not self.is_new() else None,
			for_update=for_update,
		)
		lines = [
			{
				"idx": line.idx,
				"source_detail": line.source_detail if sources.get(line.source_detail or "") else None,
				"qty": line.qty,
			}
			for line in self.items
		]
		throw_problems(
			rules.request_line_problems(
				lines, invoice_requests.as_source_lines(sources), taken, self.customer, self.company
			),
			title=_("Invoice Request"),
		)

	def set_totals(self):
		self.total_qty = sum(flt(line.qty) for line in self.items)
		self.total_taxes = flt(sum(flt(line.tax_amount) for line in self.items), 2)
		self.net_total = flt(
			sum(
				flt(line.amount) - (flt(line.tax_amount) if line.get("tax_included") else 0)
				for line in self.items
			),
			2,
		)
		self.grand_total = flt(self.net_total + self.total_taxes, 2)

	# ------------------------------------------------------------------ buyer

	def set_buyer_details(self):
		before = self.get_doc_before_save()
		for fieldname in VERIFICATION_FIELDS:
			self.set(fieldname, before.get(fieldname) if before else None)
		self.buyer_tax_id = rules.normalise_tax_id(self.buyer_tax_id) or None
		if self.buyer_details_from == FROM_QUALIFICATION:
			self.take_qualification()
			for fieldname in VERIFICATION_FIELDS:
				self.set(fieldname, None)
			return
		self.customer_qualification = None
		changed = not before or any(
			str(self.get(f) or "") != str(before.get(f) or "") for f in (*BUYER_FIELDS, "buyer_details_from")
		)
		if self.flags.buyer_verification:
			return
		if changed:
			self.buyer_details_entered_by = frappe.session.user
			self.buyer_details_verified_by = self.buyer_details_verified_on = None

	def take_qualification(self):
		if not self.customer_qualification:
			self.customer_qualification = invoicing_qualification(self.customer)
		if not self.customer_qualification:
			frappe.throw(
				_(
					"Customer {0} has no invoicing details on file; add a qualification of type {1}, or type the buyer details."
				).format(
					bold(self.customer_name or self.customer),
					bold(invoicing_type() or ""),
				),
				InvoiceRequestBuyerError,
			)
		values = frappe.db.get_value(
			"Customer Qualification",
			self.customer_qualification,
			["customer", "qualification_type", "status", *QUALIFICATION_FIELDS.values()],
			as_dict=True,
		)
		wanted_type = invoicing_type()
		if (
			not values
			or values.customer != self.customer
			or (wanted_type and values.qualification_type != wanted_type)
		):
			frappe.throw(
				_("{0} is not an invoicing-details qualification of customer {1}.").format(
					bold(self.customer_qualification),
					bold(self.customer_name or self.customer),
				),
				InvoiceRequestBuyerError,
			)
		if values.status == "Expired":
			frappe.throw(
				_("The invoicing details {0} have expired; renew them first.").format(
					bold(self.customer_qualification)
				),
				InvoiceRequestBuyerError,
			)
		for fieldname, source in QUALIFICATION_FIELDS.items():
			self.set(fieldname, values.get(source))
		self.buyer_name = self.buyer_name or self.customer_name
		self.buyer_tax_id = rules.normalise_tax_id(self.buyer_tax_id) or None

	def check_buyer_details(self):
		throw_problems(
			rules.buyer_problems(
				self.invoice_type,
				self.buyer_name,
				self.buyer_tax_id,
				self.buyer_address_phone,
				self.buyer_bank_account,
			),
			title=_("Invoice Request"),
		)

	def check_buyer_verified(self):
		if self.buyer_details_from == TYPED and not self.buyer_details_verified_by:
			frappe.throw(
				_(
					"The buyer details were typed; someone other than {0} verifies them before the request is submitted."
				).format(bold(frappe.utils.get_fullname(self.buyer_details_entered_by))),
				InvoiceRequestBuyerError,
			)

	def verify_buyer_details(self):
		"""A second person confirms typed buyer details (`api.verify_buyer_details`)."""
		user = frappe.session.user
		if self.docstatus != 0 or self.buyer_details_from != TYPED:
			frappe.throw(
				_("Only typed buyer details of a draft request are verified."), BuyerVerificationError
			)
		if user == self.buyer_details_entered_by:
			frappe.throw(
				_("The person who typed the buyer details cannot verify them."), BuyerVerificationError
			)
		if not set(VERIFIER_ROLES) & set(frappe.get_roles(user)):
			frappe.throw(
				_("Buyer details are verified by a {0}.").format(
					", ".join(bold(_(role)) for role in VERIFIER_ROLES)
				),
				BuyerVerificationError,
			)
		self.flags.buyer_verification = True
		self.flags.ignore_permissions = True
		self.save()
		self.db_set(
			{"buyer_details_verified_by": user, "buyer_details_verified_on": now_datetime()},
			update_modified=False,
		)


def invoicing_type() -> str | None:
	return frappe.db.get_single_value("Neiqin Settings", "invoicing_details_type")


def invoicing_qualification(customer: str) -> str | None:
	"""The customer's current invoicing-details qualification (the latest not expired)."""
	wanted = invoicing_type()
	if not wanted:
		return None
	names = frappe.get_all(
		"Customer Qualification",
		filters={"customer": customer, "qualification_type": wanted, "status": ("!=", "Expired")},
		order_by="valid_from desc, creation desc",
		pluck="name",
		limit=1,
	)
	return names[0] if names else None
