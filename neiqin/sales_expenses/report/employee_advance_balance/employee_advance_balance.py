"""Employee Advance Balance (借款余额): per employee, advances paid and not yet settled by claims,
by age, and what is overdue after Neiqin Settings › Advance Settle Days. One statement; User
Permissions apply (`restrict`)."""

import frappe
from frappe import _
from frappe.utils import flt, getdate

from neiqin.report_filters import answers_refusals, require_company
from neiqin.sales_expenses import advances, rules, settings
from neiqin.user_permissions import restrict

BUCKETS = ("0-30", "31-60", "61-90", "91+")


@answers_refusals
def execute(filters=None):
	filters = frappe._dict(filters or {})
	require_company(filters)
	filters.as_of_date = getdate(filters.get("as_of_date") or None)
	data = get_data(filters)
	return get_columns(), data, None, get_chart(data)


def get_data(filters) -> list[dict]:
	def hook(query, request):
		if filters.get("employee"):
			query = query.where(request.employee == filters.employee)
		return restrict(query, request, "Sales Expense Request")

	rows: dict[str, dict] = {}
	for advance in advances.open_advances(filters.company, filters.as_of_date, hook):
		row = rows.setdefault(
			advance.employee,
			{
				"employee": advance.employee,
				"employee_name": advance.employee_name,
				"requests": 0,
				"outstanding": 0.0,
				"overdue": 0.0,
				"oldest_days": 0,
				**{f"bucket_{i}": 0.0 for i in range(len(BUCKETS))},
			},
		)
		row["requests"] += 1
		row["outstanding"] = flt(row["outstanding"] + advance.outstanding, 2)
		bucket = f"bucket_{rules.ageing_bucket(advance.days)}"
		row[bucket] = flt(row[bucket] + advance.outstanding, 2)
		if advance.overdue:
			row["overdue"] = flt(row["overdue"] + advance.outstanding, 2)
		row["oldest_days"] = max(row["oldest_days"], advance.days)
	data = sorted(rows.values(), key=lambda row: (-row["overdue"], -row["outstanding"], row["employee"]))
	if filters.get("only_overdue"):
		data = [row for row in data if row["overdue"] > 0]
	return data


def get_columns() -> list[dict]:
	money = {"fieldtype": "Currency", "width": 120}
	return [
		{
			"fieldname": "employee",
			"label": _("Employee"),
			"fieldtype": "Link",
			"options": "Employee",
			"width": 130,
		},
		{"fieldname": "employee_name", "label": _("Employee Name"), "fieldtype": "Data", "width": 140},
		{"fieldname": "requests", "label": _("Requests"), "fieldtype": "Int", "width": 80},
		{"fieldname": "outstanding", "label": _("Advance Balance"), **money},
		*(
			{"fieldname": f"bucket_{i}", "label": _("{0} Days").format(label), **money}
			for i, label in enumerate(BUCKETS)
		),
		{
			"fieldname": "overdue",
			"label": _("Overdue (over {0} days)").format(settings.advance_settle_days()),
			**money,
		},
		{"fieldname": "oldest_days", "label": _("Oldest (Days)"), "fieldtype": "Int", "width": 100},
	]


def get_chart(data: list[dict]) -> dict | None:
	if not data:
		return None
	return {
		"data": {
			"labels": [row["employee_name"] or row["employee"] for row in data],
			"datasets": [
				{"name": _("Advance Balance"), "values": [row["outstanding"] for row in data]},
				{"name": _("Overdue"), "values": [row["overdue"] for row in data]},
			],
		},
		"type": "bar",
		"fieldtype": "Currency",
	}
