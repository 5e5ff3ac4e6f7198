"""促销活动批复: an approved promotion with validity, parties, item floors and a money budget."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.query_builder.functions import Sum
from frappe.utils import flt, fmt_money, format_date, getdate, nowdate

from neiqin.escaping import bold
from neiqin.sales_compliance import promotion_rules as rules
from neiqin.sales_compliance import promotions
from neiqin.sales_compliance.exceptions import (
	PromotionBudgetError,
	PromotionOverlapError,
	PromotionRateError,
	PromotionWriteOffError,
	QualificationDateError,
	WriteOffBoundError,
)

PARTY_FIELDS = ("customer", "customer_group", "territory")


class PromotionApproval(Document):
	def _set_defaults(self):
		"""The party is exactly what the user chose: the site's and the user's defaults (All
		Customer Groups, All Territories from the setup wizard, a default Territory of a User
		Permission) never fill it (frappe fills empty fields with them on insert)."""
		chosen = {field: self.get(field) for field in PARTY_FIELDS}
		super()._set_defaults()
		self.update(chosen)

	def validate(self):
		self.validate_dates()
		self.validate_party()
		self.validate_lines()
		self.validate_budget()
		self.validate_overlap()
		self.refresh_consumption()
		self.validate_write_offs()

	def on_submit(self):
		self.refresh_consumption()
		self.db_update_consumption()

	def on_cancel(self):
		self.db_set("status", rules.CANCELLED)

	def before_update_after_submit(self):
		self.refresh_consumption()
		self.validate_write_offs()

	# --------------------------------------------------------------------- validation

	def validate_dates(self):
		if self.valid_from and self.valid_to and getdate(self.valid_to) < getdate(self.valid_from):
			frappe.throw(
				_("Valid To {0} is before Valid From {1}.").format(
					bold(format_date(self.valid_to)), bold(format_date(self.valid_from))
				),
				exc=QualificationDateError,
			)

	def validate_party(self):
		chosen = [field for field in PARTY_FIELDS if self.get(field)]
		if len(chosen) > 1:
			frappe.throw(
				_("Choose a customer, a customer group or a territory, not {0}.").format(
					bold(", ".join(_(self.meta.get_label(f)) for f in chosen))
				),
				exc=PromotionRateError,
			)

	def validate_lines(self):
		for row in self.items:
			if bool(row.item_code) == bool(row.item_group):
				frappe.throw(
					_("Row {0}: choose either an item or an item group.").format(row.idx),
					exc=PromotionRateError,
				)
			if row.discount_percentage and not 0 < flt(row.discount_percentage) <= 100:
				frappe.throw(
					_("Row {0}: the discount must lie between 0 and 100%, not {1}.").format(
						row.idx, bold(flt(row.discount_percentage))
					),
					exc=PromotionRateError,
				)
			if flt(row.promo_rate) < 0 or not (flt(row.promo_rate) or flt(row.discount_percentage)):
				frappe.throw(
					_(
						"Row {0}: the promo rate must be greater than zero, not {1} (or approve a discount)."
					).format(row.idx, bold(fmt_money(row.promo_rate, currency=self.currency()))),
					exc=PromotionRateError,
				)
			if flt(row.max_qty) < 0:
				frappe.throw(
					_("Row {0}: the maximum quantity cannot be negative.").format(row.idx),
					exc=PromotionRateError,
				)

	def validate_budget(self):
		if flt(self.budget_amount) <= 0:
			frappe.throw(
				_("The budget must be greater than zero, not {0}.").format(
					bold(fmt_money(self.budget_amount, currency=self.currency()))
				),
				exc=PromotionBudgetError,
			)

	def validate_write_offs(self):
		"""核销: each line positive and citing a submitted Journal Entry or Purchase Invoice of the
		approval's company; the cited document written off across all approvals at most up to its
		own amount; and the approval's write-offs in total at most what it consumed."""
		for row in self.write_offs:
			if flt(row.amount) <= 0:
				frappe.throw(
					_("Write-off row {0}: the amount must be greater than zero.").format(row.idx),
					exc=PromotionWriteOffError,
				)
			if row.reference_doctype and row.reference_name:
				self.validate_cited_document(row)
		self.validate_cited_totals()
		written_off = sum(flt(row.amount) for row in self.write_offs)
		if round(written_off - flt(self.consumed_amount), 2) > 0:
			frappe.throw(
				_("The write-offs ({0}) exceed what promotion approval {1} consumed ({2}).").format(
					bold(fmt_money(written_off, currency=self.currency())),
					bold(self.name),
					bold(fmt_money(self.consumed_amount, currency=self.currency())),
				),
				exc=WriteOffBoundError,
			)

	def validate_cited_document(self, row):
		company, docstatus = frappe.db.get_value(
			row.reference_doctype, row.reference_name, ["company", "docstatus"]
		) or (None, None)
		if company != self.company or docstatus != 1:
			frappe.throw(
				_("Write-off row {0}: {1} {2} is not a submitted document of {3}.").format(
					row.idx,
					_(row.reference_doctype),
					bold(row.reference_name),
					bold(self.company),
				),
				exc=PromotionWriteOffError,
			)

	def validate_cited_totals(self):
		"""A cost document pays for write-offs up to its own amount, across every approval (its
		row is locked while this is judged, so two approvals cannot both take its last part)."""
		cited: dict[tuple[str, str], float] = {}
		for row in self.write_offs:
			if row.reference_doctype and row.reference_name:
				key = (row.reference_doctype, row.reference_name)
				cited[key] = cited.get(key, 0.0) + flt(row.amount)
		for (doctype, name), amount in cited.items():
			total = cost_document_amount(doctype, name)
			elsewhere = written_off_elsewhere(doctype, name, self.name)
			if round(amount + elsewhere - total, 2) > 0:
				frappe.throw(
					_(
						"{0} {1} amounts to {2}; {3} of it is already written off elsewhere, so {4} cannot be."
					).format(
						_(doctype),
						bold(name),
						bold(fmt_money(total, currency=self.currency())),
						fmt_money(elsewhere, currency=self.currency()),
						bold(fmt_money(amount, currency=self.currency())),
					),
					exc=WriteOffBoundError,
				)

	def validate_overlap(self):
		"""Only active (submitted) approvals may collide: a draft is checked when it is submitted."""
		if self.docstatus != 1 or self.allow_stacking or not (self.valid_from and self.valid_to):
			return
		others = frappe.get_all(
			"Promotion Approval",
			filters={
				"docstatus": 1,
				"company": self.company,
				"name": ("!=", self.name),
				"status": ("not in", (rules.EXHAUSTED, rules.CANCELLED)),
				"allow_stacking": 0,
				"valid_from": ("<=", self.valid_to),
				"valid_to": (">=", self.valid_from),
			},
			pluck="name",
		)
		if not others:
			return
		approvals = promotions.load(others)
		me = self.as_rule()
		lineage = self.lineage([me, *approvals.values()])
		clashes = rules.overlapping(me, approvals.values(), lineage)
		if clashes:
			other, line = clashes[0]
			frappe.throw(
				_(
					"Promotion approval {0} already covers {1} for the same customers from {2} to {3}; mark one of them as stacking or change the dates."
				).format(
					bold(other.name),
					bold(line.item_code or line.item_group),
					format_date(other.valid_from),
					format_date(other.valid_to),
				),
				exc=PromotionOverlapError,
			)

	# --------------------------------------------------------------------- consumption

	def refresh_consumption(self):
		if self.docstatus == 0 or self.is_new():
			self.set_consumption({}, 0.0)
		else:
			names = [self.name]
			self.set_consumption(promotions.consumed(names), promotions.reserved(names).get(self.name, 0.0))

	def set_consumption(self, used: dict[str, tuple[float, float]], reserved: float):
		"""Write consumed qty/amount per line and in total, write-offs, remaining and status."""
		for row in self.items:
			row.consumed_qty, row.consumed_amount = used.get(row.name, (0.0, 0.0))
		self.consumed_qty = sum(flt(row.consumed_qty) for row in self.items)
		self.consumed_amount = sum(flt(row.consumed_amount) for row in self.items)
		self.reserved_amount = reserved
		self.written_off_amount = sum(flt(row.amount) for row in self.write_offs)
		self.remaining_amount = flt(self.budget_amount) - flt(self.consumed_amount)
		exhausted = rules.is_exhausted(
			flt(self.budget_amount),
			flt(self.consumed_amount),
			[(flt(row.max_qty), flt(row.consumed_qty)) for row in self.items],
		)
		self.status = rules.status(self.docstatus, getdate(self.valid_to), getdate(nowdate()), exhausted)

	def db_update_consumption(self):
		for row in self.items:
			row.db_set(
				{"consumed_qty": row.consumed_qty, "consumed_amount": row.consumed_amount},
				update_modified=False,
			)
		self.db_set(
			{
				field: self.get(field)
				for field in (
					"consumed_qty",
					"consumed_amount",
					"reserved_amount",
					"written_off_amount",
					"remaining_amount",
					"status",
				)
			},
			update_modified=False,
		)

	# --------------------------------------------------------------------- helpers

	def currency(self) -> str | None:
		return frappe.get_cached_value("Company", self.company, "default_currency") if self.company else None

	def as_rule(self) -> rules.Approval:
		return rules.Approval(
			name=self.name,
			docstatus=self.docstatus,
			valid_from=getdate(self.valid_from),
			valid_to=getdate(self.valid_to),
			party=promotions.party_scope(self),
			budget_amount=flt(self.budget_amount),
			allow_stacking=bool(self.allow_stacking),
			lines=tuple(
				rules.ApprovalLine(row.name or str(row.idx), row.item_code, row.item_group)
				for row in self.items
			),
		)

	@staticmethod
	def lineage(approvals) -> dict:
		"""Lineage of every party and item scope the approvals name (for the overlap rule)."""
		result: dict = {}
		for approval in approvals:
			scopes = [approval.party] if approval.party else []
			scopes += [line.scope for line in approval.lines]
			for kind, value in scopes:
				if (kind, value) in result or not value:
					continue
				if kind == "customer":
					result[(kind, value)] = promotions.party_lineage(value)
				elif kind == "item":
					result[(kind, value)] = promotions.item_lineage(value)
				else:
					doctype = {
						"customer_group": "Customer Group",
						"territory": "Territory",
						"item_group": "Item Group",
					}[kind]
					result[(kind, value)] = promotions.group_lineage(doctype, value, kind)
		return result


