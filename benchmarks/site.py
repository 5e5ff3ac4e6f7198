"""Connect a benchmark process to its site (run from the bench's sites folder)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def connected(site: str) -> Iterator[None]:
	import frappe

	sites = Path.cwd()
	if not (sites / site / "site_config.json").exists():
		sys.exit(f"Run from the bench's sites folder; {site} not found in {sites}")
	if "test" in site:
		sys.exit(f"{site} looks like a test site: the benchmark runs on a site of its own")
	frappe.init(site=site, sites_path=str(sites))
	frappe.connect()
	frappe.set_user("Administrator")
	frappe.flags.mute_emails = True
	try:
		yield
	finally:
		frappe.destroy()
