"""A demo company for neiqin: `bench --site <site> execute neiqin.demo.load` (or `./demo`).

It completes the setup wizard in Simplified Chinese when the site has no company yet, then
runs one step per capability (DEMO_STEPS, in order). Every step is idempotent: it looks up
what it made before (by name, or by the `DEMO-…` reference written on each document) and
only adds what is missing, so `load` can run again after a migrate or after another
capability added its step. The logins are in `neiqin.demo.users.USERS` (and the README).

Other capabilities add their demo data by appending a step here.
"""

import frappe

DEMO_STEPS: list[str] = [
	"neiqin.demo.base.load",
	"neiqin.demo.users.load",
	"neiqin.demo.review.load",
	"neiqin.demo.fulfilment.load",
	"neiqin.demo.materials.load",
	"neiqin.demo.documents_back.load",
	"neiqin.demo.expenses.load",
	"neiqin.demo.registers.load",
	"neiqin.demo.plans.load",
]


def load() -> None:
	"""Create or complete the demo data (commits after each step)."""
	frappe.flags.mute_emails = True
	for step in DEMO_STEPS:
		print(f"neiqin demo: {step}")
		frappe.get_attr(step)()
		frappe.db.commit()
	frappe.clear_cache()
