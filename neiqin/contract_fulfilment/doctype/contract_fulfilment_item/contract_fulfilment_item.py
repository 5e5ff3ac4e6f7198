from frappe.model.document import Document


class ContractFulfilmentItem(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		amount: DF.Currency
		days_overdue: DF.Int
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

	pass
