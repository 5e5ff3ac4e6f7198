"""Daily tracking of dispatched materials (对所发货物、样品、资料等注意定时查件)."""

import frappe
from frappe import _
from frappe.desk.doctype.notification_log.notification_log import make_notification_logs
from frappe.utils import cint, getdate, nowdate
from frappe.utils.user import get_users_with_role

from neiqin.escaping import text
from neiqin.sales_materials import rules

DOCTYPE = "Sales Material Log"
NOTIFIED_ROLE = "Sales Admin"


def mark_overdue_logs() -> list[str]:
	"""Logs dispatched more than `material_overdue_days` ago and not confirmed are marked
	overdue; their requester and the Sales Admin users are told once (the flag stays set
	until the log is confirmed, returned or lost)."""
	days = cint(frappe.db.get_single_value("Neiqin Settings", "material_overdue_days"))
	cutoff = rules.overdue_cutoff(getdate(nowdate()), days)
	logs = frappe.get_all(
		DOCTYPE,
		filters={
			"docstatus": 1,
			"status": ("in", sorted(rules.OPEN_STATUSES)),
			"is_overdue": 0,
			"dispatch_date": ("<", cutoff),
		},
		fields=["name", "kind", "requested_by", "party_name", "dispatch_date", "courier", "tracking_number"],
		order_by="dispatch_date asc",
	)
	if not logs:
		return []
	admins = get_users_with_role(NOTIFIED_ROLE)
	for log in logs:
		# modified moves on, so a form opened before cannot save the flag away
		frappe.db.set_value(DOCTYPE, log.name, "is_overdue", 1)
		notify(log, days, sorted({log.requested_by, *admins} - {None, "Guest"}))
	return [log.name for log in logs]


def notify(log, days: int, users: list[str]) -> None:
	make_notification_logs(
		frappe._dict(
			type="Alert",
			document_type=DOCTYPE,
			document_name=log.name,
			from_user="Administrator",
			subject=_("{0} {1} to {2} was dispatched on {3} and is not confirmed after {4} days.").format(
				_(log.kind), log.name, text(log.party_name), log.dispatch_date, days
			),
			email_content=_("Courier {0}, tracking number {1}: check the shipment with the courier.").format(
				text(log.courier or "-"), text(log.tracking_number or "-")
			),
		),
		users,
	)
	frappe.get_attr("neiqin.channels.publish.publish")(
		"Material Overdue", ("Sales Material Log", log.name), days=days, next_users=users
	)
