"""Promotion approvals on selling documents: which approval covers a line, and what each
approval has consumed.

- `fill_approvals(doc)`: on save, a below-list line without an approval gets the one active
  approval that covers it (none or several: left to the clerk).
- `uncovered_lines(doc)`: the below-list lines whose approval does not cover them, and why
  (used by the reviewer's check `price_not_below_list` and by 严禁出库 on delivery).
- `recompute(names)`: consumption (deliveries, invoices without delivery, returns) and
  reservation (open order lines) rebuilt from the submitted lines, written to the approval.

Customer group, territory and item group are read from the masters, never from the
document, so editing the document cannot bring a line under an approval.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import frappe
from frappe import _
from frappe.query_builder.functions import Coalesce
from frappe.utils import flt, fmt_money, format_date, getdate, nowdate
from frappe.utils.nestedset import get_ancestors_of
from pypika.terms import ValueWrapper

from neiqin.escaping import bold, text
from neiqin.sales_compliance import price_floor
from neiqin.sales_compliance import promotion_rules as rules
from neiqin.sales_compliance.qualifications import goods_leave_days

APPROVAL = "Promotion Approval"
APPROVAL_ITEM = "Promotion Approval Item"
CONSUMING = ("Delivery Note", "Sales Invoice", "POS Invoice")
RESERVING = "Sales Order"
INACTIVE_ORDER_STATUSES = ("Closed", "Completed")


# ----------------------------------------------------------------------------- lineage


def party_lineage(customer: str | None) -> list[rules.Scope]:
	if not customer:
		return []
	group, territory = frappe.get_cached_value("Customer", customer, ["customer_group", "territory"])
	scopes: list[rules.Scope] = [("customer", customer)]
	if group:
		scopes += [("customer_group", g) for g in (group, *get_ancestors_of("Customer Group", group))]
	if territory:
		scopes += [("territory", t) for t in (territory, *get_ancestors_of("Territory", territory))]
	return scopes


def item_lineage(item_code: str) -> list[rules.Scope]:
	group = frappe.get_cached_value("Item", item_code, "item_group")
	scopes: list[rules.Scope] = [("item", item_code)]
	if group:
		scopes += [("item_group", g) for g in (group, *get_ancestors_of("Item Group", group))]
	return scopes


def group_lineage(doctype: str, name: str, kind: str) -> list[rules.Scope]:
	return [(kind, g) for g in (name, *get_ancestors_of(doctype, name))]


# ----------------------------------------------------------------------------- approvals


def party_scope(row) -> rules.Scope | None:
	for field in ("customer", "customer_group", "territory"):
		if row.get(field):
			return (field, row.get(field))
	return None


def load(
	names, exclude: tuple[str, str] | None = None, for_update: bool = False
) -> dict[str, rules.Approval]:
	"""Approvals by name, with what documents other than `exclude` (doctype, name) consumed.
	`for_update`: lock the approvals first (`lock`) and read consumption as last committed."""
	names = [n for n in dict.fromkeys(names) if n]
	if not names:
		return {}
	if for_update:
		lock(names)
	heads = frappe.get_all(
		APPROVAL,
		filters={"name": ("in", names)},
		fields=[
			"name",
			"docstatus",
			"valid_from",
			"valid_to",
			"customer",
			"customer_group",
			"territory",
			"budget_amount",
			"allow_stacking",
			"company",
		],
	)
	lines = frappe.get_all(
		APPROVAL_ITEM,
		filters={"parent": ("in", names), "parenttype": APPROVAL},
		fields=["name", "parent", "item_code", "item_group", "promo_rate", "discount_percentage", "max_qty"],
		order_by="idx",
	)
	used = consumed(names, exclude, for_update=for_update)
	result = {}
	for head in heads:
		own = [line for line in lines if line.parent == head.name]
		result[head.name] = rules.Approval(
			name=head.name,
			docstatus=head.docstatus,
			valid_from=getdate(head.valid_from),
			valid_to=getdate(head.valid_to),
			party=party_scope(head),
			budget_amount=flt(head.budget_amount),
			consumed_amount=sum(used.get(line.name, (0, 0))[1] for line in own),
			allow_stacking=bool(head.allow_stacking),
			company=head.company,
			lines=tuple(
				rules.ApprovalLine(
					name=line.name,
					item_code=line.item_code,
					item_group=line.item_group,
					promo_rate=flt(line.promo_rate),
					discount_percentage=flt(line.discount_percentage),
					max_qty=flt(line.max_qty),
					consumed_qty=used.get(line.name, (0, 0))[0],
				)
				for line in own
			),
		)
	return result


def lock(names: list[str]) -> None:
	"""A locking read of the approval rows, held until the transaction ends: a second submit
	using one of them waits here until the first is committed or rolled back, then reads what
	it consumed."""
	approval = frappe.qb.DocType(APPROVAL)
	frappe.qb.from_(approval).select(approval.name).where(
		approval.name.isin(sorted(names))
	).for_update().run()


def candidates(company: str, day: date) -> dict[str, rules.Approval]:
	names = frappe.get_all(
		APPROVAL,
		filters={
			"company": company,
			"docstatus": 1,
			"status": ("!=", rules.EXHAUSTED),
			"valid_from": ("<=", day),
			"valid_to": (">=", day),
		},
		pluck="name",
	)
	return load(names)


# ----------------------------------------------------------------------------- document lines


def consumes_itself(doc, row) -> bool:
	"""False for lines whose goods another document counts (invoice from a delivery, delivery
	from an invoice); Sales Orders consume nothing."""
	if doc.doctype == "Sales Invoice":
		return bool(doc.get("update_stock")) or not row.get("dn_detail")
	if doc.doctype == "Delivery Note":
		return not row.get("si_detail")
	return True


def below_list_lines(doc) -> list[tuple[object, rules.Line]]:
	"""(row, pure line) for the document's lines priced below their floor (the reference price,
	`price_floor`), and for lines whose item has none unless the setting allows them."""
	if not doc.get("items") or not doc.meta.has_field("selling_price_list"):
		return []
	conversion = flt(doc.get("conversion_rate")) or 1
	found = []
	for row, low in price_floor.below_floor(doc):
		counts = consumes_itself(doc, row)
		qty = flt(row.get("stock_qty")) or flt(row.qty) * (flt(row.get("conversion_factor")) or 1)
		found.append(
			(
				row,
				rules.Line(
					idx=row.idx,
					item_code=row.item_code,
					rate=low.rate,
					list_rate=low.list_rate,
					qty=qty if counts else 0.0,
					given_away=rules.given_away(low.list_rate, low.rate, flt(row.qty)) * conversion
					if counts
					else 0.0,
					approval=row.get("promotion_approval") or None,
					unpriced=low.unpriced,
				),
			)
		)
	return found


def record_reference_rates(doc, lines: list[tuple[object, rules.Line]]) -> None:
	"""Each line keeps the floor it was submitted under (0 at or above it): what it gives away of
	its approval is counted from it, whatever price list rate the line shows."""
	floors = {row.idx: line.list_rate for row, line in lines}
	for row in doc.get("items") or []:
		if row.meta.has_field("reference_rate"):
			row.reference_rate = floors.get(row.idx, 0.0)


def fill_approvals(doc) -> None:
	if doc.get("is_return") or doc.docstatus != 0 or not doc.get("customer"):
		return
	lines = [(row, line) for row, line in below_list_lines(doc) if not line.approval]
	if not lines:
		return
	days = goods_leave_days(doc)
	approvals = candidates(doc.company, days[0]).values()
	party = party_lineage(doc.customer)
	for row, line in lines:
		items = item_lineage(line.item_code)
		covering = [a.name for a in approvals if rules.applies(a, days, party, items)]
		if len(covering) == 1:
			row.promotion_approval = covering[0]


def uncovered_lines(
	doc, lines: list | None = None, for_update: bool = False
) -> list[tuple[object, rules.Line, rules.Reason]]:
	"""(row, line, why) for the below-floor lines no approval covers. `for_update`: the approvals are read
	with a locking read (and what other documents consumed of them, as last committed), so that
	two submits using one approval cannot both take its last budget."""
	lines = below_list_lines(doc) if lines is None else lines
	if not lines:
		return []
	# an approval of another company covers nothing here
	approvals = {
		name: approval
		for name, approval in load(
			[line.approval for _row, line in lines], exclude=(doc.doctype, doc.name), for_update=for_update
		).items()
		if approval.company == doc.company
	}
	precision = doc.items[0].precision("rate") or 2
	problems = rules.uncovered(
		[line for _row, line in lines],
		approvals,
		goods_leave_days(doc),
		party_lineage(doc.get("customer")),
		{line.item_code: item_lineage(line.item_code) for _row, line in lines},
		precision,
	)
	rows = {line.idx: row for row, line in lines}
	return [(rows[line.idx], line, reason) for line, reason in problems]


def describe(doc, row, line: rules.Line, reason: rules.Reason) -> str:
	"""Translated: which line, its reference price, and why no approval covers it."""
	company_currency = frappe.get_cached_value("Company", doc.company, "default_currency")
	price_list = price_floor.reference_price_list(doc.company)
	if line.unpriced:
		head = _("Row {0}: {1} at {2} has no price in the reference price list {3}").format(
			row.idx,
			text(row.item_code),
			fmt_money(line.rate, currency=doc.currency),
			bold(price_list or _("(none set for {0})").format(doc.company)),
		)
	else:
		head = _("Row {0}: {1} at {2} is below its reference price {3} ({4})").format(
			row.idx,
			text(row.item_code),
			fmt_money(line.rate, currency=doc.currency),
			bold(fmt_money(line.list_rate, currency=doc.currency)),
			text(price_list),
		)
	approval = bold(row.get("promotion_approval") or "")
	kind, value = reason.kind, reason.value
	if kind in ("no_approval", "unpriced") and not row.get("promotion_approval"):
		why = _("and no promotion approval covers it.")
	elif kind == "unpriced":
		why = _("and promotion approval {0} names no rate for it.").format(approval)
	elif kind == "not_submitted":
		why = _("and promotion approval {0} is not submitted.").format(approval)
	elif kind == "not_yet_valid":
		why = _("and promotion approval {0} is only valid from {1}.").format(approval, format_date(value))
	elif kind == "expired":
		why = _("and promotion approval {0} expired on {1}.").format(approval, format_date(value))
	elif kind == "other_party":
		why = _("and promotion approval {0} does not apply to customer {1}.").format(
			approval, bold(doc.get("customer_name") or doc.customer)
		)
	elif kind == "other_item":
		why = _("and promotion approval {0} does not cover this item.").format(approval)
	elif kind == "rate_below":
		why = _("and is also below the rate {1} approved by {0}.").format(
			approval, fmt_money(value, currency=doc.currency)
		)
	elif kind == "budget":
		why = _("and would exceed the budget of promotion approval {0}: only {1} remain.").format(
			approval, fmt_money(value, currency=company_currency)
		)
	else:
		why = _("and would exceed the quantity approved by {0}: only {1} remain.").format(
			approval, bold(frappe.format(value, "Float"))
		)
	return f"{head} {why}"


# ----------------------------------------------------------------------------- consumption


def approvals_named(doc) -> list[str]:
	return list(
		dict.fromkeys(
			row.get("promotion_approval") for row in doc.get("items") or [] if row.get("promotion_approval")
		)
	)


def used_lines(
	names: list[str], exclude: tuple[str, str] | None = None, for_update: bool = False
) -> list[tuple[str, str, rules.UsedLine]]:
	"""(approval, item_code, line) for the submitted delivery, invoice and POS invoice lines naming
	an approval. What a line gave away is counted from the reference price it was submitted under
	(`reference_rate`; the price list rate on lines from before it was kept). `for_update`: a
	locking read, which sees what other transactions last committed."""
	found = []
	for doctype in CONSUMING:
		item, parent = frappe.qb.DocType(f"{doctype} Item"), frappe.qb.DocType(doctype)
		query = (
			frappe.qb.from_(item)
			.join(parent)
			.on(parent.name == item.parent)
			.select(
				item.promotion_approval,
				item.item_code,
				item.stock_qty,
				item.qty,
				item.reference_rate,
				item.rate,
				item.net_rate,
				parent.conversion_rate,
				item.base_price_list_rate,
				item.base_rate,
				item.parent,
				item.so_detail.as_("order_line"),
				(item.si_detail if doctype == "Delivery Note" else item.dn_detail).as_("other_line"),
				(parent.update_stock if doctype == "Sales Invoice" else ValueWrapper(0)).as_("update_stock"),
			)
			.where(
				(parent.docstatus == 1) & item.promotion_approval.isin(names) & (item.parenttype == doctype)
			)
		)
		if doctype == "Sales Invoice":
			# a consolidated POS invoice: its POS invoices counted these goods
			query = query.where(Coalesce(item.pos_invoice_item, "") == "")
		if exclude and exclude[0] == doctype:
			query = query.where(parent.name != exclude[1])
		if for_update:
			query = query.for_update()
		for row in query.run(as_dict=True):
			found.append(
				(
					row.promotion_approval,
					row.item_code,
					rules.UsedLine(
						source="Sales Invoice" if doctype == "POS Invoice" else doctype,
						approval_line="",
						qty=flt(row.stock_qty),
						amount=given_away(row),
						order_line=row.order_line or None,
						delivery_line=row.other_line if doctype == "Sales Invoice" else None,
						invoice_line=row.other_line if doctype == "Delivery Note" else None,
						update_stock=bool(row.update_stock) or doctype == "POS Invoice",
						document=row.parent,
					),
				)
			)
	return found


def given_away(row) -> float:
	"""Company currency: (reference price - what the line charged) x qty of a submitted line."""
	if flt(row.reference_rate):
		charged = min(flt(row.rate), flt(row.net_rate)) if row.net_rate is not None else flt(row.rate)
		return rules.given_away(row.reference_rate, charged, row.qty) * (flt(row.conversion_rate) or 1)
	return rules.given_away(row.base_price_list_rate, row.base_rate, row.qty)


def approval_lines(names: list[str]) -> dict[str, rules.Approval]:
	lines = frappe.get_all(
		APPROVAL_ITEM,
		filters={"parent": ("in", names), "parenttype": APPROVAL},
		fields=["name", "parent", "item_code", "item_group"],
		order_by="idx",
	)
	return {
		name: rules.Approval(
			name=name,
			lines=tuple(
				rules.ApprovalLine(l.name, l.item_code, l.item_group) for l in lines if l.parent == name
			),
		)
		for name in names
	}


def consumed(
	names: list[str], exclude: tuple[str, str] | None = None, for_update: bool = False
) -> dict[str, tuple[float, float]]:
	"""{approval line: (qty, amount)} consumed by submitted documents (other than `exclude`)."""
	return rules.consumption(attributed_lines(names, exclude, for_update)) if names else {}


def attributed_lines(
	names: list[str], exclude: tuple[str, str] | None = None, for_update: bool = False
) -> list[rules.UsedLine]:
	"""The submitted lines naming these approvals, each attributed to its approval line."""
	approvals = approval_lines(names)
	lines = []
	for approval, item_code, line in used_lines(names, exclude, for_update):
		match = (
			rules.matching_line(approvals[approval], item_lineage(item_code))
			if approval in approvals
			else None
		)
		if match:
			lines.append(replace(line, approval_line=match.name))
	return lines


def reserves(order_status: str | None) -> bool:
	"""Whether a submitted order in this status still reserves its approvals' budget."""
	return order_status not in INACTIVE_ORDER_STATUSES


