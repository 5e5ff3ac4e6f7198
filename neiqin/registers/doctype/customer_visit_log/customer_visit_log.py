"""Customer Visit Log (客户拜访记录): one call or visit, what was learned, the next visit."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, nowdate

from neiqin.escaping import bold
from neiqin.registers import visits
from neiqin.registers.exceptions import VisitDateError, VisitOwnerError


class CustomerVisitLog(Document):
	def validate(self):
		self.validate_visit_date()
		self.validate_next_visit_date()
		self.validate_visitor()
		self.keep_reminder_state()

	def validate_visit_date(self):
		if getdate(self.visit_date) > getdate(nowdate()):
			frappe.throw(
				_("The visit date {0} is in the future: log a visit once it has taken place.").format(
					bold(frappe.format(self.visit_date, "Date"))
				),
				VisitDateError,
			)

	def validate_next_visit_date(self):
		if self.next_visit_date and getdate(self.next_visit_date) < getdate(self.visit_date):
			frappe.throw(
				_("The next visit date {0} is before the visit date {1}.").format(
					bold(frappe.format(self.next_visit_date, "Date")),
					bold(frappe.format(self.visit_date, "Date")),
				),
				VisitDateError,
			)

	def validate_visitor(self):
		if self.visited_by != frappe.session.user and not visits.sees_all():
			frappe.throw(
				_("You may log only your own visits, not a visit by {0}.").format(bold(self.visited_by)),
				VisitOwnerError,
			)

	def keep_reminder_state(self):
		"""`reminded_on` is written by the daily job; a new next visit date is reminded again."""
		before = self.get_doc_before_save()
		if not before:
			self.reminded_on = None
		elif getdate(before.next_visit_date) != getdate(self.next_visit_date):
			self.reminded_on = None
		else:
			self.reminded_on = before.reminded_on
