import frappe
from frappe import _
from frappe.model import no_value_fields
from frappe.model.document import Document

from neiqin.escaping import bold

NO_VALUE = set(no_value_fields) - {"Table", "Table MultiSelect"}

NON_NEGATIVE_FIELDS = (
	"delivery_reminder_days",
	"entry_sla_working_days",
	"material_overdue_days",
	"material_approval_threshold",
	"general_manager_threshold",
	"claim_tolerance",
	"advance_settle_days",
)
# Settings that decide what goods may leave (controls) are the fields of permission level 1:
# written only by a System Manager — also by server code and with ignore_permissions, where the
# permission level alone would not stop it — and every change kept as a Version, which the Review
# Audit Trail lists. (The kinds needing approval are also guarded by `sales_materials.setup`.)
CONTROL_LEVEL = 1
CONTROL_WRITER_ROLE = "System Manager"


class NeiqinSettings(Document):
	def validate(self):
		self.validate_non_negative()
		self.validate_approval_kinds()
		self.validate_tracking_account()
		self.validate_documents_back_switches()
		self.validate_controls()
		self.validate_reference_price_lists()
		self.validate_sales_expense_accounts()
		# every change of a control is kept, also where frappe would skip it (ignore_version)
		self.flags.ignore_version = False

	def validate_tracking_account(self):
		from neiqin import secret_fields
		from neiqin.channels.tracking.settings import validate_endpoint

		validate_endpoint(self)
		secret_fields.store(self)

	def validate_controls(self):
		changed = self.changed_controls()
		if changed and CONTROL_WRITER_ROLE not in frappe.get_roles():
			from neiqin.sales_compliance.exceptions import ControlSettingError

			frappe.throw(
				_("Only a {0} may change {1}: these settings decide what goods may leave.").format(
					bold(_(CONTROL_WRITER_ROLE)),
					", ".join(bold(_(self.meta.get_label(f))) for f in changed),
				),
				ControlSettingError,
				title=_("Invalid Setting"),
			)

	def changed_controls(self) -> list[str]:
		"""The controls whose value differs from the stored one (a value never stored counts as
		its default)."""
		stored = self.get_doc_before_save()
		return [
			df.fieldname for df in control_fields(self.meta) if value_of(self, df) != value_of(stored, df)
		]

	def validate_sales_expense_accounts(self):
		from neiqin.sales_expenses.settings import validate_company_accounts

		validate_company_accounts(self)

	def validate_reference_price_lists(self):
		seen = set()
		for row in self.get("reference_price_lists") or []:
			if row.company in seen:
				frappe.throw(
					_("Row {0}: company {1} already has a reference price list.").format(
						row.idx, bold(row.company)
					),
					title=_("Invalid Setting"),
				)
			seen.add(row.company)
			if not frappe.db.get_value("Price List", row.price_list, "selling"):
				frappe.throw(
					_("Row {0}: {1} is not a selling price list.").format(row.idx, bold(row.price_list)),
					title=_("Invalid Setting"),
				)

	def on_update(self):
		if self.flags.ignore_validate:  # frappe skipped validate: the controls are guarded here
			self.validate_approval_kinds()
			self.validate_controls()
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


def _normal(value):
	"""One form per meaning: 1 == "1" == 1.0, None == ""."""
	try:
		return round(float(value), 6)
	except (TypeError, ValueError):
		return str(value or "")


def value_of(doc, df):
	"""A control's value in one form per meaning (a table: its rows' values, in any order)."""
	if df.fieldtype == "Table":
		columns = [f.fieldname for f in frappe.get_meta(df.options).fields if f.fieldtype not in NO_VALUE]
		rows = (doc.get(df.fieldname) if doc else None) or []
		return sorted(tuple(_normal(row.get(c)) for c in columns) for row in rows)
	found = doc.get(df.fieldname) if doc else None
	return _normal(df.default if found is None else found)


def control_fields(meta) -> list:
	"""The fields of permission level 1 that hold a value (tables included)."""
	return [df for df in meta.fields if (df.permlevel or 0) >= CONTROL_LEVEL and df.fieldtype not in NO_VALUE]
