import ast
import hashlib

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils.safe_exec import get_safe_globals, safe_eval

from neiqin.dual_review import checks
from neiqin.dual_review.exceptions import (
	ForbiddenReviewerRoleError,
	InvalidReviewRuleError,
	ReviewRuleProtectedError,
)
from neiqin.dual_review.rules import clear_governed_cache
from neiqin.escaping import bold
from neiqin.permissions import grant_review_read, release_review_read

RULE_WRITER_ROLE = "System Manager"
# roles everybody (or nobody in particular) holds: naming them would make anyone a reviewer
FORBIDDEN_REVIEWER_ROLES = ("All", "Guest", "Desk User", "Administrator")


class ReviewRule(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from neiqin.dual_review.doctype.review_rule_check.review_rule_check import ReviewRuleCheck
		from neiqin.dual_review.doctype.review_rule_checklist_item.review_rule_checklist_item import (
			ReviewRuleChecklistItem,
		)
		from neiqin.dual_review.doctype.review_rule_role.review_rule_role import ReviewRuleRole
		from neiqin.dual_review.doctype.review_rule_user.review_rule_user import ReviewRuleUser

		allow_changes_after_submit: DF.Check
		automatic_checks: DF.Table[ReviewRuleCheck]
		checklist: DF.Table[ReviewRuleChecklistItem]
		condition: DF.Code | None
		document_type: DF.Link
		enabled: DF.Check
		min_reviewers: DF.Int
		read_granted_to: DF.SmallText | None
		reviewer_roles: DF.TableMultiSelect[ReviewRuleRole]
		reviewer_users: DF.TableMultiSelect[ReviewRuleUser]
		sequence: DF.Int
		title: DF.Data
		wait_for_previous: DF.Check
	# end: auto-generated types

	def validate(self):
		self.refuse_unless_rule_writer()
		self.keep_version()
		self.validate_document_type()
		self.validate_min_reviewers()
		self.validate_reviewers()
		self.validate_reviewer_roles()
		self.validate_condition()
		self.validate_checks()

	def on_update(self):
		clear_governed_cache()
		self.sync_read_grants()
		self.warn_about_users_who_cannot_read()

	def on_trash(self):
		self.refuse_unless_rule_writer()
		self.keep_history_when_deleted()
		clear_governed_cache()
		release_review_read(self.document_type, self.granted_roles(), self.name)

	# ------------------------------------------------------------------ a control, not a setting

	def refuse_unless_rule_writer(self):
		"""Rules are controls: only a System Manager creates, changes, enables, disables or
		deletes one — from the desk, REST, import or server code (ignore_permissions too)."""
		if RULE_WRITER_ROLE in frappe.get_roles():
			return
		frappe.throw(
			_("Only a {0} may create, change or delete review rules; {1} cannot.").format(
				bold(_(RULE_WRITER_ROLE)), bold(frappe.session.user)
			),
			ReviewRuleProtectedError,
			title=_("Not Permitted"),
		)

	def keep_version(self):
		"""Every change of a rule is kept as a Version (who, when, old -> new) for the Review
		Audit Trail, also where frappe would skip it (tests, `ignore_version`)."""
		self.flags.ignore_version = False

	def keep_history_when_deleted(self):
		"""frappe deletes a document's Versions with it; the Deleted Document keeps them (in
		`__onload`), so the Review Audit Trail still shows every change of a deleted rule."""
		self.set_onload(
			"version_history",
			frappe.get_all(
				"Version",
				filters={"ref_doctype": self.doctype, "docname": self.name},
				fields=["name", "owner", "creation", "data"],
				order_by="creation asc",
			),
		)

	# ------------------------------------------------------------------ validation

	def validate_document_type(self):
		meta = frappe.get_meta(self.document_type)
		if not meta.is_submittable or meta.istable or meta.issingle:
			frappe.throw(
				_("Review rules apply to submittable document types only; {0} is not one.").format(
					bold(_(self.document_type))
				),
				InvalidReviewRuleError,
			)

	def validate_min_reviewers(self):
		if (self.min_reviewers or 0) < 1:
			frappe.throw(_("Minimum Reviewers must be at least 1."), InvalidReviewRuleError)

	def validate_reviewers(self):
		if not self.get_roles() and not self.get_users():
			frappe.throw(
				_("Name at least one reviewer role or reviewer user for review rule {0}.").format(
					bold(self.title)
				),
				InvalidReviewRuleError,
			)

	def validate_reviewer_roles(self):
		forbidden = [role for role in self.get_roles() if role in FORBIDDEN_REVIEWER_ROLES]
		if forbidden:
			frappe.throw(
				_("{0} cannot be a reviewer role: every user (or no one in particular) has it.").format(
					", ".join(bold(_(role)) for role in forbidden)
				),
				ForbiddenReviewerRoleError,
			)

	def validate_condition(self):
		if not (self.condition or "").strip():
			return
		try:
			ast.parse(self.condition.strip(), mode="eval")
			self.evaluate_condition(frappe.new_doc(self.document_type))
		except SyntaxError as error:
			frappe.throw(
				_("The condition is not a valid Python expression: {0}").format(error.msg),
				InvalidReviewRuleError,
			)
		except NameError as error:
			frappe.throw(
				_("The condition uses an unknown name: {0}").format(str(error)), InvalidReviewRuleError
			)
		except Exception:
			pass  # values of a blank document may not support the expression; real ones will

	def validate_checks(self):
		available = checks.registry()
		seen = set()
		for row in self.automatic_checks:
			row.check = (row.check or "").strip()
			if row.check not in available:
				frappe.throw(
					_("Row {0}: {1} is not a registered automatic check. Available: {2}").format(
						row.idx, bold(row.check), ", ".join(sorted(available))
					),
					InvalidReviewRuleError,
				)
			if row.check in seen:
				frappe.throw(
					_("Row {0}: the automatic check {1} is listed twice.").format(row.idx, bold(row.check)),
					InvalidReviewRuleError,
				)
			seen.add(row.check)

	# ------------------------------------------------------------------ reviewers can read

	def granted_roles(self) -> list[str]:
		return [role for role in (self.read_granted_to or "").splitlines() if role.strip()]

	def sync_read_grants(self):
		"""A reviewer must be able to open the document: an enabled rule gives its reviewer roles
		that cannot read the document type read permission (neiqin.permissions), shown in
		`read_granted_to`. Disabling the rule, removing a role or changing the document type
		takes back what only this rule granted."""
		before = self.get_doc_before_save()
		old_doctype = before.document_type if before else self.document_type
		old = [r for r in ((before and before.read_granted_to) or "").splitlines() if r.strip()]
		needed = self.get_roles() if self.enabled else []
		keep = [role for role in old if role in needed and old_doctype == self.document_type]
		release_review_read(old_doctype, [role for role in old if role not in keep], self.name)
		added = grant_review_read(self.document_type, [r for r in needed if r not in keep], self.name)
		granted = "\n".join(dict.fromkeys([*keep, *added]))
		if granted != (self.read_granted_to or ""):
			self.db_set("read_granted_to", granted, update_modified=False)
		if added:
			frappe.msgprint(
				_("Granted read permission on {0} to {1} so that they can review.").format(
					bold(_(self.document_type)), ", ".join(bold(_(role)) for role in added)
				),
				alert=True,
			)

	def warn_about_users_who_cannot_read(self):
		if not self.enabled:
			return
		blind = [
			user
			for user in self.get_users()
			if not frappe.has_permission(self.document_type, "read", user=user)
		]
		if blind:
			frappe.msgprint(
				_("{0} cannot read {1} and so cannot review; give them a role that can.").format(
					", ".join(bold(user) for user in blind), bold(_(self.document_type))
				),
				indicator="orange",
				title=_("Reviewers Without Access"),
			)

	# ------------------------------------------------------------------ used by the gate

	def get_roles(self) -> list[str]:
		return [row.role for row in self.reviewer_roles if row.role]

	def get_users(self) -> list[str]:
		return [row.user for row in self.reviewer_users if row.user]

	def evaluate_condition(self, doc) -> bool:
		"""The condition on a read-only copy of the document's values (child rows as lists of
		dicts), never on the document object: no method of it can be called."""
		safe_frappe = get_safe_globals().get("frappe")
		return bool(
			safe_eval(
				self.condition.strip(),
				None,
				{
					"doc": values_of(doc),
					"frappe": frappe._dict(utils=safe_frappe.get("utils")) if safe_frappe else None,
				},
			)
		)

	def condition_result(self, doc) -> tuple[bool, str]:
		"""(applies, error): a condition that cannot be evaluated governs (fail closed), and
		the error says why."""
		if not (self.condition or "").strip():
			return True, ""
		try:
			return self.evaluate_condition(doc), ""
		except Exception as error:
			reason = f"{type(error).__name__}: {error}"
			self.log_condition_failure(doc, reason)
			return True, reason

	def log_condition_failure(self, doc, reason: str) -> None:
		"""One Error Log per version of the rule and error a day — not one per document each
		time a list of drafts (Awaiting My Review, its number card) is checked."""
		key = (
			"neiqin:review_condition_failed:"
			+ hashlib.sha1(f"{self.name}|{self.modified}|{reason}".encode()).hexdigest()
		)
		# expires=True: a miss must not be remembered in frappe.local's cache, or every later
		# failure in the same request would be logged again
		if frappe.cache.get_value(key, expires=True):
			return
		frappe.cache.set_value(key, 1, expires_in_sec=24 * 3600)
		frappe.log_error(
			title=f"Review Rule {self.name}: condition failed on {doc.doctype} {doc.get('name')}",
			reference_doctype="Review Rule",
			reference_name=self.name,
		)

	def applies_to(self, doc) -> bool:
		"""Does the rule govern `doc`? A condition that cannot be evaluated governs (fail closed)."""
		return self.condition_result(doc)[0]


class Values(dict):
	"""Read-only values for a condition: `doc.items` is the child rows (not `dict.items`), a
	missing name is None, `doc.get(...)` works; nothing can be set or called on it."""

	__slots__ = ()

	def __getattribute__(self, name):
		if name.startswith("__"):
			return dict.__getattribute__(self, name)
		if name == "get" and not dict.__contains__(self, "get"):
			return dict.__getattribute__(self, "get")
		return dict.get(self, name)

	def _refuse(self, *args, **kwargs):
		raise TypeError("the values of a review rule condition are read-only")

	__setitem__ = __delitem__ = __setattr__ = __delattr__ = _refuse


def values_of(doc) -> Values:
	"""A detached, read-only copy of a document's values: child tables become tuples of
	read-only rows."""
	data = doc.as_dict() if isinstance(doc, Document) else dict(doc)
	return Values(
		{
			key: tuple(Values(row) for row in value) if isinstance(value, list) else value
			for key, value in data.items()
		}
	)
