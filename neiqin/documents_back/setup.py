"""Install/migrate step of the documents back (listed in `neiqin.install.SETUP_STEPS`), and the
Neiqin Settings switches only a System Manager changes."""

import frappe
from frappe import _

from neiqin.documents_back.exceptions import DocumentsBackSwitchError
from neiqin.escaping import bold
from neiqin.review_rule_setup import ensure_enabled_rule

REQUEST_DOCTYPE = "Invoice Request"
REQUEST_APPROVER_ROLE = "Sales Manager"
# stored in English, translated where shown (zh.csv)
REQUEST_RULE_TITLE = "Invoice request: sales manager approval"
# the qualification type that holds a customer's invoicing details (the seed's word)
INVOICING_DETAILS_TYPE = "开票信息"
SETTINGS = "Neiqin Settings"
# switches that decide what may happen (Neiqin Settings, permission level 1)
SWITCHES = (
	"signed_receipts_required",
	"invoice_only_after_signed_receipt",
	"invoicing_details_type",
)
SWITCH_WRITER_ROLE = "System Manager"


def setup():
	create_request_rule()
	ensure_invoicing_details_type()


def create_request_rule() -> str | None:
	"""销售经理确认后，销售内勤通过ERP录入开票申请单: a request is submitted only after a Sales Manager
	approved it. Created once; an admin may edit or disable it afterwards and it stays so."""
	return ensure_enabled_rule(REQUEST_DOCTYPE, REQUEST_RULE_TITLE, (REQUEST_APPROVER_ROLE,), min_reviewers=1)


def ensure_invoicing_details_type() -> None:
	"""The qualification type 开票信息, named in Neiqin Settings unless an admin chose another."""
	if frappe.db.get_single_value(SETTINGS, "invoicing_details_type"):
		return
	if not frappe.db.exists("Qualification Type", INVOICING_DETAILS_TYPE):
		frappe.get_doc(
			{
				"doctype": "Qualification Type",
				"qualification_type_name": INVOICING_DETAILS_TYPE,
				"warn_days": 30,
				"description": "名称、纳税人识别号、地址电话、开户行及账号",
			}
		).insert(ignore_permissions=True)
	frappe.db.set_single_value(SETTINGS, "invoicing_details_type", INVOICING_DETAILS_TYPE)


def validate_settings(settings) -> None:
	"""Neiqin Settings validate: only a System Manager changes the switches (server code and
	`ignore_permissions` included: the fields' permission level alone would not stop it)."""
	before = settings.get_doc_before_save()
	if not before or SWITCH_WRITER_ROLE in frappe.get_roles():
		return
	changed = [field for field in SWITCHES if (settings.get(field) or "") != (before.get(field) or "")]
	groups = sorted(row.customer_group for row in settings.get("receipt_customer_groups") or [])
	if groups != sorted(row.customer_group for row in before.get("receipt_customer_groups") or []):
		changed.append("receipt_customer_groups")
	if changed:
		frappe.throw(
			_("Only a {0} may change {1}.").format(
				bold(_(SWITCH_WRITER_ROLE)),
				", ".join(bold(_(settings.meta.get_label(field))) for field in changed),
			),
			DocumentsBackSwitchError,
		)


def on_settings_update(settings) -> None:
	"""Neiqin Settings on_update: awaited receipts follow a changed Receipt Return Days."""
	from neiqin.documents_back.receipts import refresh_due_dates

	refresh_due_dates()
