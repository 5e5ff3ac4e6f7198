"""The content a review is bound to, as a stable hash (pure: no frappe).

A review approves *these* parties, items, quantities, rates, amounts, dates, addresses and
taxes. The fingerprint is a hash over exactly the fields that carry that meaning (a
`Spec` per doctype), so that

- changing any of them changes the hash (and voids the reviews made before);
- cosmetic fields, status fields, `modified`, and values ERPNext rewrites on every save or
  at submit (e.g. `posting_date`/`posting_time` while "Edit Posting Date and Time" is off)
  are not part of it;
- the order of child rows does not matter (an idx-only change is no change);
- equal values of different Python types hash alike: 10 == 10.0, None == "" for text,
  " x " == "x", datetime.date == its ISO string.
"""

from __future__ import annotations

import datetime
import decimal
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field

VERSION = "v2"  # v2: item name/description, sales team, terms, packed items, accounts, advances
DECIMALS = 6


@dataclass(frozen=True)
class Spec:
	"""Fields of the document and of its child tables that a review is bound to.

	`when` maps a flag field to fields that only count while the flag is set, e.g.
	{"set_posting_time": ("posting_date", "posting_time")}.
	"""

	fields: tuple[str, ...] = ()
	tables: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
	when: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

	def header_fields(self, values: Mapping) -> tuple[str, ...]:
		conditional = {f for fields in self.when.values() for f in fields}
		active = [f for flag, fields in self.when.items() if _truthy(values.get(flag)) for f in fields]
		return tuple(dict.fromkeys([*(f for f in self.fields if f not in conditional), *active]))


def _truthy(value) -> bool:
	if isinstance(value, str):
		return value.strip() not in ("", "0")
	return bool(value)


def normalize(value) -> str:
	"""One canonical text per meaning."""
	if value is None:
		return ""
	if isinstance(value, bool):
		return normalize(int(value))
	if isinstance(value, int | float | decimal.Decimal):
		number = round(float(value), DECIMALS)
		if number == 0:
			number = 0.0  # -0.0
		return f"{number:.{DECIMALS}f}"
	if isinstance(value, datetime.datetime):
		return value.isoformat(sep=" ")
	if isinstance(value, datetime.date):
		return value.isoformat()
	if isinstance(value, datetime.timedelta):
		seconds = int(value.total_seconds())
		return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
	return str(value).strip()


def canonical(values: Mapping, spec: Spec) -> dict:
	"""The normalised content: {"fields": {name: text}, "tables": {name: [sorted rows]}}."""
	header = {name: normalize(values.get(name)) for name in spec.header_fields(values)}
	tables = {}
	for table, columns in sorted(spec.tables.items()):
		rows = [[normalize((row or {}).get(column)) for column in columns] for row in values.get(table) or ()]
		tables[table] = sorted(rows)
	return {"fields": header, "tables": tables}


