"""One fulfilment table per submitted Sales Order, written only by neiqin.

Users read it (desk, REST, print, email); they never create, edit or delete it: the
numbers are rebuilt from the order's own documents by
`neiqin.contract_fulfilment.recompute.recompute`, which sets `flags.written_by_neiqin`.
"""

import frappe
from frappe import _
from frappe.model.document import Document

from neiqin.escaping import bold


class ContractFulfilmentReadOnlyError(frappe.ValidationError):
	pass


class ContractFulfilment(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from neiqin.contract_fulfilment.doctype.contract_fulfilment_item.contract_fulfilment_item import (
			ContractFulfilmentItem,
		)

		base_delivered_amount: DF.Currency
		base_invoiced_amount: DF.Currency
		base_ordered_amount: DF.Currency
		base_outstanding_amount: DF.Currency
		base_paid_amount: DF.Currency
		company: DF.Link | None
		contact_email: DF.Data | None
		contract: DF.Link | None
		contract_signed_date: DF.Date | None
		conversion_rate: DF.Float
		currency: DF.Link | None
		customer: DF.Link | None
		customer_group: DF.Link | None
		customer_name: DF.Data | None
		delivered_amount: DF.Currency
		delivered_qty: DF.Float
		delivery_date: DF.Date | None
		fulfilment_status: DF.Literal[
			"Not Started", "Partly Delivered", "Delivered", "Completed", "Closed", "Cancelled"
		]
		invoiced_amount: DF.Currency
		is_overdue: DF.Check
		items: DF.Table[ContractFulfilmentItem]
		last_recomputed: DF.Datetime | None
		on_time_lines: DF.Int
		order_status: DF.Literal[
			"",
			"Draft",
			"On Hold",
			"To Deliver and Bill",
			"To Bill",
			"To Deliver",
			"Completed",
			"Cancelled",
			"Closed",
		]
		ordered_amount: DF.Currency
		ordered_qty: DF.Float
		outstanding_amount: DF.Currency
		overdue_lines: DF.Int
		paid_amount: DF.Currency
		per_billed: DF.Percent
		per_delivered: DF.Percent
		per_paid: DF.Percent
		sales_order: DF.Link
		sales_person: DF.Link | None
		territory: DF.Link | None
		transaction_date: DF.Date | None
	# end: auto-generated types

	def validate(self):
		self.refuse_changes_by_hand()

	def on_trash(self):
		self.refuse_changes_by_hand()

	def before_rename(self, old: str, new: str, merge: bool = False):
		self.refuse_changes_by_hand()

	def refuse_changes_by_hand(self):
		"""Only neiqin's recomputation (or the order's own deletion) may write this table."""
		if self.flags.written_by_neiqin:
			return
		frappe.throw(
			_(
				"Contract Fulfilment {0} is kept up to date by neiqin from its Sales Order and cannot be created, changed or deleted by hand."
			).format(bold(self.name or self.sales_order)),
			ContractFulfilmentReadOnlyError,
			title=_("Read Only"),
		)
