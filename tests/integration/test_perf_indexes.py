"""Issue 12, point 6: the indexes of `neiqin.indexes` exist on the site (install / migrate /
patch), with their columns in order."""

import frappe

from neiqin import indexes


def test_every_index_exists_with_its_columns_in_order():
	assert indexes.missing() == []
	for doctype, columns in indexes.INDEXES:
		rows = frappe.db.sql(
			f"SHOW INDEX FROM `tab{doctype}` WHERE Key_name = %s", indexes.index_name(columns), as_dict=True
		)
		assert tuple(row.Column_name for row in sorted(rows, key=lambda r: r.Seq_in_index)) == columns


def test_the_patch_and_every_migrate_apply_them():
	patches = frappe.get_file_items(frappe.get_app_path("neiqin", "patches.txt"))
	assert "neiqin.patches.v1.add_report_indexes" in patches
	assert frappe.db.exists("Patch Log", {"patch": "neiqin.patches.v1.add_report_indexes"})
	from neiqin.install import SETUP_STEPS

	assert "neiqin.indexes.apply" in SETUP_STEPS


def test_the_columns_reports_filter_on_are_covered():
	leading = {(doctype, columns[0]) for doctype, columns in indexes.INDEXES}
	assert leading >= {
		("Contract Fulfilment", "company"),
		("Contract Fulfilment", "is_overdue"),
		("Contract Fulfilment", "sales_person"),
		("Contract Fulfilment", "territory"),
		("Contract Fulfilment Item", "status"),
		("Contract Fulfilment Item", "delivery_date"),
		("Sales Material Log", "company"),
		("Sales Material Log", "dispatch_date"),
		("Sales Material Log", "courier"),
		("Sales Material Log", "status"),
		("Sales Material Log", "kind"),
		("Document Review", "reviewer"),
		("Document Review", "status"),
		("Document Review", "review_rule"),
	}
