"""Every custom field and property setter neiqin adds to ERPNext doctypes (never to its own
doctypes: their fields live in their JSON, synced before `after_install` runs).

One dict each, applied on install/migrate and removed on uninstall with the same data,
so that install and uninstall cannot drift apart.
"""

# Sales compliance: the approval a line below the price list relies on (one field, three line tables)
PROMOTION_APPROVAL_FIELDS: list[dict] = [
	{
		"fieldname": "promotion_approval",
		"label": "Promotion Approval",
		"fieldtype": "Link",
		"options": "Promotion Approval",
		"insert_after": "discount_amount",
		"description": "The promotion approval that allows this line's rate below the price list; filled on save when exactly one active approval covers it.",
		"search_index": 1,
	},
	# Sales compliance (goods leaving): the line's floor in the document's currency, written when the
	# document is submitted; what the line gives away of its approval is counted from it
	{
		"fieldname": "reference_rate",
		"label": "Reference Price",
		"fieldtype": "Currency",
		"options": "currency",
		"insert_after": "promotion_approval",
		"description": "The item's price in the company's reference price list when the line was submitted (below it, a promotion approval is needed).",
		"read_only": 1,
		"no_copy": 1,
		"print_hide": 1,
		"report_hide": 1,
	},
]
# Line tables of the documents that carry a promotion approval (POS Invoice: goods leave at the till)
PROMOTION_LINE_DOCTYPES = ("Sales Order Item", "Delivery Note Item", "Sales Invoice Item", "POS Invoice Item")

CUSTOM_FIELDS: dict[str, list[dict]] = {
	"Sales Order": [
		{
			"fieldname": "contract_signed_date",
			"label": "Contract Signed Date",
			"fieldtype": "Date",
			"insert_after": "transaction_date",
			"description": "The day the customer signed the contract; used by the Contract Entry SLA report.",
			"allow_on_submit": 0,
			"no_copy": 1,
		},
	],
	"Stock Entry": [
		{
			"fieldname": "sales_material_log",
			"label": "Sales Material Log",
			"fieldtype": "Link",
			"options": "Sales Material Log",
			"insert_after": "stock_entry_type",
			"description": "The sales material log this entry issues or takes back; it is posted and cancelled by the log.",
			"read_only": 1,
			"no_copy": 1,
			"search_index": 1,
		},
	],
	"Purchase Invoice Item": [
		{
			"fieldname": "sales_material_log",
			"label": "Sales Material Log",
			"fieldtype": "Link",
			"options": "Sales Material Log",
			"insert_after": "description",
			"description": "The dispatch whose courier fee this line settles.",
			"read_only": 1,
			"no_copy": 1,
			"search_index": 1,
		},
	],
	**{doctype: [dict(field) for field in PROMOTION_APPROVAL_FIELDS] for doctype in PROMOTION_LINE_DOCTYPES},
	# Registers: the receipt instrument a payment settles (an amendment keeps it, a duplicate not)
	"Payment Entry": [
		{
			"fieldname": "receipt_instrument",
			"label": "Receipt Instrument",
			"fieldtype": "Link",
			"options": "Receipt Instrument",
			"insert_after": "reference_date",
			"description": "The cheque, draft or bill this payment settles; at most one submitted payment settles an instrument.",
			"read_only": 1,
			"no_copy": 1,
			"search_index": 1,
		},
		{
			"fieldname": "instrument_difference_reason",
			"label": "Reason for the Difference to the Instrument",
			"fieldtype": "Small Text",
			"insert_after": "receipt_instrument",
			"depends_on": "receipt_instrument",
			"description": "Why this payment settles another amount than the receipt instrument's (shown in Receipt Document Tracking).",
			"no_copy": 1,
		},
		# Sales expenses: the request whose advance this is, or the claim it pays (an amendment keeps them)
		{
			"fieldname": "sales_expense_request",
			"label": "Sales Expense Request",
			"fieldtype": "Link",
			"options": "Sales Expense Request",
			"insert_after": "instrument_difference_reason",
			"description": "The sales expense request whose advance this is; one advance is drafted or made per request.",
			"read_only": 1,
			"no_copy": 1,
			"search_index": 1,
		},
		{
			"fieldname": "sales_expense_claim",
			"label": "Sales Expense Claim",
			"fieldtype": "Link",
			"options": "Sales Expense Claim",
			"insert_after": "sales_expense_request",
			"description": "The sales expense claim whose amount owed to the employee this pays.",
			"read_only": 1,
			"no_copy": 1,
			"search_index": 1,
		},
	],
	# Sales expenses: the claim a Journal Entry was posted by (posted and cancelled by the claim only)
	"Journal Entry": [
		{
			"fieldname": "sales_expense_claim",
			"label": "Sales Expense Claim",
			"fieldtype": "Link",
			"options": "Sales Expense Claim",
			"insert_after": "voucher_type",
			"description": "The sales expense claim that posted this entry; it is cancelled with the claim.",
			"read_only": 1,
			"no_copy": 1,
			"search_index": 1,
		},
	],
	# Sales expenses: the cost center a territory's expenses are booked to
	"Territory": [
		{
			"fieldname": "expense_cost_center",
			"label": "Sales Expense Cost Center",
			"fieldtype": "Link",
			"options": "Cost Center",
			"insert_after": "territory_manager",
			"description": "Sales expense requests of this territory are booked to this cost center (when it is of the request's company).",
		},
	],
	# Documents back: the Invoice Request a Sales Invoice was made from
	"Sales Invoice": [
		{
			"fieldname": "invoice_request",
			"label": "Invoice Request",
			"fieldtype": "Link",
			"options": "Invoice Request",
			"insert_after": "customer_name",
			"description": "The invoice request this invoice was made from; the request is Invoiced when the invoice is submitted.",
			"read_only": 1,
			"no_copy": 1,
			"search_index": 1,
		},
	],
}

# (doctype, fieldname or None for the doctype, property, value, type). The translated Print
# Format names set here before are gone (patch v1.rename_statement_print_format).
PROPERTY_SETTERS: list[tuple[str, str | None, str, str, str]] = [
	# People by full name, not by login: every Link to User (申请人, 移交给, 保管人, 复核人 …) shows
	# the user's full name (User's title field) on forms and lists
	("User", None, "show_title_field_in_link", "1", "Check"),
]

ROLES: dict[str, dict] = {
	"Sales Admin": {"desk_access": 1},
	"Sales Reviewer": {"desk_access": 1},
	# Sales expenses: approves special expenses, large ones and those beyond the budget (总经理)
	"General Manager": {"desk_access": 1},
}
