"""每日收到货款明细报表: money received from customers by receipt (posting) date — Payment
Entries and Journal Entries crediting a customer into a bank or cash account — with the
invoices and orders each receipt settles, and totals by mode of payment."""

from frappe import _

from neiqin import charts
from neiqin.report_filters import answers_refusals
from neiqin.sales_reports import queries
from neiqin.sales_reports.common import (
	company_currency,
	currency_column,
	hidden_currency_column,
	summary_card,
	validate_filters,
)
from neiqin.sales_reports.receipts import receipt_rows, settling, totals_by_mode


@answers_refusals
def execute(filters=None):
	filters = validate_filters(filters)
	currency = company_currency(filters.company)
	rows = get_receipts(filters)
	by_mode = totals_by_mode(rows)
	return (
		get_columns(),
		get_data(rows, currency),
		None,
		get_chart_data(by_mode),
		get_report_summary(by_mode, currency),
	)


def get_receipts(filters) -> list[dict]:
	period = (filters, filters.from_date, filters.to_date)
	payments = queries.payment_receipts(*period)
	journal_lines = queries.journal_receipts(*period)
	settled = {
		(row.reference_doctype, row.reference_name)
		for row in [*payments, *journal_lines]
		if row.reference_doctype in ("Sales Invoice", "Sales Order") and row.reference_name
	}
	invoices = {name for doctype, name in settled if doctype == "Sales Invoice"}
	rows = receipt_rows(payments, journal_lines, queries.orders_by_invoice(invoices))
	if filters.get("sales_person"):
		persons = queries.tree_names("Sales Person", filters.sales_person)
		teams = queries.document_teams(settled)
		rows = settling(rows, {doc for doc, team in teams.items() if any(p in persons for p, _pct in team)})
	return rows


def get_columns() -> list[dict]:
	return [
		{"fieldname": "date", "label": _("Receipt Date"), "fieldtype": "Date", "width": 100},
		{
			"fieldname": "voucher_type",
			"label": _("Voucher Type"),
			"fieldtype": "Data",
			"width": 120,
		},
		{
			"fieldname": "voucher_no",
			"label": _("Voucher"),
			"fieldtype": "Dynamic Link",
			"options": "voucher_type",
			"width": 180,
		},
		{
			"fieldname": "customer",
			"label": _("Customer"),
			"fieldtype": "Link",
			"options": "Customer",
			"width": 150,
		},
		{"fieldname": "customer_name", "label": _("Customer Name"), "fieldtype": "Data", "width": 160},
		{
			"fieldname": "mode_of_payment",
			"label": _("Mode of Payment"),
			"fieldtype": "Link",
			"options": "Mode of Payment",
			"width": 130,
		},
		{"fieldname": "reference_no", "label": _("Reference No"), "fieldtype": "Data", "width": 130},
		{"fieldname": "reference_date", "label": _("Reference Date"), "fieldtype": "Date", "width": 110},
		{
			"fieldname": "account_currency",
			"label": _("Account Currency"),
			"fieldtype": "Data",
			"width": 80,
		},
		{
			"fieldname": "amount",
			"label": _("Amount in Account Currency"),
			"fieldtype": "Currency",
			"options": "account_currency",
			"width": 140,
		},
		currency_column("base_amount", _("Received Amount")),
		currency_column("unallocated", _("Unallocated Amount")),
		{"fieldname": "invoices", "label": _("Invoices Settled"), "fieldtype": "Data", "width": 200},
		{"fieldname": "orders", "label": _("Orders Settled"), "fieldtype": "Data", "width": 200},
		hidden_currency_column(),
	]


def get_data(rows: list[dict], currency: str) -> list[dict]:
	data = []
	for row in rows:
		row = dict(row)
		row.pop("documents")
		row["account_currency"] = row.pop("currency")
		row["currency"] = currency
		row["invoices"] = ", ".join(row["invoices"])
		row["orders"] = ", ".join(row["orders"])
		data.append(row)
	return data


def mode_label(mode: str | None) -> str:
	# ERPNext's modes of payment (Cash, Wire Transfer, ...) have translations
	return _(mode) if mode else _("No Mode of Payment")


def get_chart_data(by_mode: list[tuple[str | None, float]]) -> dict | None:
	if not by_mode:
		return None
	return {
		"data": {
			"labels": [mode_label(mode) for mode, _amount in by_mode],
			"datasets": [{"name": _("Received Amount"), "values": [amount for _mode, amount in by_mode]}],
		},
		# no "fieldtype": frappe formats donut legend values with it as HTML, shown as text
		"type": "donut",
		# one colour per mode of payment on every visit
		"colors": charts.colours(mode for mode, _amount in by_mode),
	}


def get_report_summary(by_mode: list[tuple[str | None, float]], currency: str) -> list[dict]:
	cards = [summary_card(mode_label(mode), amount, currency) for mode, amount in by_mode]
	total = round(sum(amount for _mode, amount in by_mode), 2)
	cards.append(summary_card(_("Total Received"), total, currency, indicator="Green"))
	return cards
