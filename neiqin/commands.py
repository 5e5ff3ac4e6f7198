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


commands = [rebuild_contract_fulfilment]
