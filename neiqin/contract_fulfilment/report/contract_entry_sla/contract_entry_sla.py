"""在一个工作日内录入ERP: orders entered later than N working days after the contract was signed.

The signing date is the order's own `contract_signed_date`, else the signing date of the
signed ERPNext Contract that points at the order (`document_type` = Sales Order). Entry is
the order's creation (for an amended order: the creation of the order it amends). Working
days follow the company's default Holiday List (`neiqin.contract_fulfilment.working_days`,
pure and unit-tested). Two queries: the orders with their signing dates, the holidays.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.query_builder.functions import Coalesce, Date, Min
from frappe.utils import cint, getdate

from neiqin import people, report_filters
from neiqin.contract_fulfilment.working_days import entry_delay
from neiqin.report_filters import answers_refusals
from neiqin.user_permissions import restrict

DEFAULT_SLA_DAYS = 1


@answers_refusals
def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	validate_filters(filters)
	sla_days = get_sla_days()
	orders = get_orders(filters)
	holiday_list, holidays = get_holidays(filters.company, orders)
	rows = evaluate(orders, sla_days, holidays)
	only_late = cint(filters.get("only_late", 1))  # the desk's default, also over the API
	shown = [row for row in rows if row["is_late"]] if only_late else rows
	return (
		get_columns(),
		shown,
		get_message(filters.company, holiday_list),
		None,
		get_report_summary(rows, sla_days),
	)


def validate_filters(filters: frappe._dict) -> None:
	report_filters.require_company(filters)
	report_filters.check_date_range(filters)


def get_sla_days() -> int:
	value = frappe.db.get_single_value("Neiqin Settings", "entry_sla_working_days")
	return DEFAULT_SLA_DAYS if value is None else max(cint(value), 0)


def get_orders(filters: frappe._dict) -> list[dict]:
	"""Orders (draft or submitted) with a signing date inside the filters (one query)."""
	so = frappe.qb.DocType("Sales Order")
	original = frappe.qb.DocType("Sales Order").as_("original")
	contract = frappe.qb.DocType("Contract")
	signed_contracts = (
		frappe.qb.from_(contract)
		.select(
			contract.document_name,
			Min(contract.signed_on).as_("signed_on"),
			Min(contract.name).as_("contract"),
		)
		.where(contract.document_type == "Sales Order")
		.where(contract.is_signed == 1)
		.where(contract.signed_on.isnotnull())
		.where(contract.docstatus < 2)
		.groupby(contract.document_name)
	).as_("signed_contracts")
	signed_date = Coalesce(so.contract_signed_date, Date(signed_contracts.signed_on))
	query = (
		frappe.qb.from_(so)
		.left_join(signed_contracts)
		.on(signed_contracts.document_name == so.name)
		.left_join(original)
		.on(original.name == so.amended_from)
		.select(
			so.name.as_("sales_order"),
			so.customer,
			so.customer_name,
			so.transaction_date,
			so.docstatus,
			so.owner,
			so.contract_signed_date,
			signed_contracts.signed_on.as_("contract_signed_on"),
			signed_contracts.contract,
			Coalesce(original.creation, so.creation).as_("entered_on"),
			Coalesce(original.owner, so.owner).as_("entered_by"),
		)
		.where(so.company == filters.company)
		.where(so.docstatus < 2)
		.where(signed_date.isnotnull())
		.orderby(signed_date)
		.orderby(so.name)
	)
	if filters.from_date:
		query = query.where(signed_date >= getdate(filters.from_date))
	if filters.to_date:
		query = query.where(signed_date <= getdate(filters.to_date))
	if filters.customer:
		query = query.where(so.customer == filters.customer)
	return restrict(query, so, "Sales Order", children=("Sales Team",)).run(as_dict=True)


def get_holidays(company: str, orders: list[dict]) -> tuple[str | None, set]:
	"""(holiday list, {dates}) of the company's default Holiday List over the orders' span."""
	holiday_list = frappe.get_cached_value("Company", company, "default_holiday_list")
	if not holiday_list or not orders:
		return holiday_list, set()
	start = min(signed_date(order) for order in orders)
	end = max(getdate(order.entered_on) for order in orders)
	holidays = frappe.get_all(
		"Holiday",
		filters={
			"parenttype": "Holiday List",
			"parent": holiday_list,
			"holiday_date": ("between", [start, max(start, end)]),
		},
		pluck="holiday_date",
	)
	return holiday_list, {getdate(day) for day in holidays}


def signed_date(order) -> object:
	if order.contract_signed_date:
		return getdate(order.contract_signed_date)
	return getdate(order.contract_signed_on)


def evaluate(orders: list[dict], sla_days: int, holidays: set) -> list[dict]:
	rows = []
	names = people.full_names(order.entered_by for order in orders)
	for order in orders:
		signed = signed_date(order)
		entered = getdate(order.entered_on)
		delay = entry_delay(signed, entered, sla_days, holidays)
		rows.append(
			{
				"sales_order": order.sales_order,
				"customer": order.customer,
				"customer_name": order.customer_name,
				"signed_date": signed,
				"signed_date_source": _("Sales Order") if order.contract_signed_date else _("Contract"),
				"contract": order.contract,
				"entered_on": order.entered_on,
				"entered_by": names.get(order.entered_by, order.entered_by),
				"deadline": delay["deadline"],
				"allowed_days": sla_days,
				"working_days": delay["working_days"],
				"days_late": delay["days_late"],
				"is_late": int(delay["is_late"]),
			}
		)
	return rows


def get_columns() -> list[dict]:
	return [
		{
			"label": _("Sales Order"),
			"fieldname": "sales_order",
			"fieldtype": "Link",
			"options": "Sales Order",
			"width": 160,
		},
		{
			"label": _("Customer"),
			"fieldname": "customer",
			"fieldtype": "Link",
			"options": "Customer",
			"width": 140,
		},
		{"label": _("Customer Name"), "fieldname": "customer_name", "fieldtype": "Data", "width": 160},
		{"label": _("Contract Signed Date"), "fieldname": "signed_date", "fieldtype": "Date", "width": 100},
		{
			"label": _("Signed Date From"),
			"fieldname": "signed_date_source",
			"fieldtype": "Data",
			"width": 110,
		},
		{
			"label": _("Contract"),
			"fieldname": "contract",
			"fieldtype": "Link",
			"options": "Contract",
			"width": 130,
		},
		{"label": _("Entered On"), "fieldname": "entered_on", "fieldtype": "Datetime", "width": 160},
		people.person_column(_("Entered By"), "entered_by", 150),
		{"label": _("Entry Deadline"), "fieldname": "deadline", "fieldtype": "Date", "width": 110},
		{"label": _("Allowed Working Days"), "fieldname": "allowed_days", "fieldtype": "Int", "width": 110},
		{"label": _("Working Days Taken"), "fieldname": "working_days", "fieldtype": "Int", "width": 110},
		{"label": _("Working Days Late"), "fieldname": "days_late", "fieldtype": "Int", "width": 110},
		{"label": _("Late"), "fieldname": "is_late", "fieldtype": "Check", "width": 60},
	]


def get_message(company: str, holiday_list: str | None) -> str | None:
	if holiday_list:
		return None
	return _("Company {0} has no default Holiday List, so every day counts as a working day.").format(
		frappe.bold(company)
	)


def get_report_summary(rows: list[dict], sla_days: int) -> list[dict]:
	late = sum(row["is_late"] for row in rows)
	on_time_rate = round(100.0 * (len(rows) - late) / len(rows), 2) if rows else 0.0
	return [
		{"label": _("Allowed Working Days"), "value": sla_days, "datatype": "Int", "indicator": "Blue"},
		{"label": _("Orders Checked"), "value": len(rows), "datatype": "Int", "indicator": "Blue"},
		{
			"label": _("Entered Late"),
			"value": late,
			"datatype": "Int",
			"indicator": "Red" if late else "Green",
		},
		{
			"label": _("Entered On Time"),
			"value": on_time_rate,
			"datatype": "Percent",
			"indicator": "Green" if not late else "Orange",
		},
	]
