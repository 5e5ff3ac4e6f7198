"""The inventory (tests/integration/inventory.py) lists what the site knows of neiqin: a report,
doctype, module or whitelisted method it missed would silently escape every test built on it."""

import importlib

import frappe
import pytest

from tests.integration.inventory import (
	APP,
	assert_covered,
	document_method,
	neiqin_doctypes,
	neiqin_modules,
	neiqin_reports,
	neiqin_whitelisted_methods,
)


def test_modules_are_the_module_defs_of_the_app():
	assert set(neiqin_modules()) == set(frappe.get_all("Module Def", {"app_name": "neiqin"}, pluck="name"))


def test_reports_are_the_standard_reports_of_neiqins_modules():
	on_site = frappe.get_all(
		"Report", filters={"module": ("in", neiqin_modules()), "is_standard": "Yes"}, pluck="name"
	)
	assert neiqin_reports() == sorted(on_site)
	assert len(neiqin_reports()) >= 18


def test_doctypes_are_the_doctypes_of_neiqins_modules():
	on_site = frappe.get_all(
		"DocType", filters={"module": ("in", neiqin_modules()), "custom": 0}, pluck="name"
	)
	assert neiqin_doctypes() == sorted(on_site)
	tables = set(frappe.get_all("DocType", filters={"name": ("in", on_site), "istable": 1}, pluck="name"))
	singles = set(frappe.get_all("DocType", filters={"name": ("in", on_site), "issingle": 1}, pluck="name"))
	assert tables and singles
	assert set(neiqin_doctypes(child=False, single=False)) == set(on_site) - tables - singles


def test_whitelisted_methods_are_every_whitelisted_function_and_document_method():
	methods = neiqin_whitelisted_methods()
	# as many as the decorators in neiqin's source: no module was left unimported
	decorated = sum(
		path.read_text(encoding="utf-8").count("@frappe.whitelist(") for path in APP.rglob("*.py")
	)
	assert len(methods) == decorated >= 21
	assert "neiqin.registers.api.sign_for_instrument" in methods
	verify = "neiqin.sales_compliance.doctype.customer_qualification.customer_qualification.CustomerQualification.verify"
	assert verify in methods
	assert document_method(verify) == ("Customer Qualification", "verify")
	assert document_method("neiqin.registers.api.sign_for_instrument") is None
	for path in methods:  # each one resolves to the function frappe registered
		assert resolve(path) in frappe.whitelisted, path


def resolve(path: str):
	parts = path.split(".")
	for split in range(len(parts) - 1, 0, -1):
		try:
			target = importlib.import_module(".".join(parts[:split]))
		except ImportError:
			continue
		for part in parts[split:]:
			target = getattr(target, part)
		return target
	raise AssertionError(f"{path} does not resolve")


def test_a_table_that_misses_one_or_names_a_stale_one_fails():
	assert_covered(["a", "b"], ["b", "a"], "report")
	with pytest.raises(AssertionError, match=r"not covered.*'c'"):
		assert_covered(["a", "b"], ["a", "b", "c"], "report")
	with pytest.raises(AssertionError, match=r"no longer has.*'z'"):
		assert_covered(["a", "b", "z"], ["a", "b"], "report")
