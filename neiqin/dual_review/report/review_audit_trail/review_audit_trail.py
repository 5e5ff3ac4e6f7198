"""Every decision on every document the user may read, every change of a review rule (who,
when, old → new, from frappe's Version and Deleted Document) and every change of reviewed
content after submit. Text columns are escaped: comments and reasons are data."""

import json

import frappe
from frappe import _
from frappe.query_builder.functions import Coalesce
from frappe.utils import add_to_date, escape_html, get_datetime, getdate

from neiqin import stored_text
from neiqin.dual_review import version_text
from neiqin.dual_review.edits import CHANGED_AFTER_SUBMIT
from neiqin.report_filters import answers_refusals, check_date_range
from neiqin.user_permissions import readable_documents

REVIEW, RULE_CHANGED, RULE_DELETED = "Decision", "Rule Changed", "Rule Deleted"
SETTING_CHANGED = "Control Setting Changed"
SETTINGS = "Neiqin Settings"
TEXT_COLUMNS = ("rule_title", "comment", "override_justification", "void_reason")


@answers_refusals
def execute(filters: dict | None = None):
	filters = validate_filters(frappe._dict(filters or {}))
	data = (
		get_data(filters)
		+ get_content_changes(filters)
		+ get_rule_changes(filters)
		+ get_setting_changes(filters)
	)
	data.sort(key=lambda row: (str(row.reviewed_on or ""), row.name or ""))
	for row in data:
		for column in TEXT_COLUMNS:
			row[column] = escape_html(row.get(column) or "")
	return get_columns(), data, None, None, get_report_summary(data)


def validate_filters(filters):
	check_date_range(filters)
	return filters


def get_columns() -> list[dict]:
	return [
		{"label": _("Event"), "fieldname": "event", "fieldtype": "Data", "width": 130},
		{
			"label": _("Document Type", context="neiqin"),
			"fieldname": "reference_doctype",
			# Data, not Link to DocType: frappe refuses a report with a Link column to users
			# who cannot read the linked doctype (no reviewer reads DocType); the report
			# script shows the name translated
			"fieldtype": "Data",
			"width": 120,
		},
		{
			"label": _("Document", context="neiqin"),
			"fieldname": "reference_name",
			"fieldtype": "Dynamic Link",
			"options": "reference_doctype",
			"width": 170,
		},
		{"label": _("Review Rule"), "fieldname": "rule_title", "fieldtype": "Data", "width": 200},
		{
			"label": _("Reviewer"),
			"fieldname": "reviewer",
			"fieldtype": "Link",
			"options": "User",
			"width": 160,
		},
		{"label": _("Decision"), "fieldname": "decision", "fieldtype": "Data", "width": 90},
		{"label": _("Status"), "fieldname": "status", "fieldtype": "Data", "width": 80},
		{"label": _("Reviewed On"), "fieldname": "reviewed_on", "fieldtype": "Datetime", "width": 160},
		{"label": _("Time Taken"), "fieldname": "review_duration", "fieldtype": "Duration", "width": 110},
		{"label": _("Comment"), "fieldname": "comment", "fieldtype": "Data", "width": 200},
		{
			"label": _("Override Justification"),
			"fieldname": "override_justification",
			"fieldtype": "Data",
			"width": 180,
		},
		{"label": _("Voided On"), "fieldname": "voided_on", "fieldtype": "Datetime", "width": 160},
		{
			"label": _("Voided By"),
			"fieldname": "voided_by",
			"fieldtype": "Link",
			"options": "User",
			"width": 150,
		},
		{"label": _("Void Reason"), "fieldname": "void_reason", "fieldtype": "Data", "width": 260},
		{
			"label": _("Document Review"),
			"fieldname": "name",
			"fieldtype": "Link",
			"options": "Document Review",
			"width": 110,
		},
	]


def get_data(filters) -> list[dict]:
	review = frappe.qb.DocType("Document Review")
	rule = frappe.qb.DocType("Review Rule")
	reviewed_on = Coalesce(review.reviewed_on, review.creation)
	query = (
		frappe.qb.from_(review)
		.left_join(rule)
		.on(rule.name == review.review_rule)
		.select(
			review.name,
			review.reference_doctype,
			review.reference_name,
			Coalesce(rule.title, review.review_rule).as_("rule_title"),
			review.reviewer,
			review.decision,
			review.status,
			reviewed_on.as_("reviewed_on"),
			review.review_duration,
			review.comment,
			review.override_justification,
			review.voided_on,
			review.voided_by,
			review.void_reason,
			review.void_reason_message,
		)
		.orderby(review.reference_doctype)
		.orderby(review.reference_name)
		.orderby(reviewed_on)
	)
	if filters.document_type:
		query = query.where(review.reference_doctype == filters.document_type)
	if filters.document:
		query = query.where(review.reference_name == filters.document)
	if filters.reviewer:
		query = query.where(review.reviewer == filters.reviewer)
	if filters.from_date:
		query = query.where(reviewed_on >= get_datetime(filters.from_date))
	if filters.to_date:
		query = query.where(reviewed_on < add_to_date(get_datetime(getdate(filters.to_date)), days=1))
	rows = readable(query.run(as_dict=True))
	for row in rows:
		row.event_label, row.event = REVIEW, _(REVIEW)
		row.decision_label, row.decision = row.decision, _(row.decision)
		row.status = _(row.status)
		row.void_reason = stored_text.show(row.pop("void_reason_message") or row.void_reason)
	return rows


