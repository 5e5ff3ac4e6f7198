"""Sales Expense Budget (销售费用预算): per territory or sales person, optionally per expense type,
for a month, a quarter or the fiscal year. Requests are checked against the submitted budgets
(`neiqin.sales_expenses.budgets`)."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt, getdate

from neiqin.escaping import bold
from neiqin.sales_expenses import budgets, rules
from neiqin.sales_expenses.exceptions import SalesExpenseError


class SalesExpenseBudget(Document):
	def validate(self):
		self.set_period()
		self.check_lines()

	def on_submit(self):
		budgets.recount(self)

	def set_period(self):
		year = frappe.db.get_value(
			"Fiscal Year", self.fiscal_year, ["year_start_date", "year_end_date"], as_dict=True
		)
		start = getdate(self.period_start) if self.period_start else None
		if self.period != rules.YEAR and not start:
			frappe.throw(_("Give the Period Start of a monthly or quarterly budget."), SalesExpenseError)
		self.from_date, self.to_date = rules.budget_period(
			self.period, start, getdate(year.year_start_date), getdate(year.year_end_date)
		)
		if self.from_date < getdate(year.year_start_date) or self.to_date > getdate(year.year_end_date):
			frappe.throw(
				_("The period {0} to {1} is not within the fiscal year {2}.").format(
					bold(frappe.format(self.from_date, "Date")),
					bold(frappe.format(self.to_date, "Date")),
					bold(self.fiscal_year),
				),
				SalesExpenseError,
			)

	def check_lines(self):
		seen = set()
		for line in self.lines:
			if not (line.territory or line.sales_person):
				frappe.throw(
					_("Row {0}: a budget line names a territory or a sales person.").format(line.idx),
					SalesExpenseError,
				)
			if flt(line.amount) <= 0:
				frappe.throw(
					_("Row {0}: the budget amount must be above zero.").format(line.idx), SalesExpenseError
				)
			key = (line.territory, line.sales_person, line.expense_type)
			if key in seen:
				frappe.throw(
					_("Row {0}: the same line is in the budget twice.").format(line.idx), SalesExpenseError
				)
			seen.add(key)
