"""Existing sites get the indexes of `neiqin.indexes` on migrate."""

from neiqin.indexes import apply


def execute():
	apply()
