"""Existing sites get the index on Payment Entry (company, posting_date) that the receipts
reports read by (and any other index of `neiqin.indexes` they lack)."""

from neiqin.indexes import apply


def execute():
	apply()
