import frappe
from frappe import _
from frappe.model.document import Document

NON_NEGATIVE_FIELDS = (
	"delivery_reminder_days",
	"entry_sla_working_days",
	"material_overdue_days",
)


class NeiqinSettings(Document):
	def validate(self):
		self.validate_non_negative()

	def validate_non_negative(self):
		for fieldname in NON_NEGATIVE_FIELDS:
			if (self.get(fieldname) or 0) < 0:
				frappe.throw(
					_("{0} cannot be negative.").format(frappe.bold(_(self.meta.get_label(fieldname)))),
					title=_("Invalid Setting"),
				)

	def get_delivery_reminder_roles(self) -> list[str]:
		return [role.strip() for role in (self.delivery_reminder_roles or "").splitlines() if role.strip()]
