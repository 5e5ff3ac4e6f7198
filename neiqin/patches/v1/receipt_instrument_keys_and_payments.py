"""Receipt instruments of existing sites: the normalised duplicate key (number and drawer bank,
case, spaces, hyphens and full-width characters ignored) is stored, and the Payment Entries an
instrument became (and their amendments) name the instrument they settle."""

import frappe
from frappe.custom.doctype.custom_field.custom_field import create_custom_fields

from neiqin.custom_fields import CUSTOM_FIELDS
from neiqin.registers import rules
from neiqin.registers.instruments import DOCTYPE, PAYMENT_LINK


def execute():
	create_custom_fields({"Payment Entry": CUSTOM_FIELDS["Payment Entry"]}, ignore_validate=True, update=True)
	rows = frappe.get_all(DOCTYPE, fields=["name", "instrument_number", "drawer_bank", "payment_entry"])
	for row in rows:
		key = rules.instrument_key(row.instrument_number, row.drawer_bank)
		frappe.db.set_value(DOCTYPE, row.name, "instrument_key", key, update_modified=False)
		if row.payment_entry:
			link_payment_chain(row.payment_entry, row.name)


def link_payment_chain(payment: str, instrument: str) -> None:
	"""`payment`, the entries it amends and the entries amending it settle `instrument`."""
	seen = set()
	todo = [payment]
	while todo:
		name = todo.pop()
		if not name or name in seen or not frappe.db.exists("Payment Entry", name):
			continue
		seen.add(name)
		if not frappe.db.get_value("Payment Entry", name, PAYMENT_LINK):
			frappe.db.set_value("Payment Entry", name, PAYMENT_LINK, instrument, update_modified=False)
		todo.append(frappe.db.get_value("Payment Entry", name, "amended_from"))
		todo += frappe.get_all("Payment Entry", filters={"amended_from": name}, pluck="name")
