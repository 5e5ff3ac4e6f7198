"""The customer master is not a way out: the fields that requirements and approvals read from
the Customer (its customer group and territory) are changed only by a Sales Manager (or a
System Manager). A Sales User who may edit the Customer otherwise could move it out of a
regulated group, deliver, and move it back.

Every change is also kept in the Customer's Version history (ERPNext tracks its changes)."""

from __future__ import annotations

import frappe
from frappe import _

from neiqin.escaping import bold
from neiqin.sales_compliance.exceptions import CustomerMasterGuardError

GUARDED_FIELDS = ("customer_group", "territory")
MAY_CHANGE = ("Sales Manager", "System Manager")


def guard_customer_master(doc, method=None) -> None:
	"""validate (and on_update when frappe skipped validate: `flags.ignore_validate`)."""
	if method == "on_update" and not doc.flags.ignore_validate:
		return
	before = doc.get_doc_before_save()
	if before is None or doc.is_new():
		return
	changed = [f for f in GUARDED_FIELDS if (doc.get(f) or "") != (before.get(f) or "")]
	if not changed or set(MAY_CHANGE) & set(frappe.get_roles()):
		return
	frappe.throw(
		_(
			"Only a {0} may change the {1} of customer {2}: qualification requirements and promotion approvals follow it."
		).format(
			bold(_("Sales Manager")),
			", ".join(bold(_(doc.meta.get_label(f))) for f in changed),
			bold(doc.customer_name or doc.name),
		),
		CustomerMasterGuardError,
		title=_("Customer"),
	)
