"""Sales Expense Type (费用类型): the kind of expense and its account in each company."""

import frappe
from frappe import _
from frappe.model.document import Document

from neiqin.escaping import bold
from neiqin.sales_expenses.exceptions import ExpenseTypeAccountError


class SalesExpenseType(Document):
	def validate(self):
		seen = set()
		for row in self.accounts:
			if row.company in seen:
				frappe.throw(
					_("Row {0}: company {1} already has its expense account.").format(
						row.idx, bold(row.company)
					),
					ExpenseTypeAccountError,
				)
			seen.add(row.company)
			account = frappe.db.get_value(
				"Account", row.expense_account, ["company", "is_group", "root_type"], as_dict=True
			)
			if (
				not account
				or account.company != row.company
				or account.is_group
				or account.root_type != "Expense"
			):
				frappe.throw(
					_("Row {0}: {1} is not an expense account of company {2}.").format(
						row.idx, bold(row.expense_account), bold(row.company)
					),
					ExpenseTypeAccountError,
				)
