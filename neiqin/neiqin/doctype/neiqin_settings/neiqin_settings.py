import frappe
from frappe import _
from frappe.model.document import Document

from neiqin.escaping import bold

NON_NEGATIVE_FIELDS = (
	"delivery_reminder_days",
	"entry_sla_working_days",
	"material_overdue_days",
)


class NeiqinSettings(Document):
	def validate(self):
		self.validate_non_negative()
		self.validate_approval_kinds()
		self.validate_tracking_account()
		self.validate_documents_back_switches()

	def validate_tracking_account(self):
		from neiqin import secret_fields
		from neiqin.channels.tracking.settings import validate_endpoint

		validate_endpoint(self)
		secret_fields.store(self)

	def on_update(self):
		self.sync_material_approval_rule()
		self.follow_receipt_return_days()

	def validate_documents_back_switches(self):
		from neiqin.documents_back.setup import validate_settings

		validate_settings(self)

	def follow_receipt_return_days(self):
		from neiqin.documents_back.setup import on_settings_update

		on_settings_update(self)

	def validate_approval_kinds(self):
		from neiqin.sales_materials.setup import validate_kinds

		validate_kinds(self)

	def sync_material_approval_rule(self):
		"""The Sales Material Log approval rule follows the kinds that need approval (only a
		System Manager changes them, and only a System Manager writes review rules)."""
		if "System Manager" in frappe.get_roles():
			from neiqin.sales_materials.setup import sync_approval_rule

			sync_approval_rule()

	def validate_non_negative(self):
		for fieldname in NON_NEGATIVE_FIELDS:
			if (self.get(fieldname) or 0) < 0:
				frappe.throw(
					_("{0} cannot be negative.").format(bold(_(self.meta.get_label(fieldname)))),
					title=_("Invalid Setting"),
				)

	def get_delivery_reminder_roles(self) -> list[str]:
		return [role.strip() for role in (self.delivery_reminder_roles or "").splitlines() if role.strip()]
