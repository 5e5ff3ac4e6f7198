"""Demo logins: one user per role (password `PASSWORD`), desk in Chinese."""

from __future__ import annotations

import frappe

from neiqin.demo import builders

PASSWORD = "Neiqin-Demo-1"

# key -> (login, 姓, 名, roles)
USERS = {
	"clerk": (
		"clerk@neiqin.demo",
		"王",
		"内勤",
		["Sales Admin", "Sales User", "Stock User", "Accounts User"],
	),
	"reviewer": ("reviewer1@neiqin.demo", "李", "复核", ["Sales Reviewer"]),
	"reviewer2": ("reviewer2@neiqin.demo", "张", "复核", ["Sales Reviewer"]),
	"manager": ("manager@neiqin.demo", "赵", "经理", ["Sales Manager", "Sales User"]),
	"finance": ("finance@neiqin.demo", "钱", "财务", ["Accounts User", "Accounts Manager"]),
	# sales expenses: a salesperson who asks and claims, the general manager who approves special ones
	"sales": ("sales@neiqin.demo", "孙", "业务", ["Sales User"]),
	"gm": ("gm@neiqin.demo", "周", "总经理", ["General Manager"]),
}


def load() -> None:
	for email, last_name, first_name, roles in USERS.values():
		builders.ensure_user(
			email, roles, PASSWORD, first_name=first_name, last_name=last_name, language="zh"
		)
		frappe.db.set_value("User", email, "language", "zh")


def user(key: str) -> str:
	return USERS[key][0]
