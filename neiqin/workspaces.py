"""neiqin's workspaces, one landing per role, generated from the tables below.

`GROUPS` lists the clerk's duties (销售内勤的职责: review, contracts, materials, registers,
compliance, documents back, reports, channels) with the doctypes and reports of each; `LANDINGS`
says which role lands where and which number cards and charts it sees first. A role's landing
links every item of every group that the role may use (read the doctype, run the report) — frappe
hides the others anyway, so a link is never dead. A capability adds itself with a line:

	Group("Sales Expenses", (("DocType", "Sales Expense Claim"), ("Report", "Sales Expense Summary"))),

Install and every migrate write the workspaces (`sync`, idempotent; an item whose doctype or
report is not on the site is left out); uninstall removes them with neiqin's modules. Labels are
English source text, shown in the reader's language (zh.csv).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import frappe


@dataclass(frozen=True)
class Group:
	label: str
	items: tuple[tuple[str, str], ...]  # (link type: "DocType" / "Report", name)
	roles: tuple[str, ...] | None = None  # only these roles' landings show it (None: any role)


@dataclass(frozen=True)
class Landing:
	name: str
	role: str  # who lands here (User.default_workspace)
	# a module whose doctypes every role that sees the landing reads: frappe shows a workspace
	# only to users who read some doctype of its module
	module: str
	icon: str
	sequence: float
	cards: tuple[str, ...] = ()
	charts: tuple[str, ...] = ()
	shortcuts: tuple[tuple[str, str], ...] = ()
	also_for: tuple[str, ...] = ()  # other roles who find it in the sidebar


GROUPS: tuple[Group, ...] = (
	Group(
		"Dual Review",
		(
			("Report", "Awaiting My Review"),
			("Report", "My Drafts Awaiting Review"),
			("DocType", "Document Review"),
			("Report", "Review Audit Trail"),
			("DocType", "Review Rule"),
		),
	),
	Group(
		"Contract Fulfilment",
		(
			("DocType", "Sales Order"),
			("DocType", "Contract Fulfilment"),
			("DocType", "Delivery Note"),
			("DocType", "Sales Invoice"),
			("Report", "Contract Fulfilment Statistics"),
			("Report", "Contract Receivables"),
			("Report", "Contract Entry SLA"),
		),
	),
	Group(
		"Sales Materials",
		(
			("DocType", "Sales Material Log"),
			("Report", "Material Dispatch Register"),
			("Report", "Sales Material Ledger"),
			("Report", "Courier Fee Settlement"),
			("DocType", "Courier Tracking Settings"),
			("DocType", "Shipment Tracking"),
		),
	),
	Group(
		"Registers",
		(
			("DocType", "Receipt Instrument"),
			("Report", "Receipt Document Tracking"),
			("DocType", "Company Seal"),
			("DocType", "Seal Usage Log"),
			("Report", "Seal Usage Register"),
			("DocType", "Customer Visit Log"),
			("Report", "Customer Visit Summary"),
			("DocType", "Customer Balance Confirmation"),
			("Report", "Balance Confirmation Status"),
		),
	),
	Group(
		"Sales Compliance",
		(
			("DocType", "Customer Qualification"),
			("Report", "Customer Qualification Status"),
			("DocType", "Qualification Type"),
			("DocType", "Qualification Requirement"),
			("DocType", "Promotion Approval"),
			("Report", "Promotion Budget Usage"),
		),
	),
	Group(
		"Documents Back",
		(
			("DocType", "Signed Delivery Receipt"),
			("Report", "Signed Receipt Tracking"),
			("DocType", "Invoice Request"),
			("Report", "Invoice Request SLA"),
			("DocType", "Fapiao"),
			("Report", "Fapiao Register"),
			("Report", "Fapiao Reconciliation"),
		),
	),
	Group(
		"Plans and Follow-up",
		(
			("DocType", "Sales Plan"),
			("Report", "Plan Attainment"),
			("DocType", "Collection Follow-up"),
			("Report", "Collection Follow-up Board"),
			("DocType", "Visit Plan"),
			("DocType", "Weekly Sales Summary"),
			("Report", "Weekly Summary Roll-up"),
		),
	),
	Group(
		"Sales Expenses",
		(
			("DocType", "Sales Expense Request"),
			("DocType", "Sales Expense Claim"),
			("DocType", "Sales Expense Budget"),
			("DocType", "Sales Expense Type"),
			("Report", "Sales Expense Ledger"),
			("Report", "Employee Advance Balance"),
			("Report", "Expense Budget Usage"),
			("Report", "Collections and Expenses by Territory"),
		),
	),
	Group(
		"Sales Reports",
		(
			("Report", "Daily Sales Report"),
			("Report", "Daily Sales Statistics"),
			("Report", "Daily Receipts Detail"),
			("Report", "Sales Finance Reconciliation"),
		),
	),
	Group(
		"Channels",
		(
			("DocType", "Notification Channel"),
			("DocType", "Channel Message"),
		),
	),
	Group("Settings", (("DocType", "Neiqin Settings"),)),
)

# Logs written by neiqin itself, read from the documents they belong to: no link of their own.
NOT_LINKED = ("Contract Delivery Reminder Log", "Qualification Reminder Log", "Review Content Change")

LANDINGS: tuple[Landing, ...] = (
	Landing(
		"Sales Back Office",
		"Sales Admin",
		module="Dual Review",
		icon="sell",
		sequence=9.5,
		cards=(
			"Awaiting My Review",
			"My Drafts Awaiting Review",
			"Overdue Contract Deliveries",
			"Materials In Transit",
			"Signed Receipts Overdue",
			"Invoices Without Fapiao",
			"Broken Promises",
			"Summaries Missing This Week",
			"Expense Requests Awaiting Me",
			"Advances Overdue",
		),
		charts=("Contract Fulfilment Status",),
		shortcuts=(
			("Report", "Awaiting My Review"),
			("DocType", "Sales Order"),
			("DocType", "Delivery Note"),
			("DocType", "Sales Invoice"),
			("DocType", "Contract Fulfilment"),
			("DocType", "Sales Material Log"),
			("Report", "Daily Sales Report"),
			("Report", "Daily Receipts Detail"),
		),
		also_for=("Sales Reviewer", "Sales Manager"),
	),
	Landing(
		"Sales Review",
		"Sales Reviewer",
		module="Dual Review",
		icon="review",
		sequence=9.6,
		cards=("Awaiting My Review", "My Drafts Awaiting Review"),
		shortcuts=(
			("Report", "Awaiting My Review"),
			("DocType", "Delivery Note"),
			("DocType", "Sales Invoice"),
			("DocType", "Sales Order"),
		),
	),
	Landing(
		"Sales Management",
		"Sales Manager",
		module="Dual Review",
		icon="organization",
		sequence=9.7,
		cards=(
			"Awaiting My Review",
			"My Drafts Awaiting Review",
			"Overdue Contract Deliveries",
			"Materials In Transit",
			"Broken Promises",
			"Summaries Missing This Week",
			"Expense Requests Awaiting Me",
			"Advances Overdue",
		),
		charts=("Contract Fulfilment Status",),
		shortcuts=(
			("Report", "Awaiting My Review"),
			("Report", "Daily Sales Report"),
			("Report", "Contract Fulfilment Statistics"),
			("DocType", "Promotion Approval"),
		),
	),
	Landing(
		"Sales Finance",
		"Accounts User",
		module="Registers",
		icon="accounting",
		sequence=9.8,
		cards=(
			"Instruments Handed To Me",
			"Invoices Without Fapiao",
			"Signed Receipts Overdue",
			"Expense Requests Awaiting Me",
			"Advances Overdue",
		),
		shortcuts=(
			("DocType", "Receipt Instrument"),
			("DocType", "Fapiao"),
			("Report", "Daily Receipts Detail"),
			("Report", "Sales Finance Reconciliation"),
		),
	),
)

# Who lands where when a user holds several of these roles: the first that matches.
HOME_ORDER = ("Sales Admin", "Sales Manager", "Sales Reviewer", "Accounts User")


def landing_of_role(role: str) -> Landing | None:
	return next((landing for landing in LANDINGS if landing.role == role), None)


def home_for(roles) -> str | None:
	"""The workspace a user with these roles lands on (None: not one of neiqin's roles)."""
	for role in HOME_ORDER:
		if role in roles and (landing := landing_of_role(role)):
			return landing.name
	return None


# ----------------------------------------------------------------------------- what a role may use


def role_may_use(role: str, kind: str, name: str) -> bool:
	"""The role may read the doctype at level 0 (and frappe links it), or run the report."""
	if kind == "DocType":
		if not frappe.db.exists("DocType", name):
			return False
		meta = frappe.get_meta(name)
		# frappe links no read-only ("User Cannot Search") doctype on the desk
		return not meta.read_only and any(
			perm.role == role and perm.read and not perm.permlevel and not perm.if_owner
			for perm in meta.permissions
		)
	if kind == "Report":
		if not frappe.db.exists("Report", name):
			return False
		return role in {row.role for row in frappe.get_doc("Report", name).roles}
	return False


def groups_for(role: str) -> list[tuple[str, list[tuple[str, str]]]]:
	"""[(group label, items the role may use)] in table order, empty groups left out."""
	found = []
	for group in GROUPS:
		if group.roles is not None and role not in group.roles:
			continue
		items = [(kind, name) for kind, name in group.items if role_may_use(role, kind, name)]
		if items:
			found.append((group.label, items))
	return found


# ----------------------------------------------------------------------------- the documents


def workspace_values(landing: Landing) -> dict:
	groups = groups_for(landing.role)
	cards = [card for card in landing.cards if frappe.db.exists("Number Card", card)]
	charts = [chart for chart in landing.charts if frappe.db.exists("Dashboard Chart", chart)]
	shortcuts = [(kind, name) for kind, name in landing.shortcuts if frappe.db.exists(kind, name)]
	links = []
	for label, items in groups:
		links.append({"type": "Card Break", "label": label, "link_count": len(items), "hidden": 0})
		links += [
			{
				"type": "Link",
				"label": name,
				"link_type": kind,
				"link_to": name,
				"is_query_report": int(kind == "Report" and is_query_report(name)),
				"hidden": 0,
				"onboard": 0,
			}
			for kind, name in items
		]
	return {
		"label": landing.name,
		"title": landing.name,
		"module": landing.module,
		"icon": landing.icon,
		"public": 1,
		"is_hidden": 0,
		"sequence_id": landing.sequence,
		"content": json.dumps(content_blocks(landing.name, cards, charts, shortcuts, [g for g, _ in groups])),
		"number_cards": [{"number_card_name": card, "label": card} for card in cards],
		"charts": [{"chart_name": chart, "label": chart} for chart in charts],
		"shortcuts": [
			{
				"type": kind,
				"link_to": name,
				"label": name,
				"color": "Orange" if name == "Awaiting My Review" else "",
			}
			for kind, name in shortcuts
		],
		"links": links,
		"roles": [{"role": role} for role in dict.fromkeys((landing.role, *landing.also_for))],
	}


def is_query_report(name: str) -> bool:
	return frappe.db.get_value("Report", name, "report_type") in ("Script Report", "Query Report")


def content_blocks(title: str, cards, charts, shortcuts, groups) -> list[dict]:
	"""The workspace page: title, number cards, charts, shortcuts, then one card per duty group."""
	blocks = []

	def add(kind: str, **data):
		blocks.append({"id": f"nq{len(blocks):08d}", "type": kind, "data": data})

	def header(text: str):
		add("header", text=f'<span class="h4"><b>{frappe.utils.escape_html(text)}</b></span>', col=12)

	header(title)
	for card in cards:
		add("number_card", number_card_name=card, col=4)
	for chart in charts:
		add("chart", chart_name=chart, col=12)
	if shortcuts:
		add("spacer", col=12)
		header("Quick Access")
		for _kind, name in shortcuts:
			add("shortcut", shortcut_name=name, col=3)
	if groups:
		add("spacer", col=12)
		header("Reports & Masters")
		for group in groups:
			add("card", card_name=group, col=4)
	return blocks


def sync() -> None:
	"""Set-up step (idempotent): every landing written from the tables."""
	previous = frappe.flags.in_fixtures
	frappe.flags.in_fixtures = True  # generated, never exported to files (Workspace.on_update)
	try:
		for landing in LANDINGS:
			values = workspace_values(landing)
			if frappe.db.exists("Workspace", landing.name):
				doc = frappe.get_doc("Workspace", landing.name)
				for table in ("number_cards", "charts", "shortcuts", "links", "roles"):
					doc.set(table, [])
			else:
				doc = frappe.new_doc("Workspace")
			doc.update(values)
			doc.flags.ignore_permissions = True
			doc.save() if not doc.is_new() else doc.insert(set_name=landing.name)
	finally:
		frappe.flags.in_fixtures = previous
