"""A rule's Version as one line of the Review Audit Trail (neiqin.dual_review.version_text)."""

from neiqin.dual_review.version_text import describe

LABELS = {"min_reviewers": "Minimum Reviewers", "enabled": "Enabled", "reviewer_roles": "Reviewer Roles"}


def label(fieldname):
	return LABELS.get(fieldname, fieldname)


def test_changes_read_old_to_new_and_rows_are_counted():
	data = {
		"changed": [["min_reviewers", 1, 2], ["enabled", 1, 0]],
		"added": [["reviewer_roles", {"role": "Sales Manager"}], ["reviewer_roles", {"role": "X"}]],
		"removed": [["reviewer_roles", {"role": "Sales Reviewer"}]],
		"row_changed": [["checklist", 2, "abc", [["mandatory", 1, 0]]]],
	}
	text = describe(data, label, "{0} row(s) added to {1}", "{0} row(s) removed from {1}")
	assert text == (
		"Minimum Reviewers: 1 → 2; Enabled: 1 → 0; 2 row(s) added to Reviewer Roles; "
		"1 row(s) removed from Reviewer Roles; checklist #2 mandatory: 1 → 0"
	)


def test_nothing_changed_is_empty_and_none_reads_as_blank():
	assert describe({}, label, "{0}{1}", "{0}{1}") == ""
	assert describe({"changed": [["condition", None, "doc.x"]]}, label, "", "") == "condition:  → doc.x"


def test_values_are_shown_as_the_caller_says():
	data = {
		"changed": [["read_granted_to", None, "Sales Reviewer"]],
		"row_changed": [["checklist", 1, "abc", [["question", "Old", "New"]]]],
	}

	def shown(fieldname, value):
		return f"«{value}»" if value else ""

	assert (
		describe(data, label, "", "", shown)
		== "read_granted_to:  → «Sales Reviewer»; checklist #1 question: «Old» → «New»"
	)
