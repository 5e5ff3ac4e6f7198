"""Real-browser tests: headless Chromium (Debian's /usr/bin/chromium, driven by Playwright for
Python, no downloaded browser) against the bench's web server on 127.0.0.1.

`./run-tests` runs them when it finds a bench and chromium: it prepares the site with the demo
data (`./demo --no-serve`, site $NEIQIN_BROWSER_SITE, default neiqin-demo.localhost); this
conftest starts `neiqin.demo.serve` on 127.0.0.1:$NEIQIN_BROWSER_PORT (default 8100) and stops
it afterwards. Screenshots and the list of ERPNext's English leftovers go to
`artifacts/browser/` (gitignored).

Every page a test opens records uncaught JavaScript errors and HTTP 5xx responses; a test fails
on any of them (errors raised by frappe/ERPNext code outside neiqin's pages are listed in
`artifacts/browser/js-errors.txt` too).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BENCH = Path(os.environ.get("FRAPPE_BENCH") or Path.home() / "frappe-bench")
SITE = os.environ.get("NEIQIN_BROWSER_SITE", "neiqin-demo.localhost")
PORT = int(os.environ.get("NEIQIN_BROWSER_PORT", "8100"))
CHROMIUM = os.environ.get("NEIQIN_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = REPO / "artifacts" / "browser"
BASE_URL = f"http://127.0.0.1:{PORT}"


def pytest_configure(config):
	import frappe

	ARTIFACTS.mkdir(parents=True, exist_ok=True)
	for name in ("english-leftovers.txt", "neiqin-english.txt", "js-errors.txt"):
		(ARTIFACTS / name).write_text("", encoding="utf-8")
	sites_path = str(BENCH / "sites")
	os.chdir(sites_path)
	frappe.init(site=SITE, sites_path=sites_path)
	frappe.connect()
	frappe.set_user("Administrator")


def pytest_unconfigure(config):
	import frappe

	if getattr(frappe.local, "site", None):
		frappe.db.rollback()
		frappe.destroy()


def _port_open(port: int) -> bool:
	with socket.socket() as sock:
		return sock.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture(scope="session")
def server():
	"""The desk of the browser site, served on 127.0.0.1 for the session."""
	assert not _port_open(PORT), f"port {PORT} is taken: set NEIQIN_BROWSER_PORT"
	log = (ARTIFACTS / "server.log").open("w")
	process = subprocess.Popen(
		[sys.executable, "-m", "neiqin.demo.serve", "--site", SITE, "--port", str(PORT)],
		cwd=BENCH / "sites",
		stdout=log,
		stderr=subprocess.STDOUT,
	)
	try:
		for _ in range(120):
			try:
				with urllib.request.urlopen(f"{BASE_URL}/api/method/ping", timeout=5) as response:
					if response.status == 200:
						break
			except OSError:
				time.sleep(0.5)
		else:
			pytest.fail(f"the web server did not answer on {BASE_URL} (see {ARTIFACTS / 'server.log'})")
		yield BASE_URL
	finally:
		process.terminate()
		try:
			process.wait(timeout=15)
		except subprocess.TimeoutExpired:
			process.kill()
		log.close()


@pytest.fixture(scope="session")
def browser():
	from playwright.sync_api import sync_playwright

	with sync_playwright() as playwright:
		chromium = playwright.chromium.launch(
			executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
		)
		yield chromium
		chromium.close()


@pytest.fixture
def desk(server, browser, request):
	"""`desk(user)` → a logged-in Desk (its own browser context); all are closed after the test,
	and the test fails on any JavaScript error or HTTP 5xx they saw."""
	from tests.browser.desk import Desk

	opened: list[Desk] = []

	def open_as(user: str) -> Desk:
		session = Desk(browser, server, user, ARTIFACTS, request.node.name)
		opened.append(session)
		return session

	yield open_as
	problems = []
	for session in opened:
		problems += session.problems()
		session.close()
	assert not problems, "the browser saw errors:\n" + "\n".join(problems)
