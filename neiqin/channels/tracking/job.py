"""Scheduled courier tracking (对所发货物、样品、资料等注意定时查件).

Every few hours, the dispatched and unconfirmed Sales Material Logs whose courier has a
tracking provider are queried (at most `tracking_batch_size` per run, the least recently
checked first). The latest state and events are kept in a `Shipment Tracking` row per log;
a log the carrier reports signed for (签收) is marked Delivered through the log's own
action; provider errors are counted on the row and the log is tried again next run. A log
not yet signed for stays in overdue tracking (`neiqin.sales_materials.tasks`).
"""

from __future__ import annotations

import frappe
from frappe.query_builder.functions import Coalesce
from frappe.utils import getdate, now_datetime, nowdate

from neiqin.channels.tracking import ProviderError, TrackingResult
from neiqin.channels.tracking.providers import get_provider, registry
from neiqin.channels.tracking.settings import batch_size
from neiqin.sales_materials import rules

LOG = "Sales Material Log"
TRACKING = "Shipment Tracking"


def poll_tracking(limit: int | None = None) -> dict[str, str]:
	"""Scheduler entry point. Returns {log: outcome} ("delivered", "in transit", "error")."""
	outcomes = {}
	providers: dict = {}
	for log in logs_to_track(limit or batch_size()):
		outcomes[log.name] = track(log, providers)
	return outcomes


def logs_to_track(limit: int) -> list[frappe._dict]:
	sml = frappe.qb.DocType(LOG)
	cts = frappe.qb.DocType("Courier Tracking Settings")
	st = frappe.qb.DocType(TRACKING)
	return (
		frappe.qb.from_(sml)
		.inner_join(cts)
		.on(cts.courier == sml.courier)
		.left_join(st)
		.on(st.sales_material_log == sml.name)
		.select(
			sml.name,
			sml.courier,
			sml.tracking_number,
			sml.dispatch_date,
			sml.contact,
			cts.provider,
			cts.carrier_code,
			st.name.as_("tracking"),
		)
		.where(sml.docstatus == 1)
		.where(sml.status == rules.DISPATCHED)
		.where(Coalesce(sml.tracking_number, "") != "")
		.where(Coalesce(cts.provider, "") != "")
		.orderby(Coalesce(st.last_checked, "2000-01-01"))
		.orderby(sml.dispatch_date)
		.limit(limit)
		.run(as_dict=True)
	)


def track(log, providers: dict) -> str:
	row = tracking_row(log)
	try:
		if log.provider not in registry():
			raise ProviderError(f"unknown provider {log.provider}")
		provider = providers.get(log.provider) or providers.setdefault(
			log.provider, get_provider(log.provider)
		)
		result = provider.query(log.tracking_number, log.carrier_code, recipient_phone(log.contact))
	except ProviderError as e:
		record_error(row, str(e))
		return "error"
	record_result(row, result)
	if not result.signed:
		return "in transit"
	try:
		mark_delivered(log, result)
	except frappe.ValidationError as e:
		record_error(row, frappe.utils.strip_html(str(e)))
		return "error"
	return "delivered"


def recipient_phone(contact: str | None) -> str | None:
	"""The recipient's phone: some carriers (SF Express) answer only with it."""
	if not contact:
		return None
	values = frappe.db.get_value("Contact", contact, ["mobile_no", "phone"], as_dict=True) or {}
	return values.get("mobile_no") or values.get("phone") or None


def tracking_row(log):
	if log.tracking:
		return frappe.get_doc(TRACKING, log.tracking)
	return frappe.get_doc(
		{
			"doctype": TRACKING,
			"sales_material_log": log.name,
			"courier": log.courier,
			"tracking_number": log.tracking_number,
			"provider": log.provider,
		}
	)


def record_result(row, result: TrackingResult) -> None:
	row.update(
		{
			"state": result.state,
			"state_label": result.state_label,
			"signed": int(result.signed),
			"last_checked": now_datetime(),
			"error_count": 0,
			"last_error": None,
		}
	)
	row.set(
		"events",
		[{"event_time": e.time, "context": e.context, "location": e.location} for e in result.events[:100]],
	)
	row.save(ignore_permissions=True)


def record_error(row, error: str) -> None:
	row.update(
		{
			"last_checked": now_datetime(),
			"error_count": (row.error_count or 0) + 1,
			"last_error": error[:1000],
		}
	)
	row.save(ignore_permissions=True)


def mark_delivered(log, result: TrackingResult) -> None:
	"""Through the log's own action (status rules checked there), as the scheduler's user."""
	from neiqin.sales_materials.api import mark_delivered as record_delivery

	signed_on = getdate(result.signed_on) if result.signed_on else getdate(nowdate())
	dispatched = getdate(log.dispatch_date) if log.dispatch_date else signed_on
	today = getdate(nowdate())
	record_delivery(log.name, min(max(signed_on, dispatched), today))
