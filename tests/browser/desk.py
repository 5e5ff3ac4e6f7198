"""A logged-in desk session in Chromium, with the few gestures the tests need."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

PASSWORDS = {"Administrator": "admin"}
DEMO_PASSWORD = "Neiqin-Demo-1"
TIMEOUT = 60_000
# Raised inside frappe's bundle but caused by the page's own scripts: frappe-charts' "removeChild"
# error comes from a chart drawn again while the first drawing's timers and resize observer still
# run (what neiqin's reports did to re-apply their axis options); a report or form script that
# does not parse fails in frappe.dom.eval's appendChild.
NEIQIN_CAUSED = re.compile(
	r"removeChild|Failed to execute 'appendChild' on 'Node': (Unexpected|Invalid|missing)"
)

# Own text of every visible element (not its children's): what a person reads on the page.
# (`skip`: a CSS selector whose elements' texts are left out)
VISIBLE_TEXTS = """(skip) => {
	const out = [];
	const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
	while (walker.nextNode()) {
		const node = walker.currentNode;
		const text = node.textContent.replace(/\\s+/g, " ").trim();
		if (!text) continue;
		const el = node.parentElement;
		if (!el || ["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE"].includes(el.tagName)) continue;
		if (skip && el.closest(skip)) continue;
		if (!el.checkVisibility || !el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue;
		const box = el.getBoundingClientRect();
		if (box.width === 0 || box.height === 0) continue;
		out.push(text);
	}
	for (const el of document.querySelectorAll("input[placeholder], textarea[placeholder]")) {
		if (el.checkVisibility && el.checkVisibility() && el.placeholder.trim()) out.push(el.placeholder.trim());
	}
	return out;
}"""


class Desk:
	def __init__(self, browser, base_url: str, user: str, artifacts: Path, test_name: str):
		self.base_url = base_url
		self.user = user
		self.artifacts = artifacts
		self.prefix = re.sub(r"[^\w-]+", "_", test_name)[:60]
		self.shots = 0
		self.js_errors: list[str] = []
		self.upstream_errors: list[str] = []
		self.server_errors: list[str] = []
		self.context = browser.new_context(
			locale="zh-CN", viewport={"width": 1440, "height": 900}, base_url=base_url
		)
		self.context.set_default_timeout(TIMEOUT)
		self.page = self.context.new_page()
		self.page.on("pageerror", self._page_error)
		self.page.on("response", self._response)
		response = self.context.request.post(
			"/api/method/login", form={"usr": user, "pwd": PASSWORDS.get(user, DEMO_PASSWORD)}
		)
		assert response.ok, f"{user} could not log in: {response.status} {response.text()[:200]}"

	def _page_error(self, error):
		"""Errors raised inside frappe's or ERPNext's own bundles are listed apart; any other
		(neiqin's form and report scripts run from the page, not from a bundle) fails the test,
		and so does a chart redrawn over itself (NEIQIN_CAUSED)."""
		frames = [
			line.strip() for line in (getattr(error, "stack", "") or "").splitlines()[1:] if "at " in line
		]
		text = f"{self.page.url}: {error} | " + " / ".join(frames[:3])
		upstream = frames and all(re.search(r"/assets/(frappe|erpnext)/", frame) for frame in frames)
		if upstream and NEIQIN_CAUSED.search(str(error)):
			upstream = False
		(self.upstream_errors if upstream else self.js_errors).append(text)

	def _response(self, response):
		if response.status >= 500:
			self.server_errors.append(f"HTTP {response.status} {response.request.method} {response.url}")

	# ------------------------------------------------------------------ navigation

	def goto(self, route: str):
		self.page.goto("/app/" + route.lstrip("/"))
		self.settle()
		return self.page

	def settle(self):
		"""Wait until the desk has booted, no request is frozen and the route has rendered."""
		page = self.page
		page.wait_for_function("() => window.frappe && frappe.boot && frappe.router && frappe.container")
		page.wait_for_load_state("networkidle")
		# (a list view keeps its own hidden ".freeze" placeholder: only a shown one is waited for)
		page.wait_for_function(
			"() => ![...document.querySelectorAll('.freeze')].some((el) => el.checkVisibility())"
			" && !(frappe.dom.freeze_count > 0)"
		)

	def open_form(self, doctype: str, name: str):
		self.goto(f"{slug(doctype)}/{quote(name)}")
		self.wait_for_form(doctype, name)

	def wait_for_form(self, doctype: str, name: str | None = None):
		self.page.wait_for_function(
			"([doctype, name]) => window.cur_frm && cur_frm.doctype === doctype && "
			"(!name || cur_frm.docname === name) && cur_frm.layout && !cur_frm.is_new()"
			" || (window.cur_frm && cur_frm.doctype === doctype && !name)",
			arg=[doctype, name],
		)
		self.page.wait_for_load_state("networkidle")

	def frm(self, expression: str):
		"""Evaluate `expression` with `frm` = cur_frm."""
		return self.page.evaluate(f"() => {{ const frm = cur_frm; return {expression}; }}")

	# ------------------------------------------------------------------ gestures

	def click_group_item(self, group: str, item: str | re.Pattern):
		page = self.page
		button = page.locator(".page-actions .inner-group-button", has_text=group).locator("button").first
		button.click()
		menu = page.locator(".page-actions .inner-group-button", has_text=group).locator(".dropdown-item")
		menu.filter(has_text=item).first.click()

	def primary_action(self):
		self.page.locator(".page-actions .primary-action:visible").first.click()

	def confirm_yes(self):
		dialog = self.page.locator(".modal.show .modal-footer .btn-primary:visible").last
		dialog.click()

	def dialog_text(self) -> str:
		modal = self.page.locator(".modal.show:visible").last
		modal.wait_for()
		return modal.inner_text()

	def close_dialog(self):
		self.page.keyboard.press("Escape")
		self.page.locator(".modal.show").last.wait_for(state="hidden")

	def save(self):
		self.page.keyboard.press("Control+s")
		self.page.wait_for_function("() => window.cur_frm && !cur_frm.is_new() && !cur_frm.is_dirty()")
		self.settle()

	# ------------------------------------------------------------------ reading

	def texts(self, skip: str | None = None) -> list[str]:
		return self.page.evaluate(VISIBLE_TEXTS, skip)

	def shot(self, name: str) -> Path:
		self.shots += 1
		path = self.artifacts / f"{self.prefix}-{self.shots:02d}-{name}.png"
		self.page.screenshot(path=str(path), full_page=True)
		return path

	def problems(self) -> list[str]:
		return [f"[{self.user}] JS error: {e}" for e in self.js_errors] + [
			f"[{self.user}] {e}" for e in self.server_errors
		]

	def close(self):
		with (self.artifacts / "js-errors.txt").open("a", encoding="utf-8") as f:
			f.writelines(f"{self.prefix} [{self.user}] {e}\n" for e in self.js_errors)
			f.writelines(f"{self.prefix} [{self.user}] (frappe/ERPNext) {e}\n" for e in self.upstream_errors)
		self.context.close()


def slug(doctype: str) -> str:
	return doctype.lower().replace(" ", "-")