def readable(rows: list) -> list:
	"""Only rows whose document the user may read (one query per document type)."""
	by_doctype: dict[str, set] = {}
	for row in rows:
		by_doctype.setdefault(row.reference_doctype, set()).add(row.reference_name)
	allowed = set()
	for doctype, names in by_doctype.items():
		if not frappe.db.exists("DocType", doctype) or not frappe.has_permission(doctype, "read"):
			continue
		found = frappe.get_list(doctype, filters={"name": ("in", list(names))}, pluck="name")
		allowed.update((doctype, name) for name in found)
	# and judged as frappe opens the document (its child rows, its customer's territory …)
	allowed = readable_documents(allowed)
	return [row for row in rows if (row.reference_doctype, row.reference_name) in allowed]


def in_period(filters, moment) -> bool:
	moment = get_datetime(moment)
	if filters.from_date and moment < get_datetime(filters.from_date):
		return False
	return not (filters.to_date and moment >= add_to_date(get_datetime(getdate(filters.to_date)), days=1))


def get_content_changes(filters) -> list[dict]:
	"""Changes of reviewed content after submit (Review Content Change rows)."""
	conditions = {"event": CHANGED_AFTER_SUBMIT}
	if filters.document_type:
		conditions["reference_doctype"] = filters.document_type
	if filters.document:
		conditions["reference_name"] = filters.document
	if filters.reviewer:
		conditions["user"] = filters.reviewer
	changes = frappe.get_all(
		"Review Content Change",
		filters=conditions,
		fields=[
			"name",
			"reference_doctype",
			"reference_name",
			"user",
			"changed_on",
			"changes",
			"changes_message",
			"review_rules",
		],
	)
	rows = []
	for change in readable([frappe._dict(c) for c in changes]):
		if not in_period(filters, change.changed_on):
			continue
		titles = [
			_(frappe.db.get_value("Review Rule", rule, "title") or rule)
			for rule in (change.review_rules or "").splitlines()
		]
		rows.append(
			frappe._dict(
				event_label=CHANGED_AFTER_SUBMIT,
				event=_(CHANGED_AFTER_SUBMIT),
				reference_doctype=change.reference_doctype,
				reference_name=change.reference_name,
				rule_title=", ".join(titles),
				reviewer=change.user,
				reviewed_on=change.changed_on,
				comment=stored_text.show(change.changes_message or change.changes),
				name=change.name,
			)
		)
	return rows


def get_rule_changes(filters) -> list[dict]:
	"""Who changed or deleted which review rule, when, old → new (frappe's Version and Deleted
	Document), for users who may read review rules."""
	if filters.document or not frappe.has_permission("Review Rule", "read"):
		return []
	conditions = {"ref_doctype": "Review Rule"}
	if filters.reviewer:
		conditions["owner"] = filters.reviewer
	versions = frappe.get_all(
		"Version", filters=conditions, fields=["name", "docname", "owner", "creation", "data"]
	)
	deleted_conditions = {"deleted_doctype": "Review Rule"}
	if filters.reviewer:
		deleted_conditions["owner"] = filters.reviewer
	deleted = frappe.get_all(
		"Deleted Document",
		filters=deleted_conditions,
		fields=["name", "deleted_name", "owner", "creation", "data"],
	)
	rules = {
		rule.name: rule for rule in frappe.get_all("Review Rule", fields=["name", "title", "document_type"])
	}
	# rules deleted since: their title and document type come from the deleted copy
	for entry in deleted:
		old = frappe._dict(json.loads(entry.data or "{}"))
		entry.rule = frappe._dict(
			title=old.title or entry.deleted_name, document_type=old.document_type or ""
		)
		rules.setdefault(entry.deleted_name, entry.rule)
		# the versions frappe deleted with the rule (kept by ReviewRule.keep_history_when_deleted)
		kept = (old.get("__onload") or {}).get("version_history") or []
		versions += [
			frappe._dict(version, docname=entry.deleted_name)
			for version in kept
			if not filters.reviewer or version.get("owner") == filters.reviewer
		]
	rows = []
	for version in versions:
		rule = rules.get(version.docname) or frappe._dict(title=version.docname, document_type="")
		data = json.loads(version.data or "{}")
		text = (
			describe_rule_change(data)
			if data.get("changed") or data.get("added") or data.get("removed") or data.get("row_changed")
			else _("created")
		)
		rows.append(rule_row(RULE_CHANGED, version.docname, rule, version, text))
	for entry in deleted:
		rows.append(rule_row(RULE_DELETED, entry.deleted_name, entry.rule, entry, _("deleted")))
	return [
		row
		for row in rows
		if in_period(filters, row.reviewed_on)
		and (not filters.document_type or row.governed_doctype == filters.document_type)
	]


