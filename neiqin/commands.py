"""bench commands of neiqin (frappe reads `commands` from `<app>.commands`)."""

import click
from frappe.commands import get_site, pass_context


@click.command("rebuild-contract-fulfilment")
@click.option("--sales-order", default=None, help="Rebuild only this Sales Order's table.")
@pass_context
def rebuild_contract_fulfilment(context, sales_order=None):
	"""Rebuild Contract Fulfilment tables from the orders' documents (all, or one order)."""
	import frappe

	from neiqin.contract_fulfilment.rebuild import rebuild_tables

	site = get_site(context)
	frappe.init(site=site)
	frappe.connect()
	try:
		if sales_order and not frappe.db.exists("Sales Order", sales_order):
			raise click.ClickException(f"Sales Order {sales_order} does not exist on {site}.")
		count = rebuild_tables([sales_order] if sales_order else None, commit=True)
		click.echo(f"Rebuilt the Contract Fulfilment tables of {count} Sales Order(s) on {site}.")
	finally:
		frappe.destroy()


@click.command("create-balance-confirmations")
@click.option("--company", required=True, help="Company whose customers confirm their balance.")
@click.option(
	"--period-end", default=None, help="Half-year end (YYYY-MM-DD); default: the last 30 June / 31 December."
)
@click.option("--send", is_flag=True, default=False, help="E-mail each customer its statement of accounts.")
@pass_context
def create_balance_confirmations(context, company, period_end=None, send=False):
	"""Create the half-year Customer Balance Confirmations (and e-mail the statements)."""
	import frappe

	from neiqin.registers.api import create_balance_confirmations as create

	site = get_site(context)
	frappe.init(site=site)
	frappe.connect()
	try:
		frappe.set_user("Administrator")
		if not frappe.db.exists("Company", company):
			raise click.ClickException(f"Company {company} does not exist on {site}.")
		result = create(company, period_end, send)
		frappe.db.commit()
		click.echo(
			f"Created {len(result['created'])} balance confirmation(s) on {site}; "
			f"statements e-mailed: {len(result['sent'])}, without e-mail address: {len(result['skipped'])}."
		)
	finally:
		frappe.destroy()


commands = [rebuild_contract_fulfilment, create_balance_confirmations]
