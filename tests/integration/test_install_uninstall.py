"""install-app / migrate / uninstall-app on a throwaway site (never on the shared test site)."""

import json
import subprocess
import sys
from pathlib import Path

import frappe
import pytest

from neiqin.custom_fields import CUSTOM_FIELDS, ROLES
from neiqin.install import FAIL_AT_KEY
from neiqin.workspaces import landing_of_role
from tests.integration.conftest import BENCH

pytestmark = pytest.mark.slow


def run(args: list[str], timeout: int = 900, check: bool = True) -> str:
	result = subprocess.run(
		[sys.executable, *args],
		cwd=BENCH / "sites",
		capture_output=True,
		text=True,
		timeout=timeout,
		stdin=subprocess.DEVNULL,
	)
	failed = result.returncode != 0
	assert failed != check, (
		f"{' '.join(args)} exited with {result.returncode}:\n{result.stdout}\n{result.stderr}"
	)
	return result.stdout + result.stderr


def frappe_cmd(*args: str, check: bool = True) -> str:
	return run(["-m", "frappe.utils.bench_helper", "frappe", *args], check=check)


PROBE = """
import json, sys, frappe
frappe.init(site=sys.argv[1], sites_path=".")
frappe.connect()
from neiqin.install_state import snapshot
print(json.dumps(snapshot()))
frappe.destroy()
"""


# What a running site's cache holds when `bench get-app` has just put neiqin into apps.txt: the
# module map every process of the site (web, workers, bench commands) was started with
STALE_MODULE_MAP = """
import sys, frappe
frappe.init(site=sys.argv[1], sites_path=".")
frappe.connect()
modules = {app: list(mods) for app, mods in frappe.local.app_modules.items() if app != "neiqin"}
frappe.cache.set_value("app_modules", modules)
assert "neiqin" not in frappe.cache.get_value("app_modules")
frappe.destroy()
"""


def warm_cache_without_neiqin(site: str) -> None:
	run(["-c", STALE_MODULE_MAP, site])


CARDS = """
import json, sys, frappe
frappe.init(site=sys.argv[1], sites_path=".")
frappe.connect()
content = json.loads(frappe.db.get_value("Workspace", sys.argv[2], "content") or "[]")
print(json.dumps([block["data"]["number_card_name"] for block in content if block["type"] == "number_card"]))
frappe.destroy()
"""


def landing_cards(site: str, workspace: str = "Sales Back Office") -> list[str]:
	return json.loads(run(["-c", CARDS, site, workspace]).strip().splitlines()[-1])


def probe(site: str) -> dict:
	"""neiqin.install_state.snapshot() on `site`, in a process of its own (works before install too)."""
	return json.loads(run(["-c", PROBE, site]).strip().splitlines()[-1])


def erpnext_template() -> Path:
	"""Where the database of a new site with ERPNext only is kept between runs: installing ERPNext
	takes minutes on a 2-core machine, loading its dump one. Keyed by frappe's and ERPNext's
	versions (a bench with other versions makes its own on first use)."""
	import erpnext

	key = f"frappe-{frappe.__version__}-erpnext-{erpnext.__version__}"
	return BENCH / "sites" / ".neiqin-test-cache" / f"new-site-{key}.sql.gz"


@pytest.fixture
def throwaway_site(tmp_path):
	site = f"nq-throwaway-{frappe.generate_hash(length=6).lower()}.localhost"
	conf = frappe.get_conf()
	root = ["--db-root-username", conf.root_login or "root", "--db-root-password", conf.root_password or ""]
	template = erpnext_template()
	try:
		if template.exists():
			frappe_cmd("new-site", site, "--admin-password", "admin", *root, "--source-sql", str(template))
		else:
			frappe_cmd("new-site", site, "--admin-password", "admin", *root, "--install-app", "erpnext")
			template.parent.mkdir(exist_ok=True)
			partial = template.with_suffix(".part.gz")
			frappe_cmd("--site", site, "backup", "--backup-path-db", str(partial))
			partial.rename(template)
		yield site
	finally:
		if (BENCH / "sites" / site).exists():
			frappe_cmd(
				"drop-site", site, *root, "--force", "--no-backup", "--archived-sites-path", str(tmp_path)
			)


def test_install_migrate_uninstall_leaves_erpnext_clean(throwaway_site):
	site = throwaway_site
	before = probe(site)
	assert "neiqin" not in before["apps"]

	frappe_cmd("--site", site, "install-app", "neiqin")
	installed = probe(site)
	expected_fields = sorted(f"{dt}.{f['fieldname']}" for dt, fields in CUSTOM_FIELDS.items() for f in fields)
	assert "neiqin" in installed["apps"]
	assert installed["custom_fields"] == expected_fields
	assert installed["roles"] == sorted(ROLES)
	assert installed["doctypes"] > 0
	assert installed["other_apps_indexes"] == ["Payment Entry.company_posting_date_index"]
	# the landings show their number cards right after install-app (frappe syncs the cards after
	# after_install), not only after a first migrate
	assert landing_cards(site) == list(landing_of_role("Sales Admin").cards)

	frappe_cmd("--site", site, "migrate")
	frappe_cmd("--site", site, "migrate")
	assert probe(site) == {**installed, "erpnext_works": True}

	frappe_cmd("--site", site, "uninstall-app", "neiqin", "--yes", "--no-backup")
	after = probe(site)
	assert "neiqin" not in after["apps"]
	assert after["custom_fields"] == []
	assert after["property_setters"] == 0
	assert after["roles"] == []
	assert after["customised_permissions"] == before["customised_permissions"]
	assert after["doctypes"] == 0
	assert after["sales_order_fields"] == before["sales_order_fields"]
	assert after["other_apps_indexes"] == before["other_apps_indexes"] == []
	assert after["erpnext_works"] is True


def test_install_on_a_live_site_and_a_failed_install_leaves_nothing(throwaway_site):
	"""issue 24 (7): install-app on a site whose cached module map predates neiqin in apps.txt
	works; an install that fails part-way (after custom fields, roles and review rules were made)
	leaves the site as it was."""
	site = throwaway_site
	before = probe(site)
	assert "neiqin" not in before["apps"] and before["doctypes"] == 0

	warm_cache_without_neiqin(site)
	frappe_cmd("--site", site, "set-config", FAIL_AT_KEY, "neiqin.permissions.grant_role_rights")
	output = frappe_cmd("--site", site, "install-app", "neiqin", check=False)
	assert "InstallStepFailedError" in output
	assert probe(site) == before  # not listed, no doctypes, fields, roles, rights, patches

	frappe_cmd("--site", site, "set-config", FAIL_AT_KEY, "")
	warm_cache_without_neiqin(site)
	frappe_cmd("--site", site, "install-app", "neiqin")
	installed = probe(site)
	assert "neiqin" in installed["apps"]
	assert installed["doctypes"] == installed_doctypes_expected()
	assert installed["roles"] == sorted(ROLES)
	assert installed["installed_application_rows"] == 1
	# neiqin's own doctypes carry their fields in their JSON
	assert installed["custom_fields_on_own_doctypes"] == 0


def installed_doctypes_expected() -> int:
	from neiqin.install_state import _own_doctypes

	return len(_own_doctypes())
