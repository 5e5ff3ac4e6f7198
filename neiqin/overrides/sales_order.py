"""Sales Order: every neiqin step, in the order it runs.

`on_change` runs after every save, submit, cancel and update-after-submit of the order
("Update Items" saves it, then sets its status) and after every `db_set` — which is how
ERPNext closes, reopens, holds and re-statuses an order. The table is recomputed when the
order itself is being saved or its status differs from the table's; status updates caused
by a delivery or an invoice are left to that document's own event.
"""

import frappe
from frappe import _

from neiqin import in_words
from neiqin.contract_fulfilment.live import is_pending, refresh
from neiqin.contract_fulfilment.recompute import DOCTYPE, delete_table
from neiqin.dual_review import gate as review_gate
from neiqin.overrides import steps
from neiqin.sales_compliance import events as compliance


def refresh_contract_fulfilment(doc, method=None):
	"""The order's table follows the order (see above)."""
	if doc.docstatus == 0:
		return
	if is_pending(doc.name):
		return
	saving = (doc.doctype, doc.name) in frappe.flags.currently_saving
	if saving or frappe.db.get_value(DOCTYPE, doc.name, "order_status") != doc.status:
		refresh([doc.name])


def delete_contract_fulfilment(doc, method=None):
	"""A deleted (draft or cancelled) order takes its table with it."""
	delete_table(doc.name)


STEPS = {
	"onload": [in_words.show_in_words],  # 人民币大写 for a Chinese reader
	"validate": [compliance.fill_promotion_approvals],
	"on_update": [review_gate.on_update],
	"before_submit": [
		review_gate.before_submit,
		compliance.check_qualifications,
		compliance.hold_price_floor,  # records each line's floor (an order moves no goods)
	],
	"on_submit": [
		review_gate.on_submit,
		# the blocks again only when frappe skipped before_submit (flags.ignore_validate)
		compliance.check_qualifications,
		compliance.hold_price_floor,
		compliance.recompute_promotions,
	],
	# (Update Items: each line saved on its own meets the Block requirements, see sales_order_item.py)
	"before_update_after_submit": [review_gate.after_submit_change],
	"on_update_after_submit": [review_gate.after_submit_change],
	"on_cancel": [compliance.recompute_promotions],
	"on_change": [refresh_contract_fulfilment, compliance.on_order_status_change],
	"before_print": [in_words.show_in_words],
	"on_trash": [review_gate.on_trash, delete_contract_fulfilment],
}


def run(doc, method=None, *args):
	"""doc_events of every event above (frappe passes the event as `method`)."""
	steps.run(STEPS, doc, method)


def add_fulfilment_to_dashboard(data):
	"""override_doctype_dashboards: the order's Connections open its Contract Fulfilment."""
	data = frappe._dict(data)
	for group in data.get("transactions", []):
		if "Delivery Note" in group.get("items", []):
			group["items"] = ["Contract Fulfilment", *group["items"]]
			return data
	data.setdefault("transactions", []).append(
		{"label": _("Contract Fulfilment"), "items": ["Contract Fulfilment"]}
	)
	return data