COST_AMOUNT = {
	"Journal Entry": "total_debit",
	"Purchase Invoice": "base_grand_total",
	# sales expenses: a submitted claim of promotion costs (市场促销活动费用的申请、核销)
	"Sales Expense Claim": "total_amount",
}


def cost_document_amount(doctype: str, name: str) -> float:
	"""The document's amount in company currency, read with a lock held to the end of the transaction."""
	table = frappe.qb.DocType(doctype)
	field = COST_AMOUNT.get(doctype)
	if not field:
		return 0.0
	rows = frappe.qb.from_(table).select(table[field]).where(table.name == name).for_update().run()
	return flt(rows[0][0]) if rows else 0.0


def written_off_elsewhere(doctype: str, name: str, approval: str) -> float:
	"""What the write-offs of other (not cancelled) approvals take of this cost document."""
	row, head = frappe.qb.DocType("Promotion Approval Write Off"), frappe.qb.DocType("Promotion Approval")
	total = (
		frappe.qb.from_(row)
		.join(head)
		.on(head.name == row.parent)
		.select(Sum(row.amount))
		.where(
			(row.parenttype == "Promotion Approval")
			& (row.reference_doctype == doctype)
			& (row.reference_name == name)
			& (head.name != approval)
			& (head.docstatus < 2)
		)
	).run()
	return flt(total[0][0]) if total and total[0][0] else 0.0
