"""Unit tests need no site and no frappe: they cover the app's pure business rules."""