def get_setting_changes(filters) -> list[dict]:
	"""Who changed which control of Neiqin Settings (its fields of permission level 1: what decides
	whether goods may leave), when, old → new, for users who may read the settings."""
	if filters.document or (filters.document_type and filters.document_type != SETTINGS):
		return []
	if not frappe.has_permission(SETTINGS, "read"):
		return []
	meta = frappe.get_meta(SETTINGS)
	controls = {df.fieldname for df in meta.fields if (df.permlevel or 0) >= 1}
	conditions = {"ref_doctype": SETTINGS, "docname": SETTINGS}
	if filters.reviewer:
		conditions["owner"] = filters.reviewer
	label = lambda fieldname: _(meta.get_label(fieldname)) if meta.has_field(fieldname) else fieldname  # noqa: E731
	rows = []
	for version in frappe.get_all(
		"Version", filters=conditions, fields=["name", "owner", "creation", "data"]
	):
		data = json.loads(version.data or "{}")
		kept = {
			"changed": [c for c in data.get("changed") or () if c[0] in controls],
			"added": [r for r in data.get("added") or () if r[0] in controls],
			"removed": [r for r in data.get("removed") or () if r[0] in controls],
			"row_changed": [r for r in data.get("row_changed") or () if r[0] in controls],
		}
		if not any(kept.values()) or not in_period(filters, version.creation):
			continue
		rows.append(
			frappe._dict(
				event_label=SETTING_CHANGED,
				event=_(SETTING_CHANGED),
				reference_doctype=SETTINGS,
				reference_name=SETTINGS,
				rule_title="",
				reviewer=version.owner,
				reviewed_on=version.creation,
				comment=version_text.describe(
					kept, label, _("{0} row(s) added to {1}"), _("{0} row(s) removed from {1}")
				),
				name=version.name,
			)
		)
	return rows


def rule_row(event: str, rule_name: str, rule, source, text: str):
	return frappe._dict(
		event_label=event,
		event=_(event),
		reference_doctype="Review Rule",
		reference_name=rule_name,
		governed_doctype=rule.document_type,
		rule_title=_(rule.title or rule_name),
		reviewer=source.owner,
		reviewed_on=source.creation,
		comment=text,
		name=source.name,
	)


# fields of a Review Rule whose values are shown in the reader's language
STORED_IN_ENGLISH = ("title", "document_type", "read_granted_to", "question")


def describe_rule_change(data: dict) -> str:
	meta = frappe.get_meta("Review Rule")
	metas = [meta, *(frappe.get_meta(df.options) for df in meta.get_table_fields())]

	def label(fieldname: str) -> str:
		for m in metas:
			if m.has_field(fieldname):
				return _(m.get_label(fieldname))
		return fieldname

	def value(fieldname: str, stored) -> str:
		# titles, questions, document types and roles are stored in English: one name per line
		if fieldname in STORED_IN_ENGLISH and stored:
			return ", ".join(_(line.strip()) for line in str(stored).splitlines() if line.strip())
		return version_text.plain(fieldname, stored)

	return version_text.describe(
		data, label, _("{0} row(s) added to {1}"), _("{0} row(s) removed from {1}"), value
	)


def get_report_summary(data: list[dict]) -> list[dict]:
	reviews = [row for row in data if row.event_label == REVIEW]
	approved = [row for row in reviews if row.decision_label == "Approved"]
	timed = [row.review_duration for row in reviews if row.review_duration]
	average = sum(timed) / len(timed) if timed else 0
	return [
		{
			"value": len({(r.reference_doctype, r.reference_name) for r in reviews}),
			"label": _("Documents"),
			"datatype": "Int",
		},
		{"value": len(approved), "label": _("Approvals"), "datatype": "Int", "indicator": "Green"},
		{
			"value": sum(1 for r in reviews if r.decision_label == "Rejected"),
			"label": _("Rejections"),
			"datatype": "Int",
			"indicator": "Red",
		},
		{
			"value": sum(1 for r in reviews if r.voided_on),
			"label": _("Voided"),
			"datatype": "Int",
			"indicator": "Grey",
		},
		{"value": average / 3600, "label": _("Average Hours to Review"), "datatype": "Float"},
		{
			"value": sum(1 for r in data if r.event_label in (RULE_CHANGED, RULE_DELETED)),
			"label": _("Rule Changes"),
			"datatype": "Int",
		},
		{
			"value": sum(1 for r in data if r.event_label == SETTING_CHANGED),
			"label": _("Control Setting Changes"),
			"datatype": "Int",
			"indicator": "Orange",
		},
		{
			"value": sum(1 for r in data if r.event_label == CHANGED_AFTER_SUBMIT),
			"label": _("Changes After Submit"),
			"datatype": "Int",
			"indicator": "Orange",
		},
	]