def reserved(names: list[str]) -> dict[str, float]:
	"""{approval: amount} the open lines of submitted Sales Orders would still consume."""
	item, order = frappe.qb.DocType("Sales Order Item"), frappe.qb.DocType("Sales Order")
	rows = (
		frappe.qb.from_(item)
		.join(order)
		.on(order.name == item.parent)
		.select(
			item.promotion_approval,
			item.reference_rate,
			item.rate,
			item.net_rate,
			order.conversion_rate,
			item.base_price_list_rate,
			item.base_rate,
			item.qty,
			Coalesce(item.delivered_qty, 0).as_("delivered_qty"),
		)
		.where((order.docstatus == 1) & item.promotion_approval.isin(names))
		.where(order.status.notin(INACTIVE_ORDER_STATUSES))
	).run(as_dict=True)
	result: dict[str, float] = {}
	for row in rows:
		pending = max(flt(row.qty) - flt(row.delivered_qty), 0)
		result[row.promotion_approval] = result.get(row.promotion_approval, 0.0) + given_away(
			frappe._dict(row, qty=pending)
		)
	return result


def recompute(names: list[str]) -> None:
	"""Rebuild consumption, reservation, remaining budget and status of these approvals, under a
	lock on them and from the submitted lines as last committed (a submit waiting for another's
	lock writes what both consumed, never its own stale view)."""
	names = [n for n in dict.fromkeys(names) if n and frappe.db.exists(APPROVAL, n)]
	if not names:
		return
	lock(names)
	used = consumed(names, for_update=True)
	held = reserved(names)
	for name in names:
		doc = frappe.get_doc(APPROVAL, name)
		doc.set_consumption(used, held.get(name, 0.0))
		doc.db_update_consumption()


def refresh_statuses(today: date | str | None = None) -> None:
	"""Daily: approvals whose end date has passed become Expired (and Exhausted ones stay so)."""
	today = getdate(today or nowdate())
	for name in frappe.get_all(
		APPROVAL, filters={"docstatus": 1, "status": "Active", "valid_to": ("<", today)}, pluck="name"
	):
		frappe.db.set_value(APPROVAL, name, "status", rules.EXPIRED, update_modified=False)
