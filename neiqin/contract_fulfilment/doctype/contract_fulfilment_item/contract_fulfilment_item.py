"""One line of a Contract Fulfilment table.

`days_overdue` grows with the date alone, so it is not stored: it is derived whenever the
line is read (form, print, REST, API), from the stored status and dates and today.
"""

from frappe.model.document import Document
from frappe.utils import getdate, nowdate

from neiqin.contract_fulfilment import status as line_status


class ContractFulfilmentItem(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		amount: DF.Currency
		delivered_amount: DF.Currency
		delivered_qty: DF.Float
		delivery_date: DF.Date | None
		fully_delivered_on: DF.Date | None
		invoiced_amount: DF.Currency
		invoiced_qty: DF.Float
		item_code: DF.Link | None
		item_group: DF.Link | None
		item_name: DF.Data | None
		outstanding_amount: DF.Currency
		paid_amount: DF.Currency
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		qty: DF.Float
		rate: DF.Currency
		returned_qty: DF.Float
		sales_order_item: DF.Data | None
		status: DF.Literal["Pending", "Partly Delivered", "Delivered", "Overdue", "Closed"]
		uom: DF.Link | None
	# end: auto-generated types

	@property
	def days_overdue(self) -> int:
		"""Days past the delivery date as of today (virtual field)."""
		return line_status.days_overdue_as_of(
			self.status,
			getdate(self.delivery_date) if self.delivery_date else None,
			getdate(self.fully_delivered_on) if self.fully_delivered_on else None,
			getdate(nowdate()),
		)

	@days_overdue.setter
	def days_overdue(self, value) -> None:
		"""Values loaded or assigned are ignored: the field is derived when read."""
