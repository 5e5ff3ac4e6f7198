# Copyright (c) 2026, neiqin contributors
# For license information, please see license.txt

from frappe.model.document import Document


class ContractDeliveryReminderLog(Document):
	"""Written by `neiqin.contract_fulfilment.reminders` only: one reminded (line, due date)."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		delivery_date: DF.Date
		item_code: DF.Link | None
		recipients: DF.SmallText | None
		reminded_on: DF.Datetime | None
		sales_order: DF.Link
		sales_order_item: DF.Data
	# end: auto-generated types

	pass