def content_hash(values: Mapping, spec: Spec) -> str:
	payload = json.dumps(canonical(values, spec), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
	return f"{VERSION}:" + hashlib.sha256(payload.encode("utf-8")).hexdigest()


def changed_fields(old: Mapping, new: Mapping, spec: Spec) -> list[tuple[str | None, str]]:
	"""What differs between two versions, as (table or None, field) pairs in spec order.

	Child rows are compared as a multiset first (reordering is no change); when the rows
	differ, they are paired by position and the differing columns reported, plus
	(table, "") when rows were added or removed.
	"""
	before, after = canonical(old, spec), canonical(new, spec)
	changes: list[tuple[str | None, str]] = []
	names = dict.fromkeys([*before["fields"], *after["fields"]])
	for name in names:
		if before["fields"].get(name) != after["fields"].get(name):
			changes.append((None, name))
	for table, columns in sorted(spec.tables.items()):
		if before["tables"][table] == after["tables"][table]:
			continue
		old_rows = [[normalize((r or {}).get(c)) for c in columns] for r in old.get(table) or ()]
		new_rows = [[normalize((r or {}).get(c)) for c in columns] for r in new.get(table) or ()]
		differing = {
			column
			for old_row, new_row in zip(old_rows, new_rows, strict=False)
			for column, a, b in zip(columns, old_row, new_row, strict=True)
			if a != b
		}
		changes.extend((table, column) for column in columns if column in differing)
		if len(old_rows) != len(new_rows) or not differing:
			changes.append((table, ""))
	return changes


# ----------------------------------------------------------------------------- specs

_SELLING_PARTY = (
	"customer",
	"company",
	"currency",
	"conversion_rate",
	"selling_price_list",
	"plc_conversion_rate",
	"customer_address",
	"address_display",
	"shipping_address_name",
	"shipping_address",
	"dispatch_address_name",
	"company_address",
	"contact_person",
	"po_no",
	"po_date",
	"set_warehouse",
	"incoterm",
	"named_place",
	"is_return",
	"return_against",
)
_SELLING_TOTALS = (
	"tax_category",
	"taxes_and_charges",
	"shipping_rule",
	"apply_discount_on",
	"additional_discount_percentage",
	"discount_amount",
	"net_total",
	"total_taxes_and_charges",
	"grand_total",
	"rounded_total",
	"disable_rounded_total",
)
_ITEM = (
	"item_code",
	"item_name",
	"description",
	"uom",
	"conversion_factor",
	"qty",
	"rate",
	"amount",
	"warehouse",
	"item_tax_template",
	"batch_no",
	"serial_no",
)
# printed or posted with every selling document: commission split, terms, bundle contents
_SELLING_EXTRA = ("sales_partner", "commission_rate", "tc_name", "terms")
_SALES_TEAM = ("sales_person", "allocated_percentage", "commission_rate")
_PACKED = ("parent_item", "item_code", "item_name", "qty", "uom", "warehouse", "batch_no", "serial_no")
_ADVANCES = ("reference_type", "reference_name", "allocated_amount")
_TAXES = ("charge_type", "account_head", "rate", "tax_amount", "included_in_print_rate", "row_id")
_SCHEDULE = ("payment_term", "due_date", "invoice_portion", "payment_amount")
POSTING_WHEN = {"set_posting_time": ("posting_date", "posting_time")}

SPECS: dict[str, Spec] = {
	"Sales Order": Spec(
		fields=(
			*_SELLING_PARTY,
			"transaction_date",
			"delivery_date",
			"payment_terms_template",
			*_SELLING_TOTALS,
			*_SELLING_EXTRA,
		),
		tables={
			"items": (*_ITEM, "delivery_date"),
			"taxes": _TAXES,
			"payment_schedule": _SCHEDULE,
			"sales_team": _SALES_TEAM,
			"packed_items": _PACKED,
		},
	),
	"Delivery Note": Spec(
		fields=(*_SELLING_PARTY, *_SELLING_TOTALS, *_SELLING_EXTRA),
		tables={
			"items": (*_ITEM, "against_sales_order", "so_detail", "against_sales_invoice", "si_detail"),
			"taxes": _TAXES,
			"sales_team": _SALES_TEAM,
			"packed_items": _PACKED,
		},
		when=POSTING_WHEN,
	),
	"Sales Invoice": Spec(
		fields=(
			*_SELLING_PARTY,
			"due_date",
			"debit_to",
			"update_stock",
			"payment_terms_template",
			"write_off_amount",
			"cost_center",
			*_SELLING_TOTALS,
			*_SELLING_EXTRA,
		),
		tables={
			"items": (
				*_ITEM,
				"income_account",
				"cost_center",
				"sales_order",
				"so_detail",
				"delivery_note",
				"dn_detail",
			),
			"taxes": _TAXES,
			"payment_schedule": _SCHEDULE,
			"sales_team": _SALES_TEAM,
			"packed_items": _PACKED,
			"advances": _ADVANCES,
		},
		when=POSTING_WHEN,
	),
}

# For doctypes without a spec: which fields never bind a review (see content.generic_spec).
IGNORED_FIELDS = frozenset(
	{
		"naming_series",
		"amended_from",
		"title",
		"status",
		"workflow_state",
		"set_posting_time",
	}
)
IGNORED_PREFIXES = ("per_",)

# Fields the normal flow fills in after the approval (dispatching, the customer's receipt): the
# approver judges what is sent, to whom and why, not the courier that carries it, so filling
# them never voids an approval (docs/review-fingerprint.md). Other apps' doctypes: none.
FILLED_AFTER_APPROVAL: dict[str, frozenset[str]] = {
	"Sales Material Log": frozenset(
		{
			# dispatch
			"dispatch_method",
			"courier",
			"tracking_number",
			"dispatch_date",
			"shipping_cost",
			# receipt and returns
			"delivered_on",
			"confirmed_on",
			"confirmed_by",
			"received_by",
			"returned_on",
			"lost_on",
			"lost_reason",
		}
	),
}


def filled_after_approval(doctype: str, fieldname: str) -> bool:
	return fieldname in FILLED_AFTER_APPROVAL.get(doctype, ())


IGNORED_SUFFIXES = ("_status",)


def ignored_field(fieldname: str) -> bool:
	return (
		fieldname in IGNORED_FIELDS
		or fieldname.startswith(IGNORED_PREFIXES)
		or fieldname.endswith(IGNORED_SUFFIXES)
	)
