"""Public API of contract fulfilment."""

import frappe
from frappe import _

from neiqin.contract_fulfilment.live import flush
from neiqin.contract_fulfilment.rebuild import REBUILD_JOB
from neiqin.contract_fulfilment.recompute import DOCTYPE, ITEM_FIELDS, compute, item_value, recompute
from neiqin.escaping import bold

HEADER_FIELDS = (
	"sales_order",
	"customer",
	"customer_name",
	"customer_group",
	"territory",
	"sales_person",
	"contact_email",
	"company",
	"currency",
	"conversion_rate",
	"transaction_date",
	"delivery_date",
	"contract",
	"contract_signed_date",
	"order_status",
	"fulfilment_status",
	"is_overdue",
	"overdue_lines",
	"on_time_lines",
	"ordered_qty",
	"delivered_qty",
	"ordered_amount",
	"delivered_amount",
	"invoiced_amount",
	"paid_amount",
	"outstanding_amount",
	"base_ordered_amount",
	"base_delivered_amount",
	"base_invoiced_amount",
	"base_paid_amount",
	"base_outstanding_amount",
	"per_delivered",
	"per_billed",
	"per_paid",
	"last_recomputed",
)


class NoFulfilmentError(frappe.ValidationError):
	pass


@frappe.whitelist()
def get_fulfilment(sales_order: str) -> dict:
	"""The fulfilment table of a Sales Order: header values and one dict per order line.

	Needs read permission on the Sales Order and on its Contract Fulfilment (as in the desk:
	a role that reads orders but not fulfilment tables, e.g. Stock User, is refused). An order
	submitted before neiqin was installed whose table the backfill has not built yet is
	computed on the fly (nothing is written)."""
	if not frappe.db.exists("Sales Order", sales_order):
		frappe.throw(_("Sales Order {0} does not exist.").format(bold(sales_order)), frappe.DoesNotExistError)
	frappe.has_permission("Sales Order", "read", sales_order, throw=True)
	flush()
	table_exists = frappe.db.exists(DOCTYPE, sales_order)
	frappe.has_permission(DOCTYPE, "read", sales_order if table_exists else None, throw=True)
	if table_exists:
		values = frappe.get_doc(DOCTYPE, sales_order)
	else:
		computed = compute(sales_order)
		if computed is None:
			frappe.throw(
				_("Sales Order {0} is not submitted, so it has no fulfilment table yet.").format(
					bold(sales_order)
				),
				NoFulfilmentError,
			)
		values = frappe._dict(computed["doc"])
	return {
		**{field: values.get(field) for field in HEADER_FIELDS},
		"items": [
			{field: item_value(row, field) for field in ITEM_FIELDS} for row in values.get("items") or []
		],
	}


@frappe.whitelist(methods=["POST"])
def rebuild(sales_order: str | None = None) -> dict:
	"""System Manager: rebuild one order's table now, or enqueue a rebuild of all tables."""
	if "System Manager" not in frappe.get_roles():
		frappe.throw(
			_("Only a System Manager can rebuild Contract Fulfilment tables."),
			frappe.PermissionError,
			title=_("Not Permitted"),
		)
	if sales_order:
		if not frappe.db.exists("Sales Order", sales_order):
			frappe.throw(
				_("Sales Order {0} does not exist.").format(bold(sales_order)),
				frappe.DoesNotExistError,
			)
		recompute(sales_order)
		return {"sales_order": sales_order, "rebuilt": bool(frappe.db.exists(DOCTYPE, sales_order))}
	frappe.enqueue(
		"neiqin.contract_fulfilment.rebuild.rebuild_all_tables",
		queue="long",
		job_id=REBUILD_JOB,
		deduplicate=True,
		enqueue_after_commit=True,
	)
	return {"queued": True, "job_id": REBUILD_JOB}
