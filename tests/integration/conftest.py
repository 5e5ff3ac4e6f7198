"""Integration tests run against a real site with ERPNext and neiqin installed.

The site is found from $FRAPPE_BENCH (default ~/frappe-bench) and $NEIQIN_TEST_SITE
(default neiqin-test.localhost); `./run-tests` prepares both. Each test runs inside a
transaction that is rolled back afterwards; tests that must commit (REST calls, several
connections) use the `committed` fixture, which deletes what they registered.
"""

import os
from pathlib import Path

import pytest

BENCH = Path(os.environ.get("FRAPPE_BENCH") or Path.home() / "frappe-bench")
SITE = os.environ.get("NEIQIN_TEST_SITE", "neiqin-test.localhost")


def pytest_configure(config):
	import frappe

	sites_path = str(BENCH / "sites")
	os.chdir(sites_path)
	frappe.init(site=SITE, sites_path=sites_path)
	frappe.connect()
	frappe.flags.in_test = True
	# (frappe's limit of 60 new users an hour is lifted in the test site's config by run-tests:
	# the suite makes more, in this process and in the REST tests' request threads)
	frappe.set_user("Administrator")
	# The site's clock is set before any test module is collected: every date a test compares
	# with is the site's date when the test runs (frappe.utils.nowdate()), and it must not
	# jump because a fixture finished the setup of a fresh site in another time zone.
	from tests.integration.factories import ensure_site_clock

	ensure_site_clock()
	# The test site runs in English unless a test switches the language itself.
	frappe.local.lang = "en"


def pytest_unconfigure(config):
	import frappe

	if getattr(frappe.local, "site", None):
		frappe.db.rollback()
		frappe.destroy()


@pytest.fixture(scope="session")
def base():
	"""Masters shared by the whole suite, created once per site and committed."""
	from tests.integration import factories

	return factories.ensure_base()


@pytest.fixture(autouse=True)
def _isolate():
	import frappe

	frappe.set_user("Administrator")
	frappe.local.lang = "en"
	yield
	frappe.db.rollback()
	frappe.set_user("Administrator")
	frappe.local.lang = "en"
	frappe.flags.in_test = True


@pytest.fixture
def committed():
	"""For tests that need committed data: register (doctype, name) to delete afterwards.

	Documents are cancelled when submitted and deleted in reverse order of registration.
	"""
	from tests.integration.factories import Cleanup

	cleanup = Cleanup()
	yield cleanup
	cleanup.run()
