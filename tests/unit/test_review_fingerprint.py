"""The content a review is bound to (neiqin.dual_review.fingerprint)."""

import datetime

from hypothesis import assume, given
from hypothesis import strategies as st

from neiqin.dual_review.fingerprint import (
	POSTING_WHEN,
	SPECS,
	VERSION,
	Spec,
	changed_fields,
	content_hash,
	ignored_field,
	normalize,
)

SPEC = Spec(
	fields=("customer", "grand_total", "due_date"),
	tables={"items": ("item_code", "qty", "rate"), "taxes": ("account_head", "tax_amount")},
	when=POSTING_WHEN,
)

texts = st.text(alphabet="abcXYZ 客户-", max_size=6)
numbers = st.one_of(
	st.integers(-1000, 1000), st.floats(-1e6, 1e6, allow_nan=False).map(lambda x: round(x, 3))
)
values = st.one_of(st.none(), texts, numbers)
rows = st.fixed_dictionaries({"item_code": texts, "qty": numbers, "rate": numbers, "idx": st.integers(1, 50)})
docs = st.fixed_dictionaries(
	{
		"customer": texts,
		"grand_total": numbers,
		"due_date": st.dates().map(str),
		"items": st.lists(rows, max_size=4),
		"taxes": st.lists(st.fixed_dictionaries({"account_head": texts, "tax_amount": numbers}), max_size=2),
		"modified": st.datetimes().map(str),
		"status": st.sampled_from(["Draft", "To Bill", "Completed"]),
		"set_posting_time": st.sampled_from([0, 1]),
		"posting_date": st.dates().map(str),
		"posting_time": st.times().map(str),
	}
)


def invoice(**values):
	base = {
		"customer": "_NQ Customer A",
		"grand_total": 1000.0,
		"due_date": "2026-12-31",
		"items": [
			{"item_code": "Widget", "qty": 5, "rate": 100.0, "idx": 1},
			{"item_code": "Gadget", "qty": 2, "rate": 250.0, "idx": 2},
		],
		"taxes": [],
		"set_posting_time": 0,
		"posting_date": "2026-11-26",
		"posting_time": "10:00:00",
	}
	base.update(values)
	return base


def test_equal_meanings_hash_alike():
	assert normalize(10) == normalize(10.0) == normalize(10.0000000001)
	assert normalize(None) == normalize("") == normalize("  ")
	assert normalize(datetime.date(2026, 1, 2)) == normalize("2026-01-02")
	assert normalize(datetime.timedelta(hours=9, minutes=5)) == normalize("09:05:00")
	assert normalize(-0.0) == normalize(0)
	assert normalize(True) == normalize(1)


def test_posting_date_counts_only_when_edited_by_hand():
	doc = invoice()
	moved = invoice(posting_date="2026-11-27", posting_time="17:30:00")
	assert content_hash(doc, SPEC) == content_hash(moved, SPEC)  # ERPNext resets it to now on save
	assert content_hash(invoice(set_posting_time=1), SPEC) != content_hash(
		invoice(set_posting_time=1, posting_date="2026-11-27"), SPEC
	)


def test_reordering_rows_is_no_change_but_editing_one_is():
	doc = invoice()
	reordered = invoice(items=list(reversed(doc["items"])))
	for i, row in enumerate(reordered["items"], 1):
		row["idx"] = i
	assert content_hash(doc, SPEC) == content_hash(reordered, SPEC)
	assert changed_fields(doc, reordered, SPEC) == []

	edited = invoice(items=[{**doc["items"][0], "qty": 6}, doc["items"][1]])
	assert content_hash(doc, SPEC) != content_hash(edited, SPEC)
	assert changed_fields(doc, edited, SPEC) == [("items", "qty")]


def test_changes_are_named():
	doc = invoice()
	changed = invoice(customer="_NQ Customer B", items=doc["items"][:1])
	assert changed_fields(doc, changed, SPEC) == [(None, "customer"), ("items", "")]


def test_selling_specs_bind_what_matters_and_ignore_what_erpnext_rewrites():
	for doctype in ("Sales Order", "Delivery Note", "Sales Invoice"):
		spec = SPECS[doctype]
		for field in ("customer", "grand_total", "shipping_address_name", "taxes_and_charges"):
			assert field in spec.fields, (doctype, field)
		for field in ("item_code", "qty", "rate", "amount", "uom"):
			assert field in spec.tables["items"], (doctype, field)
		assert "tax_amount" in spec.tables["taxes"]
		for field in ("status", "modified", "per_billed", "per_delivered", "posting_date", "title"):
			assert field not in spec.fields, (doctype, field)
	assert "delivery_date" in SPECS["Sales Order"].tables["items"]
	assert "due_date" in SPECS["Sales Invoice"].fields
	assert "due_date" in SPECS["Sales Invoice"].tables["payment_schedule"]


def test_generic_doctypes_ignore_status_and_progress_fields():
	assert ignored_field("status") and ignored_field("delivery_status") and ignored_field("per_received")
	assert ignored_field("amended_from") and ignored_field("naming_series")
	assert not ignored_field("qty") and not ignored_field("recipient") and not ignored_field("posting_date")


# ----------------------------------------------------------------------------- properties


@given(docs, st.randoms())
def test_row_order_idx_status_and_modified_never_change_the_hash(doc, random):
	other = dict(doc)
	other["items"] = [dict(row, idx=random.randint(1, 99)) for row in doc["items"]]
	random.shuffle(other["items"])
	other["taxes"] = list(reversed(doc["taxes"]))
	other["modified"] = "2030-01-01 00:00:00"
	other["status"] = "Cancelled"
	assert content_hash(doc, SPEC) == content_hash(other, SPEC)


@given(docs, st.sampled_from(["customer", "grand_total", "due_date"]), values)
def test_changing_a_bound_header_field_changes_the_hash(doc, field, value):
	assume(normalize(value) != normalize(doc[field]))
	assert content_hash(doc, SPEC) != content_hash({**doc, field: value}, SPEC)
	assert (None, field) in changed_fields(doc, {**doc, field: value}, SPEC)


@given(docs, st.sampled_from(["item_code", "qty", "rate"]), values, st.data())
def test_changing_a_bound_row_field_changes_the_hash(doc, column, value, data):
	assume(doc["items"])
	index = data.draw(st.integers(0, len(doc["items"]) - 1))
	assume(normalize(value) != normalize(doc["items"][index][column]))
	items = [dict(row) for row in doc["items"]]
	items[index][column] = value
	other = {**doc, "items": items}
	assert content_hash(doc, SPEC) != content_hash(other, SPEC)
	assert changed_fields(doc, other, SPEC)


@given(docs, rows)
def test_adding_or_removing_a_row_changes_the_hash(doc, row):
	assert content_hash(doc, SPEC) != content_hash({**doc, "items": [*doc["items"], row]}, SPEC)


@given(docs)
def test_the_hash_is_stable_and_versioned(doc):
	assert content_hash(doc, SPEC) == content_hash(dict(doc), SPEC)
	assert content_hash(doc, SPEC).startswith(f"{VERSION}:")
